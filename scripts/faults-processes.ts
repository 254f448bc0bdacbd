/**
 * The processes of the fault test (`npm run test:faults`), each startable again after a `kill -9`:
 * embedded PostgreSQL and the Temporal dev server (both keeping their state on disk, on the same port
 * after a restart), and the worker and API processes spawned as `npm start` spawns them.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, startTemporalDevServer } from '@giaoviec/infra';

export interface FaultTarget {
  readonly name: string;
  start(): Promise<void>;
  /** `kill -9` of the process (PostgreSQL: its postmaster). */
  kill(): void;
  /** Graceful stop at the end of the run. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries `start` while it fails (a killed server's port or shared memory is not free at once). */
async function startWithRetries(name: string, start: () => Promise<void>, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await start();
      return;
    } catch (error) {
      if (attempt >= attempts) throw new Error(`${name} did not start again: ${(error as Error).message}`);
      await sleep(1000);
    }
  }
}

export class PostgresTarget implements FaultTarget {
  readonly name = 'postgresql';
  port: number | undefined;
  adminUrl = '';
  private stopServer: (() => Promise<void>) | undefined;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<void> {
    await startWithRetries(this.name, async () => {
      const server = await startEmbeddedPostgres({ dataDir: this.dataDir, preferredPort: this.port });
      if (this.port !== undefined && server.port !== this.port) {
        await server.stop();
        throw new Error(`port ${this.port} is still taken`);
      }
      this.port = server.port;
      this.adminUrl = server.adminUrl;
      this.stopServer = () => server.stop();
    });
  }

  kill(): void {
    const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await this.stopServer?.().catch(() => undefined);
  }
}

export class TemporalTarget implements FaultTarget {
  readonly name = 'temporal';
  address = '';
  private port: number | undefined;
  private handle: Awaited<ReturnType<typeof startTemporalDevServer>> | undefined;

  /** `dbFile`: the dev server keeps its state there, so a kill loses nothing it acknowledged. */
  constructor(private readonly dbFile: string) {}

  async start(): Promise<void> {
    await startWithRetries(this.name, async () => {
      const handle = await startTemporalDevServer({ dbFile: this.dbFile, preferredPort: this.port, ui: false });
      if (this.address && handle.address !== this.address) {
        await handle.stop();
        throw new Error(`${this.address} is still taken`);
      }
      this.handle = handle;
      this.address = handle.address;
      this.port = Number(handle.address.split(':')[1]);
    });
  }

  kill(): void {
    if (this.handle?.pid) process.kill(this.handle.pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
  }
}

/**
 * A Node service (worker or API) run from dist like `npm start` runs it. `ready` says when it serves;
 * an exit nobody asked for is counted (and the service started again, as a supervisor would).
 */
export class NodeServiceTarget implements FaultTarget {
  private child: ChildProcess | undefined;
  private stopping = false;
  private killed = false;
  unexpectedExits = 0;
  readonly output: string[] = [];

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: () => NodeJS.ProcessEnv,
    private readonly ready: (child: ChildProcess) => Promise<void>,
    private readonly log: (line: string) => void,
    /** Where all its output goes too (kept for a failed run). */
    private readonly logFile?: string,
  ) {}

  /** Starts the process and waits until it serves; a process that dies before that is started again (3 tries). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.spawnOnce();
        return;
      } catch (error) {
        this.log(`${this.name} did not become ready (${(error as Error).message}); last lines:\n  ${this.output.slice(-6).join('\n  ')}`);
        this.child?.kill('SIGKILL');
        if (attempt >= 3) throw error;
      }
    }
  }

  private async spawnOnce(): Promise<void> {
    this.killed = false;
    const child = spawn(process.execPath, ['--enable-source-maps', this.entry], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let ready = false;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.output.push(line);
      while (this.output.length > 400) this.output.shift();
      if (this.logFile) fs.appendFileSync(this.logFile, chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      // Only a process that served and then died by itself is restarted here; one dying at start is start()'s.
      if (!ready || this.stopping || this.killed || child !== this.child) return;
      this.unexpectedExits += 1;
      this.log(`${this.name} exited by itself (code ${code}, signal ${signal}); starting it again. Its last lines:\n  ${this.output.slice(-8).join('\n  ')}`);
      void this.start().catch((error: unknown) => this.log(`${this.name} did not start again: ${String(error)}`));
    });
    await this.ready(child);
    ready = true;
  }

  kill(): void {
    this.killed = true;
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

/** Resolves once `url` answers 2xx; rejects when `child` exits first or after `timeoutMs`. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Resolves once the child printed a line matching `pattern`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs / 1000} s`)), timeoutMs);
    const check = (chunk: Buffer) => {
      if (pattern.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`it exited (code ${code}) before it was ready`));
    });
  });
}
