/**
 * `npm run bench:scale`: how much one machine holds, each figure beside a baseline measured in the same run
 * on the same Temporal server and PostgreSQL.
 *
 * - issue and settle throughput of a BENCH_TASKS-task plan (default 1,000) — issue: until `planIssueWorkflow`
 *   answers (every task workflow started, first events batched into PostgreSQL); settle: until every task
 *   workflow has run its first workflow task (its search attributes are visible) — against BENCH_TASKS bare
 *   starts of a workflow that runs one local activity, until all have completed;
 * - timer lateness during the issue: BENCH_PROBES second-scale task workflows started with the plan, each
 *   with an acknowledge reminder, a reminder before due and an overdue alarm; lateness = recorded − planned;
 * - a progress command (Temporal update + projection, as the API sends it) until the read model shows it,
 *   against a bare update round trip to a workflow that only answers;
 * - worker memory per cached task workflow (RSS growth while the plan's workflows enter the cache);
 * - PostgreSQL and Temporal disk per task;
 * - BENCH_OPEN (default 10,000) open task workflows with live timers: issued, all running, zero errors.
 *
 * Temporal: TEMPORAL_ADDRESS when set; TEMPORAL_MODE=server runs Temporal Server 1.29 on the benchmark's
 * PostgreSQL; else the dev server with a database file (as `npm start`). PostgreSQL: DATABASE_URL, else embedded.
 */
import 'reflect-metadata';
import { TASK_QUEUE, acknowledgeUpdate, planIssueWorkflowStartOptions, reportProgressUpdate, taskWorkflowId, taskWorkflowStartOptions, type PlanIssueResult, type TaskWorkflowInput } from '@giaoviec/contracts';
import { resolvePolicy } from '@giaoviec/domain';
import { dropDatabase, startEmbeddedPostgres, startTemporalDevServer, startTemporalServer, temporalDatabases, withDatabase } from '@giaoviec/infra';
import { createRepositories } from '@giaoviec/persistence';
import { ensureSearchAttributes } from '@giaoviec/temporal';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { WORKFLOWS_PATH, createPlanIssueWorker, createTaskWorker } from '../apps/worker/src/task-worker';
import { forEachConcurrently, importSyntheticPlan, positiveInteger } from './bench-plan';
import { onCleanup, openBenchDatabase, runBenchmark } from './bench-runner';

const BENCH_QUEUE = 'giaoviec-bench-scale';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rows: string[][] = [];
const row = (measure: string, value: string, baseline = '', ratio = '') => rows.push([measure, value, baseline, ratio]);

async function main(): Promise<void> {
  const tasks = positiveInteger('BENCH_TASKS', 1000);
  const probes = positiveInteger('BENCH_PROBES', 5);
  const open = positiveInteger('BENCH_OPEN', 10_000);
  const concurrency = positiveInteger('BENCH_CONCURRENCY', 50);
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-bench-scale-'));
  onCleanup(async () => fs.rmSync(root, { recursive: true, force: true }));
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres') });
    onCleanup(() => postgres.stop());
    adminUrl = postgres.adminUrl;
  }
  const { dataSource } = await openBenchDatabase(adminUrl);
  const temporal = await startTemporal(adminUrl, root);

  const connection = await Connection.connect({ address: temporal.address });
  onCleanup(() => connection.close());
  const client = new Client({ connection });
  const workerConnection = await NativeConnection.connect({ address: temporal.address });
  onCleanup(() => workerConnection.close());
  const repositories = createRepositories(dataSource);
  const deps = {
    taskProjection: repositories.taskProjection,
    calendar: repositories.calendar,
    planIssue: repositories.plans,
    reportingRounds: repositories.reportingRounds,
    reorganizations: repositories.reorganizations,
  };
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  const workers = [
    await createTaskWorker({ connection: workerConnection, namespace: 'default', deps, workflowBundle }),
    await createPlanIssueWorker({ connection: workerConnection, namespace: 'default', deps, workflowBundle }),
    await Worker.create({
      connection: workerConnection,
      taskQueue: BENCH_QUEUE,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./bench-workflows'), logger: quietLogger }),
      activities: { touch: async () => undefined },
    }),
  ];
  const running = Promise.all(workers.map((worker) => worker.run()));
  onCleanup(async () => {
    for (const worker of workers) worker.shutdown();
    await running;
  });
  const tag = Array.from(randomBytes(6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  console.log(`giaoviec scale benchmark: ${tasks}-task plan, ${open} open workflows, ${os.cpus().length} CPUs, Temporal ${temporal.label}\n`);

  // 1. Baseline: bare starts of a workflow with one local activity, until all have completed.
  const bareStarted = performance.now();
  await forEachConcurrently(
    Array.from({ length: tasks }, (_, i) => `bench-la:${tag}:${i}`),
    concurrency,
    async (workflowId) => {
      await client.workflow.execute('benchLocalActivityWorkflow', { taskQueue: BENCH_QUEUE, workflowId });
    },
  );
  const bareRate = tasks / ((performance.now() - bareStarted) / 1000);

  // 2. The plan issue, with second-scale probe tasks running through it.
  const diskBefore = await diskUsage(dataSource, temporal);
  const memoryBefore = process.memoryUsage().rss;
  const planCode = `SCALE-${tag}`;
  const planId = await importSyntheticPlan(repositories.plans, planCode, tasks);
  const probeIds = await startProbes(client, probes, tag);
  const issueStarted = performance.now();
  const result = (await client.workflow.execute(
    'planIssueWorkflow',
    planIssueWorkflowStartOptions({ planId, planCode, issuedAt: new Date().toISOString(), issuedBy: { sub: 'bench', role: 'coordinator' } }),
  )) as PlanIssueResult;
  const issueSeconds = (performance.now() - issueStarted) / 1000;
  if (result.issued !== tasks) throw new Error(`issued ${result.issued} of ${tasks}`);
  await waitUntil(async () => (await client.workflow.count(`GiaoviecPlan = "${planCode}"`)).count >= tasks, 600_000);
  const settleSeconds = (performance.now() - issueStarted) / 1000;
  const memoryAfter = process.memoryUsage().rss;
  row(`plan issue, ${tasks} tasks (started + first events in PostgreSQL)`, `${(tasks / issueSeconds).toFixed(0)}/s`, `${bareRate.toFixed(0)}/s bare start+local activity`, (tasks / issueSeconds / bareRate).toFixed(2));
  row(`plan settle, ${tasks} tasks (every workflow ran its first task)`, `${(tasks / settleSeconds).toFixed(0)}/s`, `${bareRate.toFixed(0)}/s`, (tasks / settleSeconds / bareRate).toFixed(2));

  const { lateness, missed } = await probeLateness(dataSource, probeIds);
  row(
    `timer lateness during the issue (${lateness.length} alarms fired, ${missed} reminders skipped as past)`,
    `p50 ${ms(percentile(lateness, 50))} p95 ${ms(percentile(lateness, 95))} max ${ms(Math.max(...lateness))}`,
    'on time: 0 ms',
  );

  // 3. A command to the read model, against a bare update round trip.
  const commandMs = await progressToReadModel(client, dataSource, probeIds[0], 20);
  const updateMs = await bareUpdates(client, tag, 20);
  row('progress command → read model (update + projection)', `p50 ${ms(percentile(commandMs, 50))} p95 ${ms(percentile(commandMs, 95))}`, `p50 ${ms(percentile(updateMs, 50))} p95 ${ms(percentile(updateMs, 95))} bare update`, (percentile(commandMs, 50) / percentile(updateMs, 50)).toFixed(2));

  const diskAfter = await diskUsage(dataSource, temporal);
  row('worker memory per cached task workflow (RSS growth)', `${((memoryAfter - memoryBefore) / tasks / 1024).toFixed(1)} KiB`);
  row('PostgreSQL disk per task', `${((diskAfter.postgres - diskBefore.postgres) / tasks / 1024).toFixed(1)} KiB`);
  row(`Temporal disk per task (${temporal.label})`, diskAfter.temporal === undefined ? 'n/a' : `${(((diskAfter.temporal ?? 0) - (diskBefore.temporal ?? 0)) / tasks / 1024).toFixed(1)} KiB`);

  // 4. Many open task workflows with live timers.
  const openCode = `OPEN-${tag}`;
  const openPlanId = await importSyntheticPlan(repositories.plans, openCode, open);
  const openStarted = performance.now();
  const openResult = (await client.workflow.execute(
    'planIssueWorkflow',
    planIssueWorkflowStartOptions({ planId: openPlanId, planCode: openCode, issuedAt: new Date().toISOString(), issuedBy: { sub: 'bench', role: 'coordinator' } }),
  )) as PlanIssueResult;
  await waitUntil(async () => (await client.workflow.count(`GiaoviecPlan = "${openCode}"`)).count >= open, 1_800_000);
  const openSeconds = (performance.now() - openStarted) / 1000;
  const runningCount = (await client.workflow.count(`GiaoviecPlan = "${openCode}" AND ExecutionStatus = "Running"`)).count;
  const projected = Number((await dataSource.query(`SELECT count(*) FROM tasks WHERE plan_id = $1`, [openPlanId]))[0].count);
  const errors = open - Math.min(openResult.issued, runningCount, projected);
  row(`${open} open task workflows with live timers`, `${runningCount} running, ${projected} in PostgreSQL, ${errors} errors`, `${(open / openSeconds).toFixed(0)}/s issued`);

  printTable();
  await forEachConcurrently(
    [...probeIds, ...(await listIds(client, `GiaoviecPlan = "${planCode}" OR GiaoviecPlan = "${openCode}"`))],
    concurrency,
    (workflowId) => client.workflow.getHandle(workflowId).terminate('benchmark').then(() => undefined, () => undefined),
  );
}

interface BenchTemporal {
  address: string;
  label: string;
  dbFile?: string;
  databases?: string[];
}

async function startTemporal(adminUrl: string, root: string): Promise<BenchTemporal> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS, label: `at ${process.env.TEMPORAL_ADDRESS}` };
  if (process.env.TEMPORAL_MODE === 'server') {
    const databaseUrl = withDatabase(adminUrl, `temporal_bench_${randomBytes(3).toString('hex')}`);
    const server = await startTemporalServer({ databaseUrl, stateDir: path.join(root, 'temporal-server') });
    const databases = Object.values(temporalDatabases(databaseUrl));
    onCleanup(async () => {
      await server.stop();
      for (const database of databases) await dropDatabase(adminUrl, database);
    });
    const connection = await Connection.connect({ address: server.address });
    await ensureSearchAttributes(connection, 'default').finally(() => connection.close());
    return { address: server.address, label: 'Server 1.29 on PostgreSQL', databases };
  }
  const dbFile = path.join(root, 'temporal', 'temporal.db');
  const server = await startTemporalDevServer({ dbFile, ui: false });
  onCleanup(() => server.stop());
  return { address: server.address, label: 'dev server (SQLite file)', dbFile };
}

async function diskUsage(dataSource: DataSource, temporal: BenchTemporal): Promise<{ postgres: number; temporal?: number }> {
  const [{ size }] = await dataSource.query(`SELECT pg_database_size(current_database())::bigint AS size`);
  let temporalBytes: number | undefined;
  if (temporal.dbFile) {
    temporalBytes = ['', '-wal', '-shm'].map((suffix) => temporal.dbFile + suffix).filter((file) => fs.existsSync(file)).reduce((sum, file) => sum + fs.statSync(file).size, 0);
  } else if (temporal.databases) {
    const sizes: { size: string }[] = await dataSource.query(`SELECT pg_database_size(datname)::bigint AS size FROM pg_database WHERE datname = ANY($1)`, [temporal.databases]);
    temporalBytes = sizes.reduce((sum, entry) => sum + Number(entry.size), 0);
  }
  return { postgres: Number(size), temporal: temporalBytes };
}

/** Second-scale task workflows: acknowledge reminder after 2 s, reminder 3 s before due, overdue at due (8 s + 2 s each). */
async function startProbes(client: Client, count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const taskId = randomUUID();
    const input: TaskWorkflowInput = {
      taskId,
      planId: null,
      planCode: `PROBE-${tag}`,
      taskRef: taskId,
      title: `Nhiệm vụ đo độ trễ số ${i + 1}`,
      description: null,
      leadAgency: 'STC',
      coordinatingAgencies: [],
      dueAt: new Date(Date.now() + 8000 + 2000 * i).toISOString(),
      assignedAt: new Date().toISOString(),
      policy: resolvePolicy(undefined, { acknowledgeWithin: 'PT2S', acknowledgeEscalateAfter: 'PT1H', remindBefore: ['PT3S'], escalateAfter: [] }),
      assignedBy: { sub: 'bench', role: 'coordinator' },
      coordinatorAgency: 'SKHDT',
    };
    const workflowId = taskWorkflowId(input.planCode, input.taskRef, input.leadAgency);
    await client.workflow.start('taskWorkflow', taskWorkflowStartOptions(workflowId, input));
    ids.push(workflowId);
  }
  return ids;
}

/**
 * Recorded − planned moment of every probe alarm that fired, once every probe is overdue (overdue always
 * fires; a reminder whose moment passed before the worker got to it is skipped: counted as missed).
 */
async function probeLateness(dataSource: DataSource, workflowIds: string[]): Promise<{ lateness: number[]; missed: number }> {
  const wanted = ['acknowledge_reminder_sent', 'reminder_sent', 'overdue'];
  let events: { workflow_id: string; type: string; at: Date; assigned_at: Date; due_at: Date }[] = [];
  await waitUntil(async () => {
    events = await dataSource.query(
      `SELECT e.workflow_id, e.type, e.at, t.assigned_at, t.original_due_at AS due_at FROM task_events e JOIN tasks t ON t.workflow_id = e.workflow_id
       WHERE e.workflow_id = ANY($1) AND e.type = ANY($2)`,
      [workflowIds, wanted],
    );
    return events.filter((event) => event.type === 'overdue').length >= workflowIds.length;
  }, 600_000);
  const lateness = events.map((event) => {
    const planned =
      event.type === 'acknowledge_reminder_sent' ? event.assigned_at.getTime() + 2000 : event.type === 'reminder_sent' ? event.due_at.getTime() - 3000 : event.due_at.getTime();
    return Math.max(0, event.at.getTime() - planned);
  });
  return { lateness, missed: workflowIds.length * wanted.length - events.length };
}

async function progressToReadModel(client: Client, dataSource: DataSource, workflowId: string, count: number): Promise<number[]> {
  const actor = { sub: 'bench', role: 'agency' as const, agency: 'STC' };
  // Progress is for an acknowledged task: the probe (overdue, never acknowledged) is acknowledged first.
  await client.workflow.getHandle(workflowId).executeUpdate(acknowledgeUpdate, { args: [{ actor }] });
  const times: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    const started = performance.now();
    await client.workflow.getHandle(workflowId).executeUpdate(reportProgressUpdate, { args: [{ percent: i, note: `Tiến độ ${i}%`, actor }] });
    await waitUntil(async () => Number((await dataSource.query(`SELECT progress_percent FROM tasks WHERE workflow_id = $1`, [workflowId]))[0]?.progress_percent) === i, 30_000, 5);
    times.push(performance.now() - started);
  }
  return times;
}

async function bareUpdates(client: Client, tag: string, count: number): Promise<number[]> {
  const handle = await client.workflow.start('benchUpdateWorkflow', { taskQueue: BENCH_QUEUE, workflowId: `bench-update:${tag}` });
  onCleanup(() => handle.terminate('benchmark').then(() => undefined, () => undefined));
  const times: number[] = [];
  for (let i = 1; i <= count; i += 1) {
    const started = performance.now();
    await handle.executeUpdate('benchPing', { args: [i] });
    times.push(performance.now() - started);
  }
  return times;
}

async function listIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs / 1000} s`);
    await sleep(pollMs);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function printTable(): void {
  const header = ['measure', 'giaoviec', 'baseline (same run)', 'ratio'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cells of rows) console.log(line(cells));
  console.log(`\nTASK_QUEUE ${TASK_QUEUE}; ratio: giaoviec ÷ baseline (throughput: aim ≥ 0.8; command latency: aim ≤ 2).`);
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};

runBenchmark(main);
