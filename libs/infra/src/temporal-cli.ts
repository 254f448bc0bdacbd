import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Temporal CLI version we build with Go; later tags carry a `replace` directive `go install` refuses. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export class TemporalCliMissingError extends Error {
  constructor(tried: string[]) {
    super(
      'The Temporal CLI is needed to run the embedded Temporal dev server, and none was found. Tried: ' +
        tried.join('; ') +
        '. Install it in one of these ways: put `temporal` on PATH (https://docs.temporal.io/cli), or set ' +
        'TEMPORAL_CLI_PATH to its path, or install Go (https://go.dev/dl) so giaoviec can build it with ' +
        `\`go install ${TEMPORAL_CLI_MODULE}\`. Or point TEMPORAL_ADDRESS at a running Temporal server.`,
    );
    this.name = 'TemporalCliMissingError';
  }
}

/** Where a Go-built CLI is cached: the user's cache folder, shared by every checkout. */
export function cachedCliDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'giaoviec', 'tools');
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then the cache, else builds it with Go
 * (about three minutes on two cores, once). Returns its path or throws TemporalCliMissingError.
 */
export function findOrBuildTemporalCli(log: (line: string) => void = () => undefined): string {
  const tried: string[] = [];
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    tried.push(`TEMPORAL_CLI_PATH=${explicit} (not an executable file)`);
  }
  const onPath = whichSync('temporal');
  if (onPath) return onPath;
  tried.push('`temporal` on PATH');
  const cached = path.join(cachedCliDir(), 'temporal');
  if (isExecutable(cached)) return cached;
  tried.push(cached);

  const go = whichSync('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (go) {
    log(`Building the Temporal CLI once with Go (${TEMPORAL_CLI_MODULE}) into ${cachedCliDir()}…`);
    fs.mkdirSync(cachedCliDir(), { recursive: true });
    const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: cachedCliDir(), GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status === 0 && isExecutable(cached)) return cached;
    tried.push(`go install ${TEMPORAL_CLI_MODULE} (exit ${result.status})`);
  } else {
    tried.push('Go (not installed)');
  }
  throw new TemporalCliMissingError(tried);
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function whichSync(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
