import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadServiceConfig } from '@giaoviec/config';
import {
  CalendarStore,
  DeliveriesRepository,
  DigestRepository,
  PlanStore,
  ReorganizationRepository,
  ReportingRoundStore,
  TaskProjectionStore,
  WebhooksRepository,
  runMigrations,
} from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { connectTemporalClient, ensureSearchAttributes } from '@giaoviec/temporal';
import { createDeliveryWorker, ensureDigestSchedule } from './delivery/delivery-worker';
import { DeliveryDispatcher } from './delivery/dispatcher';
import { createPlanIssueWorker, createTaskWorker } from './task-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadServiceConfig();
  const logger = new Logger('worker');
  if (config.workerMetricsAddress) {
    // Before any connection: the runtime's Prometheus exporter serves the SDK's metrics (task latencies, slots, polls).
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: config.workerMetricsAddress } } } });
    logger.log(`Temporal SDK metrics on http://${config.workerMetricsAddress}/metrics`);
  }
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  // The worker may start before any API: its activities and dispatcher need the schema (the advisory lock lets both run this).
  await runMigrations(context.get(DataSource));
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const dispatcher = new DeliveryDispatcher(
    { deliveries: context.get(DeliveriesRepository), calendar: context.get(CalendarStore), webhooks: context.get(WebhooksRepository) },
    config.delivery,
  );
  try {
    const added = await ensureSearchAttributes(connection, config.temporalNamespace);
    if (added.length > 0) logger.log(`registered the search attributes ${added.join(', ')}`);
    dispatcher.start();
    const worker = await createTaskWorker({
      connection,
      namespace: config.temporalNamespace,
      deps: { taskProjection: context.get(TaskProjectionStore), calendar: context.get(CalendarStore), reportingRounds: context.get(ReportingRoundStore),
        reorganizations: context.get(ReorganizationRepository),
      },
    });
    const planIssueWorker = await createPlanIssueWorker({
      connection,
      namespace: config.temporalNamespace,
      deps: { planIssue: context.get(PlanStore), taskProjection: context.get(TaskProjectionStore) },
    });
    const deliveryWorker = await createDeliveryWorker({
      connection,
      namespace: config.temporalNamespace,
      deps: { digests: context.get(DigestRepository), calendar: context.get(CalendarStore) },
    });
    const client = await connectTemporalClient(config.temporalAddress, config.temporalNamespace);
    await ensureDigestSchedule(client).finally(() => client.connection.close());
    logger.log(`giaoviec worker polling ${config.temporalAddress} (namespace ${config.temporalNamespace})`);
    await Promise.all([worker.run(), planIssueWorker.run(), deliveryWorker.run()]); // return after SIGINT/SIGTERM, once in-flight work has finished
  } finally {
    await dispatcher.stop();
    await connection.close();
    await context.close();
  }
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
