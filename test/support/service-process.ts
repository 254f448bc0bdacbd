import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const REGISTER = path.join(__dirname, 'ts-register.js');

/** An API or worker running as its own Node process, as `npm start` and a deployment run it. */
export interface ServiceProcess {
  name: string;
  pid: number;
  /** Everything it wrote (stdout and stderr), line by line: kept, not printed, so that `npm test` stays quiet. */
  lines(): readonly string[];
  /** Its stdout lines that are JSON (its pino log), parsed. */
  logEntries(): Record<string, unknown>[];
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<number | string | null>;
  /** SIGTERM (a graceful stop), SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `apps/<service>/src/main.ts` from the sources (test/support/ts-register.js transpiles on load) with
 * exactly `env` — nothing of the test's own process leaks in but what the caller passes.
 */
export function startServiceProcess(name: string, service: 'api' | 'worker', env: NodeJS.ProcessEnv): ServiceProcess {
  const entry = path.join(ROOT, 'apps', service, 'src', 'main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', '-r', REGISTER, entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const all: string[] = [];
  const collect = (into: string[][]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) for (const list of into) list.push(line);
    };
  };
  child.stdout?.on('data', collect([stdout, all]));
  child.stderr?.on('data', collect([all]));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  if (child.pid === undefined) throw new Error(`${name}: could not start ${entry}`);
  // A test run that ends abruptly leaves no service behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  return {
    name,
    pid: child.pid,
    lines: () => all,
    logEntries: () =>
      stdout.flatMap((line) => {
        try {
          const entry = JSON.parse(line);
          return entry && typeof entry === 'object' ? [entry as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      }),
    exited,
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
