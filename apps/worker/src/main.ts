import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadServiceConfig } from '@giaoviec/config';
import { CalendarStore, DeliveriesRepository, DigestRepository, PlanStore, ReorganizationRepository, ReportingRoundStore, TaskProjectionStore, WebhooksRepository } from '@giaoviec/persistence';
import { NativeConnection } from '@temporalio/worker';
import { connectTemporalClient } from '@giaoviec/temporal';
import { createDeliveryWorker, ensureDigestSchedule } from './delivery/delivery-worker';
import { DeliveryDispatcher } from './delivery/dispatcher';
import { createPlanIssueWorker, createTaskWorker } from './task-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadServiceConfig();
  const logger = new Logger('worker');
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const dispatcher = new DeliveryDispatcher(
    { deliveries: context.get(DeliveriesRepository), calendar: context.get(CalendarStore), webhooks: context.get(WebhooksRepository) },
    config.delivery,
  );
  try {
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
