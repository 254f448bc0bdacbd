/**
 * `npm run bench:issue`: how fast issuing a plan starts task workflows, next to the bare
 * `client.workflow.start` of an empty workflow on the same Temporal server.
 *
 * Creates its own database (on DATABASE_URL's server when set, else on an embedded PostgreSQL in a
 * temporary folder) and uses TEMPORAL_ADDRESS when set, else an in-memory Temporal dev server; runs a
 * real worker (workflows bundled from dist/workflows), imports a synthetic plan of N single-agency
 * tasks through the same PlanStore the API uses and issues it with `planIssueWorkflow`, timed from
 * the start to the workflow's result (every task workflow started and its first event projected to
 * PostgreSQL). Then it times N bare starts of an empty workflow on a task queue no worker polls (so
 * only the start itself counts), with BENCH_CONCURRENCY starts in flight. It prints both rates and
 * their ratio, and cleans up after itself (terminates what it started, drops its database), also on
 * Ctrl-C.
 *
 * Environment: BENCH_TASKS (N, default 500), BENCH_CONCURRENCY (default 50), DATABASE_URL,
 * TEMPORAL_ADDRESS.
 */
import 'reflect-metadata';
import { PLAN_ISSUE_TASK_QUEUE, TASK_QUEUE, planIssueWorkflowStartOptions, type PlanIssueResult } from '@giaoviec/contracts';
import { startEmbeddedPostgres, startTemporalDevServer } from '@giaoviec/infra';
import { createRepositories } from '@giaoviec/persistence';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPlanIssueWorker, createTaskWorker } from '../apps/worker/src/task-worker';
import { forEachConcurrently, importSyntheticPlan, positiveInteger } from './bench-plan';
import { onCleanup, openBenchDatabase, runBenchmark } from './bench-runner';

const EMPTY_QUEUE = 'giaoviec-bench-empty';

async function main(): Promise<void> {
  const tasks = positiveInteger('BENCH_TASKS', 500);
  const concurrency = positiveInteger('BENCH_CONCURRENCY', 50);
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-bench-issue-'));
  onCleanup(async () => fs.rmSync(root, { recursive: true, force: true }));
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    console.log(`Starting an embedded PostgreSQL in ${root} (set DATABASE_URL to use another server)…`);
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres') });
    onCleanup(() => postgres.stop());
    adminUrl = postgres.adminUrl;
  }
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    console.log('Starting an in-memory Temporal dev server (set TEMPORAL_ADDRESS to use another server)…');
    const temporal = await startTemporalDevServer({ ui: false });
    onCleanup(() => temporal.stop());
    temporalAddress = temporal.address;
  }

  const { dataSource } = await openBenchDatabase(adminUrl);

  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  onCleanup(() => workerConnection.close());
  const repositories = createRepositories(dataSource);
  const deps = {
    taskProjection: repositories.taskProjection,
    calendar: repositories.calendar,
    planIssue: repositories.plans,
    reportingRounds: repositories.reportingRounds,
    reorganizations: repositories.reorganizations,
  };
  const workers = [
    await createTaskWorker({ connection: workerConnection, namespace: 'default', deps }),
    await createPlanIssueWorker({ connection: workerConnection, namespace: 'default', deps }),
  ];
  const running = Promise.all(workers.map((worker) => worker.run()));
  onCleanup(async () => {
    for (const worker of workers) worker.shutdown();
    await running;
  });
  const connection = await Connection.connect({ address: temporalAddress });
  onCleanup(() => connection.close());
  const client = new Client({ connection, namespace: 'default' });
  const started: string[] = [];
  onCleanup(() =>
    forEachConcurrently(started, concurrency, (workflowId) => client.workflow.getHandle(workflowId).terminate('benchmark').then(() => undefined, () => undefined)),
  );

  const tag = Array.from(randomBytes(6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  console.log(`giaoviec issue benchmark: ${tasks} tasks, ${os.cpus().length} CPUs, Temporal ${process.env.TEMPORAL_ADDRESS ? temporalAddress : 'dev server (in memory)'}\n`);

  // 1. A plan of N synthetic tasks, each to one agency, issued as the API issues it.
  const planId = await importSyntheticPlan(repositories.plans, `BENCH-${tag}`, tasks);
  const issueStarted = performance.now();
  const handle = await client.workflow.start(
    'planIssueWorkflow',
    planIssueWorkflowStartOptions({ planId, planCode: `BENCH-${tag}`, issuedAt: new Date().toISOString(), issuedBy: { sub: 'bench', role: 'coordinator' } }),
  );
  const result = (await handle.result()) as PlanIssueResult;
  const issueSeconds = (performance.now() - issueStarted) / 1000;
  if (process.env.BENCH_TRACE) await printTimeline(client, handle.workflowId);
  const rows: { workflow_id: string }[] = await dataSource.query(`SELECT workflow_id FROM tasks WHERE plan_id = $1`, [planId]);
  started.push(...rows.map((row) => row.workflow_id));
  if (result.issued !== tasks || rows.length !== tasks) throw new Error(`issued ${result.issued}, projected ${rows.length}, expected ${tasks}`);

  // 1b. Issuing again starts nothing: every start is refused as a duplicate.
  const againStarted = performance.now();
  const again = (await (
    await client.workflow.start(
      'planIssueWorkflow',
      planIssueWorkflowStartOptions({ planId, planCode: `BENCH-${tag}`, issuedAt: new Date().toISOString(), issuedBy: { sub: 'bench', role: 'coordinator' } }),
    )
  ).result()) as PlanIssueResult;
  const againSeconds = (performance.now() - againStarted) / 1000;
  if (again.issued !== 0 || again.alreadyRunning !== tasks) throw new Error(`issuing again: ${JSON.stringify(again)}`);

  // 2. N bare starts of an empty workflow (no worker polls its queue: only the start is timed).
  const bareStarted = performance.now();
  await forEachConcurrently(
    Array.from({ length: tasks }, (_, i) => `bench-empty:${tag}:${i}`),
    concurrency,
    async (workflowId) => {
      await client.workflow.start('benchEmptyWorkflow', { taskQueue: EMPTY_QUEUE, workflowId, workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      started.push(workflowId);
    },
  );
  const bareSeconds = (performance.now() - bareStarted) / 1000;

  const issueRate = tasks / issueSeconds;
  const bareRate = tasks / bareSeconds;
  const line = (label: string, seconds: number, rate: number) =>
    `${label.padEnd(52)} ${seconds.toFixed(2).padStart(8)} s ${rate.toFixed(0).padStart(8)} tasks/s`;
  console.log(line(`plan issue (planIssueWorkflow, ${tasks} task workflows)`, issueSeconds, issueRate));
  console.log(line(`plan issued again (${tasks} refused as already running)`, againSeconds, tasks / againSeconds));
  console.log(line(`bare client.workflow.start × ${tasks} (${concurrency} in flight)`, bareSeconds, bareRate));
  console.log(`${'ratio (plan issue ÷ bare start)'.padEnd(52)} ${(issueRate / bareRate).toFixed(2).padStart(10)}`);
  console.log(
    `\nThe plan issue runs on ${PLAN_ISSUE_TASK_QUEUE}, its task workflows on ${TASK_QUEUE} (the worker runs them as they start);` +
      ` it includes projecting each task's first event to PostgreSQL.`,
  );
}

const EVENT_NAMES: Record<number, string> = {
  1: 'workflow started',
  2: 'workflow completed',
  5: 'workflow task scheduled',
  6: 'workflow task started',
  7: 'workflow task completed',
  10: 'activity scheduled',
  11: 'activity started',
  12: 'activity completed',
  29: 'child start initiated',
  31: 'child started',
  40: 'workflow continued as new',
};

/** Where the plan issue spent its time, from its history (BENCH_TRACE=1). */
async function printTimeline(client: Client, workflowId: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const t0 = Number(events[0]?.eventTime?.seconds ?? 0) * 1000 + (events[0]?.eventTime?.nanos ?? 0) / 1e6;
  let previous = '';
  let count = 0;
  let since = 0;
  const flush = (at: number) => {
    if (previous) console.log(`  ${String(since.toFixed(0)).padStart(7)} ms … ${String(at.toFixed(0)).padStart(7)} ms  ${previous}${count > 1 ? ` ×${count}` : ''}`);
  };
  for (const event of events) {
    const at = Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6 - t0;
    const type = EVENT_NAMES[Number(event.eventType)] ?? String(event.eventType);
    if (type === previous) {
      count += 1;
      continue;
    }
    flush(at);
    previous = type;
    count = 1;
    since = at;
  }
  flush(since);
}

runBenchmark(main);
