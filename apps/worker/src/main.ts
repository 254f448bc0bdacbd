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
import { NativeConnection, Runtime, TransportError, bundleWorkflowCode } from '@temporalio/worker';
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
  const connection = await whileTemporalUnavailable(logger, () => NativeConnection.connect({ address: config.temporalAddress }));
  const dispatcher = new DeliveryDispatcher(
    { deliveries: context.get(DeliveriesRepository), calendar: context.get(CalendarStore), webhooks: context.get(WebhooksRepository) },
    config.delivery,
  );
  try {
    const added = await whileTemporalUnavailable(logger, () => ensureSearchAttributes(connection, config.temporalNamespace));
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
    await whileTemporalUnavailable(logger, () => ensureDigestSchedule(client)).finally(() => client.connection.close());
    logger.log(`giaoviec worker polling ${config.temporalAddress} (namespace ${config.temporalNamespace})`);
    await Promise.all([worker.run(), planIssueWorker.run(), deliveryWorker.run()]); // return after SIGINT/SIGTERM, once in-flight work has finished
  } finally {
    await dispatcher.stop();
    await connection.close();
    await context.close();
  }
}

/** gRPC UNAVAILABLE and DEADLINE_EXCEEDED: Temporal restarting or busy recovering (seen after a kill -9 of its server). */
const TRANSIENT_GRPC_CODES = new Set([4, 14]);
const TEMPORAL_WAIT_MS = 180_000;

/**
 * Runs a start-up call to Temporal again while Temporal is unavailable, for up to three minutes: a worker
 * started while its server restarts waits for it instead of exiting (and crash-looping under a supervisor).
 */
async function whileTemporalUnavailable<T>(logger: Logger, call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TEMPORAL_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const transient = (typeof code === 'number' && TRANSIENT_GRPC_CODES.has(code)) || error instanceof TransportError;
      if (!transient || Date.now() > deadline) throw error;
      logger.warn(`Temporal is not available yet (${(error as Error).message}); trying again`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5000)));
    }
  }
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
