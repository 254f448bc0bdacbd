import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { stringify } from 'yaml';
import { ensureDatabase, withDatabase } from './embedded-postgres';
import { findGo, isExecutable, toolsCacheDir } from './local-tools';
import { freePort, freePortInRange } from './ports';
import { stopChild, waitUntilServing } from './temporal-dev-server';

/** The Temporal Server release giaoviec runs in TEMPORAL_MODE=server (docker-compose.yml pins the same). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_MODULES = [`go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`, `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`];
/** Schemas embedded in the SQL tool (`--schema-name`): nothing is read from Go's module cache at run time. */
const SCHEMAS = { main: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;
const NAMESPACE_RETENTION = '30 days';
/** Fixed when the database is first set up: Temporal cannot change it later. Plenty for one machine. */
const HISTORY_SHARDS = 4;

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

export class TemporalServerMissingError extends Error {
  constructor(reason: string) {
    super(
      `TEMPORAL_MODE=server needs Temporal Server ${TEMPORAL_SERVER_VERSION} and its SQL tool, which giaoviec builds once with Go ` +
        `into ${temporalServerToolsDir()}: ${reason}. Install Go (https://go.dev/dl) and start again, or run ` +
        `\`GOBIN=${temporalServerToolsDir()} go install ${SERVER_MODULES.join(' ')}\` yourself; ` +
        'or leave TEMPORAL_MODE unset for the Temporal dev server, or set TEMPORAL_ADDRESS to a running Temporal server.',
    );
    this.name = 'TemporalServerMissingError';
  }
}

/** Where the server and its SQL tool are cached, one folder per version. */
export function temporalServerToolsDir(): string {
  return path.join(toolsCacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

/** The cached server and SQL tool, built with `go install` on first use (about four minutes on two cores). */
export function findOrBuildTemporalServer(log: (line: string) => void = () => undefined): TemporalServerBinaries {
  const dir = temporalServerToolsDir();
  const binaries = { server: path.join(dir, 'server'), sqlTool: path.join(dir, 'sql') };
  if (isExecutable(binaries.server) && isExecutable(binaries.sqlTool)) return binaries;
  const go = findGo();
  if (!go) throw new TemporalServerMissingError('Go is not installed');
  log(`Building Temporal Server ${TEMPORAL_SERVER_VERSION} and its SQL tool once with Go into ${dir}; this takes a few minutes…`);
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync(go, ['install', ...SERVER_MODULES], {
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !isExecutable(binaries.server) || !isExecutable(binaries.sqlTool)) {
    throw new TemporalServerMissingError(`\`go install\` exited with ${result.status ?? result.signal}`);
  }
  return binaries;
}

/** Temporal's two databases on one PostgreSQL server: `<name>` and `<name>_visibility`. */
export function temporalDatabases(databaseUrl: string): { main: string; visibility: string } {
  const main = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'temporal';
  return { main, visibility: `${main}_visibility` };
}

/**
 * Creates Temporal's databases if missing and brings both schemas to the SQL tool's latest version
 * (a new database gets the version table first; an older one is upgraded; a current one is left).
 */
export async function prepareTemporalSchemas(options: { sqlTool: string; databaseUrl: string; log?: (line: string) => void }): Promise<void> {
  const names = temporalDatabases(options.databaseUrl);
  const maintenanceUrl = withDatabase(options.databaseUrl, 'postgres');
  for (const [database, schema] of [
    [names.main, SCHEMAS.main],
    [names.visibility, SCHEMAS.visibility],
  ] as const) {
    const url = await ensureDatabase(maintenanceUrl, database).catch(async (error) => {
      // A role without access to `postgres` may still own its (already created) database.
      if (await canConnect(withDatabase(options.databaseUrl, database))) return withDatabase(options.databaseUrl, database);
      throw new Error(`Could not create or reach Temporal's database ${database}: ${(error as Error).message}`);
    });
    const version = await schemaVersion(url, database);
    const run = (args: string[]) => runSqlTool(options.sqlTool, url, args);
    if (version === undefined) {
      options.log?.(`setting up Temporal's schema in database ${database}…`);
      await run(['setup-schema', '-v', '0.0']);
    }
    await run(['update-schema', '--schema-name', schema]);
    const updated = await schemaVersion(url, database);
    if (updated !== version) options.log?.(`Temporal's schema in ${database}: ${version ?? 'new'} → ${updated}`);
  }
}

export interface TemporalServerHandle {
  address: string;
  stop(): Promise<void>;
}

/**
 * Temporal Server on PostgreSQL, one process with all four services: prepares the schemas, writes
 * its configuration into `stateDir` (with its log, temporal-server.log), starts it, registers the
 * namespace and returns once the namespace answers. `stop()` shuts it down gracefully.
 */
export async function startTemporalServer(options: {
  databaseUrl: string;
  stateDir: string;
  namespace?: string;
  preferredPort?: number;
  log?: (line: string) => void;
}): Promise<TemporalServerHandle> {
  const namespace = options.namespace ?? 'default';
  const binaries = findOrBuildTemporalServer(options.log);
  await prepareTemporalSchemas({ sqlTool: binaries.sqlTool, databaseUrl: options.databaseUrl, log: options.log });

  const stateDir = path.resolve(options.stateDir);
  const configDir = path.join(stateDir, 'config');
  fs.mkdirSync(configDir, { recursive: true });
  const frontendPort = await freePort(options.preferredPort);
  const config = await serverConfig(options.databaseUrl, frontendPort, stateDir);
  fs.writeFileSync(path.join(configDir, 'giaoviec.yaml'), `# Written by giaoviec at every start (TEMPORAL_MODE=server); edit dynamicconfig.yaml instead.\n${stringify(config)}`, { mode: 0o600 });
  const dynamicConfig = path.join(stateDir, 'dynamicconfig.yaml');
  if (!fs.existsSync(dynamicConfig)) {
    fs.writeFileSync(dynamicConfig, '# Temporal dynamic configuration (https://docs.temporal.io/references/dynamic-configuration), read every 10 s.\n{}\n');
  }

  const logFile = path.join(stateDir, 'temporal-server.log');
  const child = spawn(binaries.server, ['--root', stateDir, '--config', 'config', '--env', 'giaoviec', '--allow-no-auth', 'start'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const address = `127.0.0.1:${frontendPort}`;
  try {
    await waitUntilServing(address, child, 120_000);
    await registerNamespace(address, namespace);
  } catch (error) {
    await stopChild(child, 5_000);
    throw new Error(
      `Temporal Server (${binaries.server}) did not start: ${(error as Error).message}\n` +
        `${stderr.join('').slice(-2000)}${tail(logFile, 3000)}\n(full log: ${logFile})`,
    );
  }
  return { address, stop: () => stopChild(child, 30_000) };
}

async function serverConfig(databaseUrl: string, frontendPort: number, stateDir: string): Promise<Record<string, unknown>> {
  const url = new URL(databaseUrl);
  const names = temporalDatabases(databaseUrl);
  const connectAttributes = Object.fromEntries(url.searchParams.entries());
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${url.hostname}:${url.port || 5432}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      ...(Object.keys(connectAttributes).length ? { connectAttributes } : {}),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  // Temporal records membership ports in a smallint column: they must stay below 32768.
  const service = async (grpcPort: number, preferredMembershipPort: number, httpPort?: number) => ({
    rpc: {
      grpcPort,
      membershipPort: await freePortInRange(20000, 32767, preferredMembershipPort),
      bindOnIP: '127.0.0.1',
      ...(httpPort ? { httpPort } : {}),
    },
  });
  return {
    log: { stdout: false, level: 'warn', outputFile: path.join(stateDir, 'temporal-server.log') },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: { 'postgres-default': datastore(names.main, 10), 'postgres-visibility': datastore(names.visibility, 5) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: await service(frontendPort, 6933, await freePort()),
      history: await service(await freePort(), 6934),
      matching: await service(await freePort(), 6935),
      worker: await service(await freePort(), 6939),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${frontendPort}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: path.join(stateDir, 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
}

/** Registers the namespace unless it exists, then waits until it answers (services load namespaces asynchronously). */
async function registerNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    try {
      await service.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(NAMESPACE_RETENTION) });
    } catch (error) {
      if ((error as { code?: number }).code !== 6 /* ALREADY_EXISTS */) throw error;
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await service.describeNamespace({ namespace });
        await service.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`namespace ${namespace} was registered but does not answer: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  } finally {
    await connection.close();
  }
}

async function runSqlTool(sqlTool: string, databaseUrl: string, args: string[]): Promise<void> {
  const url = new URL(databaseUrl);
  const env = {
    ...process.env,
    SQL_PLUGIN: 'postgres12',
    SQL_HOST: url.hostname,
    SQL_PORT: url.port || '5432',
    SQL_USER: decodeURIComponent(url.username),
    SQL_PASSWORD: decodeURIComponent(url.password),
    SQL_DATABASE: decodeURIComponent(url.pathname.replace(/^\//, '')),
    SQL_CONNECT_ATTRIBUTES: url.searchParams.toString(),
  };
  try {
    await promisify(execFile)(sqlTool, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`Temporal's SQL tool failed (${args.join(' ')} on ${url.pathname.slice(1)}): ${message}\n${`${stdout ?? ''}${stderr ?? ''}`.slice(-3000)}`);
  }
}

/** The schema version Temporal's SQL tool recorded in `database`, or undefined before setup. */
async function schemaVersion(databaseUrl: string, database: string): Promise<string | undefined> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ curr_version: string }>(
      "SELECT curr_version FROM schema_version WHERE version_partition = 0 AND db_name = $1",
      [database],
    );
    return rows[0]?.curr_version;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return undefined; // no schema_version table yet
    throw error;
  } finally {
    await client.end();
  }
}

async function canConnect(databaseUrl: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function tail(file: string, chars: number): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.slice(-chars);
  } catch {
    return '';
  }
}
