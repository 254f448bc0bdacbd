import { Connection } from '@temporalio/client';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { searchAttributeDefinitions } from '../../contracts/src/search-attributes';
import { freePort } from './ports';
import { findOrBuildTemporalCli } from './temporal-cli';

export interface TemporalDevServerHandle {
  address: string;
  uiUrl: string | undefined;
  /** The server's process (the fault test kills it). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev`. With `dbFile` its state survives restarts (timers too);
 * without, it is in memory (tests).
 */
export async function startTemporalDevServer(options: {
  dbFile?: string;
  preferredPort?: number;
  preferredUiPort?: number;
  ui?: boolean;
  namespace?: string;
  log?: (line: string) => void;
}): Promise<TemporalDevServerHandle> {
  const cli = findOrBuildTemporalCli(options.log);
  const port = await freePort(options.preferredPort);
  const uiPort = options.ui === false ? undefined : await freePort(options.preferredUiPort);
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (options.namespace && options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const definition of searchAttributeDefinitions()) args.push('--search-attribute', definition);
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(path.resolve(options.dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(options.dbFile));
  }
  const output: string[] = [];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 100) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`The Temporal dev server (${cli}) did not start: ${(error as Error).message}\n${output.join('').slice(-3000)}`);
  }
  return {
    address,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/** Resolves once the Temporal frontend at `address` answers; rejects if `child` exits first or after `timeoutMs`. */
export async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  throw new Error(`no answer on ${address} after ${timeoutMs} ms (${String(lastError)})`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
