import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import { createRepositories, openDataSource, runMigrations } from '@giaoviec/persistence';
import { dropDatabase, ensureDatabase } from '@giaoviec/infra';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createPlanIssueWorker, createTaskWorker } from '../../apps/worker/src/task-worker';
import { testServices } from './test-services';
import { loadWorkflowBundle } from './workflow-bundle';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Keeps `npm test` readable: the SDK logs warnings and errors only, not every worker state change. */
function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' } } } });
  } catch {
    // Already installed in this process (another test file): it is quiet already.
  }
}

/** The workflow code: bundled once per run by the global setup (test/support/workflow-bundle.ts). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= loadWorkflowBundle();
  return bundle;
}

/** A fresh database with every migration applied, dropped again by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; dataSource: DataSource; drop(): Promise<void> }> {
  const { postgresAdminUrl } = testServices();
  const name = `giaoviec_test_${randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(postgresAdminUrl, name);
  const dataSource = await openDataSource(url);
  await runMigrations(dataSource);
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await dropDatabase(postgresAdminUrl, name);
    },
  };
}

export type WorkerDeps = Parameters<typeof createTaskWorker>[0]['deps'] & Parameters<typeof createPlanIssueWorker>[0]['deps'];

/** A running worker (task queue and plan-issue queue) on the real Temporal server, writing its projections to `dataSource`. */
export async function startTestWorker(
  dataSource: DataSource,
  /** Lets a test wrap a dependency (e.g. pause plan issuing half-way). */
  wrapDeps: (deps: WorkerDeps) => WorkerDeps = (deps) => deps,
): Promise<{ worker: Worker; stop(): Promise<void> }> {
  installQuietRuntime();
  const { temporalAddress } = testServices();
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const repositories = createRepositories(dataSource);
  const deps = wrapDeps({
    taskProjection: repositories.taskProjection,
    calendar: repositories.calendar,
    planIssue: repositories.plans,
    reportingRounds: repositories.reportingRounds,
    reorganizations: repositories.reorganizations,
  });
  const worker = await createTaskWorker({ connection, namespace: 'default', deps, workflowBundle: await workflowBundle() });
  const planIssueWorker = await createPlanIssueWorker({ connection, namespace: 'default', deps, workflowBundle: await workflowBundle() });
  const running = Promise.all([worker.run(), planIssueWorker.run()]);
  return {
    worker,
    stop: async () => {
      worker.shutdown();
      planIssueWorker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export async function connectTestClient(): Promise<Client> {
  const connection = await Connection.connect({ address: testServices().temporalAddress });
  return new Client({ connection, namespace: 'default' });
}

export interface TestStack {
  app: INestApplication;
  http: ReturnType<typeof request>;
  client: Client;
  dataSource: DataSource;
  tokenFor(user: { sub: string; role: string; agency?: string; name?: string }): Promise<string>;
  /** Stops the stack's own worker (a test may then run workers of its own); idempotent. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** API and worker against the real services, as `npm start` runs them, on a fresh database. */
export async function startTestStack(env: Record<string, string> = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  const worker = await startTestWorker(database.dataSource);
  let workerStopped: Promise<void> | undefined;
  const config = loadConfig({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: testServices().temporalAddress,
    AUTH_MODE: 'dev',
    LOG_LEVEL: 'error',
    ...env,
  }) as ReturnType<typeof loadConfig> & { databaseUrl: string; temporalAddress: string };
  const app = await createApiApp(config);
  await app.init();
  const http = request(app.getHttpServer());
  const client = await connectTestClient();
  return {
    app,
    http,
    client,
    dataSource: database.dataSource,
    tokenFor: async (user) => {
      const response = await http.post('/api/auth/dev-token').send(user).expect(200);
      return response.body.token as string;
    },
    stopWorker: () => (workerStopped ??= worker.stop()),
    close: async () => {
      await app.close();
      await (workerStopped ??= worker.stop());
      await client.connection.close();
      await database.drop();
    },
  };
}
