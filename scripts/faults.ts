/**
 * `npm run test:faults`: nothing is lost or done twice when processes die.
 *
 * Runs the real processes — embedded PostgreSQL, the Temporal dev server (state in a database file), one
 * worker and two API processes spawned from dist as `npm start` spawns them — then, while a plan of
 * FAULTS_TASKS (default 1,000) tasks is issued and FAULTS_LIFECYCLES (default 12) second-scale task
 * lifecycles run with every command sent through the API with an Idempotency-Key (and retried, as a real
 * client retries), it kills with SIGKILL the worker, an API process, the Temporal server and PostgreSQL —
 * each at least once, in a seeded random order at seeded random moments (FAULTS_SEED, printed) — and
 * starts each again. Afterwards it compares every task's live state (query) with the read model and
 * counts tasks lost or started twice, events and notifications missing or duplicated, deliveries missing.
 * Ends with `faults: <n> kills, lost 0, duplicated 0, mismatched 0`, exit code 1 otherwise.
 */
import { HANOI_AGENCIES } from '@giaoviec/domain';
import { ensureDatabase, freePort, startMailCatcher } from '@giaoviec/infra';
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { checkAfterFaults, type LifecycleRecord } from './faults-check';
import { FaultTolerantClient, type ApiAnswer } from './faults-client';
import { NodeServiceTarget, PostgresTarget, TemporalTarget, waitForHttp, waitForOutput, type FaultTarget } from './faults-processes';

const started = Date.now();
const log = (line: string) => console.log(`[faults ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LIFECYCLE_AGENCIES = ['STC', 'CT-HN', 'SCT'];

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function positiveInteger(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not ${process.env[name]}`);
  return value;
}

async function main(): Promise<number> {
  const seed = process.env.FAULTS_SEED ? Number(process.env.FAULTS_SEED) : randomBytes(4).readUInt32BE();
  const random = seededRandom(seed);
  const planTasks = positiveInteger('FAULTS_TASKS', 1000);
  const lifecycleCount = positiveInteger('FAULTS_LIFECYCLES', 12);
  log(`seed ${seed} (FAULTS_SEED=${seed} repeats this run's kill order and moments), ${planTasks}-task plan, ${lifecycleCount} lifecycles`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-faults-'));
  const dist = path.resolve(__dirname, '..');
  stops.push(async () => fs.rmSync(root, { recursive: true, force: true }));
  try {
    const postgres = new PostgresTarget(path.join(root, 'postgres'));
    const temporal = new TemporalTarget(path.join(root, 'temporal', 'temporal.db'));
    await Promise.all([postgres.start(), temporal.start()]);
    stops.push(() => postgres.stop(), () => temporal.stop());
    log('PostgreSQL and Temporal are up; starting the worker and two API processes');
    const databaseUrl = await ensureDatabase(postgres.adminUrl, 'giaoviec');
    const mail = await startMailCatcher();
    stops.push(() => mail.stop());
    const apiPorts = [await freePort(), await freePort()];
    const env = (): NodeJS.ProcessEnv => {
      const { TEMPORAL_MODE: _mode, TEMPORAL_DATABASE_URL: _database, ...parent } = process.env;
      return {
        ...parent,
        DATABASE_URL: databaseUrl,
        TEMPORAL_ADDRESS: temporal.address,
        AUTH_MODE: 'dev',
        JWT_SECRET: 'faults-test-secret-shared-by-both-api-processes',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        SMTP_URL: mail.smtpUrl,
        DELIVERY_RETRY_INITIAL_MS: '500',
        DELIVERY_RETRY_MAX_MS: '2000',
        DELIVERY_POLL_INTERVAL_MS: '300',
        RATE_LIMIT_MUTATIONS_PER_USER: '1000000',
        RATE_LIMIT_MUTATIONS_PER_ADDRESS: '1000000',
        RATE_LIMIT_SIGN_IN: '1000000',
        // Not the default port: other giaoviec workers on this machine may hold it.
        WORKER_METRICS_ADDRESS: 'off',
      };
    };
    // The services' output, kept when the run fails (see the last lines printed).
    const logs = path.join(os.tmpdir(), `giaoviec-faults-logs-${seed}`);
    fs.mkdirSync(logs, { recursive: true });
    logDir = logs;
    // The worker at LOG_LEVEL=log: its readiness is its INFO line `giaoviec worker polling …`.
    const worker = new NodeServiceTarget(
      'worker',
      path.join(dist, 'apps/worker/src/main.js'),
      () => ({ ...env(), LOG_LEVEL: 'log' }),
      (child) => waitForOutput(child, /worker polling/, 180_000),
      log,
      path.join(logs, 'worker.log'),
    );
    const apis = apiPorts.map(
      (port, index) =>
        new NodeServiceTarget(
          `api-${index + 1}`,
          path.join(dist, 'apps/api/src/main.js'),
          () => ({ ...env(), PORT: String(port), HOST: '127.0.0.1' }),
          (child) => waitForHttp(`http://127.0.0.1:${port}/api/health/live`, child, 120_000),
          log,
          path.join(logs, `api-${index + 1}.log`),
        ),
    );
    services.push(worker, ...apis);
    // Both run the migrations (under an advisory lock), so they start together.
    stops.push(() => worker.stop(), ...apis.map((api) => () => api.stop()));
    await Promise.all([worker.start(), ...apis.map((api) => api.start())]);
    log(`running: PostgreSQL :${postgres.port}, Temporal ${temporal.address}, worker, API :${apiPorts.join(' and :')}`);

    const http = new FaultTolerantClient(apiPorts);
    const coordinator = await http.token({ sub: 'faults.skhdt', name: 'Sở Kế hoạch và Đầu tư', role: 'coordinator' });
    const admin = await http.token({ sub: 'faults.admin', name: 'Quản trị', role: 'admin' });
    const agencyTokens = new Map<string, string>();
    for (const agency of LIFECYCLE_AGENCIES) {
      agencyTokens.set(agency, await http.token({ sub: `faults.${agency.toLowerCase()}`, role: 'agency', agency }));
      const contacts = await http.call('PUT', `/agencies/${agency}/contacts`, {
        token: admin,
        key: `contacts-${agency}`,
        body: [{ name: `Văn thư ${agency}`, role: 'officer', email: `${agency.toLowerCase()}@faults.giaoviec.local` }],
      });
      if (contacts.status >= 300) throw new Error(`contacts of ${agency}: ${contacts.status} ${JSON.stringify(contacts.body)}`);
    }

    const plan = await importPlan(http, coordinator, planTasks);
    log(`imported plan ${plan.code} (${planTasks} tasks); issuing it and starting the lifecycles while processes are killed`);

    // The faults: each target once, in a seeded order, at seeded moments spread over the workload.
    const targets: FaultTarget[] = [worker, apis[random() < 0.5 ? 0 : 1], temporal, postgres];
    const order = targets.map((target) => ({ target, rank: random() })).sort((a, b) => a.rank - b.rank).map(({ target }) => target);
    const kills: string[] = [];
    const faults = (async () => {
      const slot = 11_000;
      for (const [index, target] of order.entries()) {
        await sleep(index === 0 ? 1500 + random() * 4000 : 1000 + random() * slot * 0.6);
        log(`kill -9 ${target.name}`);
        target.kill();
        kills.push(target.name);
        await sleep(800 + random() * 2000);
        await target.start();
        log(`${target.name} is back`);
      }
    })();

    const issue = http.call('POST', `/plans/${plan.id}/issue`, { token: coordinator, key: `issue-${plan.code}`, giveUpAfterMs: 300_000 }).then((answer) => {
      log(`plan issue answered ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer;
    });
    const lifecycleRuns = Promise.all(
      Array.from({ length: lifecycleCount }, async (_, index) => {
        await sleep(index * 1800);
        const records = await runLifecycle(http, { index, coordinator, agency: LIFECYCLE_AGENCIES[index % LIFECYCLE_AGENCIES.length], agencyTokens, random });
        log(`lifecycle ${index + 1} done`);
        return records;
      }),
    );
    // Settled together, so that one failing does not leave the others' rejections unhandled.
    const [issued, lifecycles] = await Promise.all([issue, lifecycleRuns, faults]);
    if (issued.status !== 202) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
    log(`workload done (${http.retries} client retries); waiting for the plan to settle and the deliveries to go out`);

    const pool = new Pool({ connectionString: databaseUrl, max: 4 });
    stops.push(() => pool.end());
    await waitUntil(async () => Number((await pool.query(`SELECT count(*) FROM tasks WHERE plan_id = $1`, [plan.id])).rows[0].count) >= planTasks, 180_000);
    await waitUntil(
      async () => Number((await pool.query(`SELECT count(*) FROM deliveries WHERE status <> 'sent'`)).rows[0].count) === 0 &&
        Number((await pool.query(`SELECT count(*) FROM notifications WHERE deliveries_planned_at IS NULL`)).rows[0].count) === 0,
      60_000,
    ).catch(() => undefined);
    await sleep(2000);

    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection });
    const counts = await checkAfterFaults({ pool, client, planId: plan.id, planTasks, lifecycles: lifecycles.flat(), mail: mail.messages() });
    const unexpected = [worker, ...apis].filter((service) => service.unexpectedExits > 0);
    for (const service of unexpected) counts.notes.push(`${service.name} exited by itself ${service.unexpectedExits}× (restarted, as a supervisor would)`);
    for (const [label, list] of [['lost', counts.lost], ['duplicated', counts.duplicated], ['mismatched', counts.mismatched]] as const) {
      for (const line of list.slice(0, 15)) log(`${label}: ${line}`);
      if (list.length > 15) log(`${label}: … and ${list.length - 15} more`);
    }
    for (const note of counts.notes) log(`note: ${note}`);
    const missingKinds = ['worker', 'api', 'temporal', 'postgresql'].filter((kind) => !kills.some((name) => name.startsWith(kind)));
    if (missingKinds.length) log(`not killed: ${missingKinds.join(', ')}`);
    log(`seed ${seed}; kills in order: ${kills.join(', ')}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`faults: ${kills.length} kills, lost ${counts.lost.length}, duplicated ${counts.duplicated.length}, mismatched ${counts.mismatched.length}`);
    const passed = counts.lost.length + counts.duplicated.length + counts.mismatched.length + missingKinds.length === 0;
    // Kept for a failed run; a passed run's are removed once every service has stopped (they write until then).
    if (passed) stops.unshift(async () => fs.rmSync(logs, { recursive: true, force: true }));
    else log(`the services' logs are in ${logs}`);
    return passed ? 0 : 1;
  } finally {
    await stopAll();
  }
}

/** The Node services, whose last lines a failed run prints. */
const services: NodeServiceTarget[] = [];
let logDir: string | undefined;

/** What to stop at the end, in reverse order, exactly once (also after an error or Ctrl-C). */
const stops: (() => Promise<void>)[] = [];
let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`while stopping: ${String(error)}`));
  })();
  return stopping;
}

/** A plan of `count` single-agency tasks due at the end of next year, imported through the API. */
async function importPlan(http: FaultTolerantClient, token: string, count: number): Promise<{ id: string; code: string }> {
  const agencies = HANOI_AGENCIES.map((agency) => agency.code);
  const year = new Date().getFullYear() + 1;
  const code = `FAULTS-${randomBytes(3).toString('hex').toUpperCase()}`;
  const body = {
    code,
    title: `Kế hoạch kiểm thử sự cố năm ${year}`,
    issuer: 'UBND-TP',
    year,
    sections: [{ ref: 'I', title: 'Nhiệm vụ tổng hợp' }],
    tasks: Array.from({ length: count }, (_, i) => ({
      ref: `I.${i + 1}`,
      section: 'I',
      title: `Nhiệm vụ số ${i + 1}: rà soát, báo cáo tình hình hợp tác xã`,
      leadAgency: agencies[i % agencies.length],
      due: { date: `${year}-12-31` },
    })),
  };
  const answer = await http.call('POST', '/plans', { token, body, key: `import-${code}` });
  if (answer.status !== 201) throw new Error(`import: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return { id: answer.body.id as string, code };
}

/**
 * One task's second-scale life through the API: created, its acknowledge reminder (and for half of them
 * the reminder, overdue and escalations) fired by timers, acknowledged, two progress reports, an
 * extension for some, submitted, returned and submitted again for some, accepted. Every command is
 * retried with its key until answered; what was accepted is what the record must show, once.
 */
async function runLifecycle(
  http: FaultTolerantClient,
  options: { index: number; coordinator: string; agency: string; agencyTokens: Map<string, string>; random: () => number },
): Promise<LifecycleRecord[]> {
  const { index, coordinator, agency } = options;
  const agencyToken = options.agencyTokens.get(agency) as string;
  const key = (step: string) => `life-${index}-${step}`;
  // A create retried past its due date answers with the task its first attempt started (same key). Were it
  // refused (400), a client would create it again under a new key — and the check counts a second task.
  let created: ApiAnswer | undefined;
  let dueAt = 0;
  for (let attempt = 1; !created || (created.status === 400 && attempt <= 3); attempt += 1) {
    dueAt = Date.now() + 14_000;
    created = await http.call('POST', '/tasks', {
      token: coordinator,
      key: key(`create-${attempt}`),
      body: {
        title: `Nhiệm vụ kiểm thử sự cố số ${index + 1}`,
        leadAgency: agency,
        dueAt: new Date(dueAt).toISOString(),
        policy: {
          acknowledgeWithin: 'PT2S',
          acknowledgeEscalateAfter: 'PT60S',
          remindBefore: ['PT5S'],
          escalateAfter: [
            { after: 'PT0S', to: 'coordinator' },
            { after: 'PT2S', to: 'agency_head' },
          ],
        },
      },
    });
  }
  if (created.status !== 201) throw new Error(`create lifecycle ${index}: ${created.status} ${JSON.stringify(created.body)}`);
  const taskId = created.body.id as string;
  const refused: string[] = [];
  const record: LifecycleRecord = { taskId, workflowId: created.body.workflowId as string, expectedEvents: {}, expectedStatus: 'completed', refused };
  let stuck = false;
  const command = async (step: string, eventType: string, token: string, pathTail: string, body: unknown = {}): Promise<ApiAnswer> => {
    // After a command that never got an answer the script stops: what follows would only be refused.
    if (stuck) return { status: 0, body: null };
    let answer: ApiAnswer;
    try {
      answer = await http.call('POST', `/tasks/${taskId}/${pathTail}`, { token, key: key(step), body });
    } catch (error) {
      stuck = true;
      refused.push(`${step}: ${(error as Error).message}`);
      return { status: 0, body: null };
    }
    if (answer.status >= 300) refused.push(`${step}: ${answer.status} ${String(answer.body?.message ?? '')}`);
    else record.expectedEvents[eventType] = (record.expectedEvents[eventType] ?? 0) + 1;
    return answer;
  };
  const pause = () => sleep(300 + options.random() * 700);

  await sleep(3000 + options.random() * 1000);
  await command('acknowledge', 'acknowledged', agencyToken, 'acknowledge');
  await pause();
  await command('progress-1', 'progress_reported', agencyToken, 'progress', { percent: 40, note: `Đã hoàn thành 40% (${key('progress-1')})` });
  await pause();
  await command('progress-2', 'progress_reported', agencyToken, 'progress', { percent: 80, note: `Đã hoàn thành 80% (${key('progress-2')})` });
  if (index % 2 === 0) {
    const requested = await command('extension', 'extension_requested', agencyToken, 'extension-requests', {
      // Ahead of the present too: faults may have held the script back past its due date.
      newDueAt: new Date(Math.max(dueAt, Date.now()) + 20_000).toISOString(),
      reason: `Cần thêm thời gian tổng hợp số liệu (${key('extension')})`,
    });
    if (requested.status >= 200 && requested.status < 300) await command('approve', 'extension_approved', coordinator, `extension-requests/${requested.body.id}/approve`, { note: 'Đồng ý gia hạn' });
  } else {
    // Past the due date: the reminder, overdue and escalation timers fire (during the faults).
    await sleep(Math.max(0, dueAt + 3000 - Date.now()));
  }
  await command('submit-1', 'submitted', agencyToken, 'submit', { summary: `Báo cáo kết quả lần 1 (${key('submit-1')})` });
  if (index % 3 === 0) {
    await pause();
    await command('return', 'returned', coordinator, 'return', { reason: `Bổ sung số liệu (${key('return')})` });
    await command('submit-2', 'submitted', agencyToken, 'submit', { summary: `Báo cáo kết quả lần 2 (${key('submit-2')})` });
  }
  await pause();
  await command('accept', 'completed', coordinator, 'accept', { note: 'Hoàn thành' });
  // The status the accepted commands lead to (the check compares it with the read model).
  record.expectedStatus = record.expectedEvents.completed ? 'completed' : (record.expectedEvents.submitted ?? 0) > (record.expectedEvents.returned ?? 0) ? 'submitted' : 'in_progress';
  return [record];
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

function failed(error: unknown): void {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  for (const service of services) console.error(`--- ${service.name}, last lines:\n${service.output.slice(-15).join('\n')}`);
  if (logDir) console.error(`the services' logs are in ${logDir}`);
  console.log('faults: the run did not complete');
  void stopAll().finally(() => process.exit(1));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => failed(new Error(signal)));
process.on('unhandledRejection', failed);
main().then((code) => stopAll().finally(() => process.exit(code)), failed);
