import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadServiceConfig } from '@giaoviec/config';
import { createPinoLogger, temporalCoreLogFilter, temporalPinoLogger } from '@giaoviec/infra';
import { Logger as PinoNestLogger } from 'nestjs-pino';
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
import { NativeConnection, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { connectTemporalClient, ensureSearchAttributes } from '@giaoviec/temporal';
import { createDeliveryWorker, ensureDigestSchedule } from './delivery/delivery-worker';
import { DeliveryDispatcher } from './delivery/dispatcher';
import { WORKFLOWS_PATH, createPlanIssueWorker, createTaskWorker } from './task-worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadServiceConfig();
  // One pino logger for everything the worker says: Nest's lines, the SDK's (worker states, activity and
  // workflow lines with their workflow id, run id and activity type) and the SDK core's, forwarded.
  const pinoLogger = createPinoLogger(config, 'worker');
  const sdkLogger = temporalPinoLogger(pinoLogger);
  // Before any connection: the runtime's logger, and its Prometheus exporter for the SDK's metrics (task latencies, slots, polls).
  Runtime.install({
    logger: sdkLogger,
    telemetryOptions: {
      logging: { filter: temporalCoreLogFilter(config), forward: {} },
      ...(config.workerMetricsAddress ? { metrics: { prometheus: { bindAddress: config.workerMetricsAddress } } } : {}),
    },
  });
  // The workflow code, bundled once for the three workers (each would bundle it again), while the database starts.
  // Webpack's build statistics (a screenful) are for debugging, not the operator's INFO stream.
  const bundling = bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { ...sdkLogger, info: sdkLogger.debug } });
  bundling.catch(() => undefined); // awaited below; a failure is reported there
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, pinoLogger), { bufferLogs: true });
  context.useLogger(context.get(PinoNestLogger));
  const logger = new Logger('worker');
  if (config.workerMetricsAddress) logger.log(`Temporal SDK metrics on http://${config.workerMetricsAddress}/metrics`);
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
    const workflowBundle = await bundling;
    // Created together: each loads the bundle into its own context, which takes seconds on a busy machine.
    const [worker, planIssueWorker, deliveryWorker] = await Promise.all([
      createTaskWorker({
        connection,
        namespace: config.temporalNamespace,
        workflowBundle,
        deps: { taskProjection: context.get(TaskProjectionStore), calendar: context.get(CalendarStore), reportingRounds: context.get(ReportingRoundStore),
          reorganizations: context.get(ReorganizationRepository),
        },
      }),
      createPlanIssueWorker({
        connection,
        namespace: config.temporalNamespace,
        workflowBundle,
        deps: { planIssue: context.get(PlanStore), taskProjection: context.get(TaskProjectionStore) },
      }),
      createDeliveryWorker({
        connection,
        namespace: config.temporalNamespace,
        workflowBundle,
        deps: { digests: context.get(DigestRepository), calendar: context.get(CalendarStore) },
      }),
    ]);
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
