import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findGo, isExecutable, toolsCacheDir, whichSync } from './local-tools';

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

/** Where a Go-built CLI is cached. */
export const cachedCliDir = toolsCacheDir;

/** The Temporal CLI already on this machine (TEMPORAL_CLI_PATH, PATH, the cache), without building. */
export function findTemporalCli(tried: string[] = []): string | undefined {
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
  return undefined;
}

/**
 * Finds the Temporal CLI: TEMPORAL_CLI_PATH, then PATH, then the cache, else builds it with Go
 * (about three minutes on two cores, once). Returns its path or throws TemporalCliMissingError.
 */
export function findOrBuildTemporalCli(log: (line: string) => void = () => undefined): string {
  const tried: string[] = [];
  const found = findTemporalCli(tried);
  if (found) return found;

  const go = findGo();
  if (go) {
    log(`Building the Temporal CLI once with Go (${TEMPORAL_CLI_MODULE}) into ${cachedCliDir()}; this takes a few minutes…`);
    fs.mkdirSync(cachedCliDir(), { recursive: true });
    const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: cachedCliDir(), GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const cached = path.join(cachedCliDir(), 'temporal');
    if (result.status === 0 && isExecutable(cached)) return cached;
    tried.push(`go install ${TEMPORAL_CLI_MODULE} (exit ${result.status})`);
  } else {
    tried.push('Go (not installed)');
  }
  throw new TemporalCliMissingError(tried);
}
