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
import { NativeConnection, Runtime, TransportError, bundleWorkflowCode } from '@temporalio/worker';
import { connectTemporalClient, ensureSearchAttributes } from '@giaoviec/temporal';
import { createDeliveryWorker, ensureDigestSchedule } from './delivery/delivery-worker';
import { DeliveryDispatcher } from './delivery/dispatcher';
import { WORKFLOWS_PATH, createPlanIssueWorker, createTaskWorker } from './task-worker';
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
  const connection = await whileTemporalUnavailable(logger, () => NativeConnection.connect({ address: config.temporalAddress }));
  const dispatcher = new DeliveryDispatcher(
    { deliveries: context.get(DeliveriesRepository), calendar: context.get(CalendarStore), webhooks: context.get(WebhooksRepository) },
    config.delivery,
  );
  try {
    const added = await whileTemporalUnavailable(logger, () => ensureSearchAttributes(connection, config.temporalNamespace));
    if (added.length > 0) logger.log(`registered the search attributes ${added.join(', ')}`);
    dispatcher.start();
    // One bundle for the three workers (same workflow code): each bundling its own tripled the start-up,
    // which after a crash is time the task timers wait.
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: bundlerLogger(logger) });
    const worker = await createTaskWorker({
      connection,
      namespace: config.temporalNamespace,
      workflowBundle,
      deps: { taskProjection: context.get(TaskProjectionStore), calendar: context.get(CalendarStore), reportingRounds: context.get(ReportingRoundStore),
        reorganizations: context.get(ReorganizationRepository),
      },
    });
    const planIssueWorker = await createPlanIssueWorker({
      connection,
      namespace: config.temporalNamespace,
      workflowBundle,
      deps: { planIssue: context.get(PlanStore), taskProjection: context.get(TaskProjectionStore) },
    });
    const deliveryWorker = await createDeliveryWorker({
      connection,
      namespace: config.temporalNamespace,
      workflowBundle,
      deps: { digests: context.get(DigestRepository), calendar: context.get(CalendarStore) },
    });
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

/** The bundler's own messages: warnings and errors only. */
function bundlerLogger(logger: Logger) {
  const quiet = () => undefined;
  return { trace: quiet, debug: quiet, info: quiet, log: quiet, warn: (message: string) => logger.warn(message), error: (message: string) => logger.error(message) };
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
