#!/usr/bin/env node
/**
 * postinstall: make sure the Temporal CLI (for the embedded dev server) is there before the first
 * `npm start`, building it once with Go into ~/.cache/giaoviec/tools when it is not. Never fails the
 * install: without Go it only says what to do (libs/infra/src/temporal-cli.ts explains again at start).
 * Plain JavaScript, because it runs before anything is compiled.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'giaoviec', 'tools');
const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};
const which = (command) => {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

if (process.env.TEMPORAL_ADDRESS || process.env.GIAOVIEC_SKIP_TEMPORAL_CLI) process.exit(0);
if ((process.env.TEMPORAL_CLI_PATH && isExecutable(process.env.TEMPORAL_CLI_PATH)) || which('temporal') || isExecutable(path.join(cacheDir, 'temporal'))) {
  process.exit(0);
}
const go = which('go') || (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
if (!go) {
  console.warn(
    `giaoviec: no Temporal CLI found and no Go to build it. Before \`npm start\`, install the Temporal CLI (https://docs.temporal.io/cli) ` +
      `or Go, or set TEMPORAL_ADDRESS to a running Temporal server.`,
  );
  process.exit(0);
}
console.log(`giaoviec: building the Temporal CLI once (${MODULE}) into ${cacheDir}; this takes a few minutes…`);
fs.mkdirSync(cacheDir, { recursive: true });
const result = spawnSync(go, ['install', MODULE], { env: { ...process.env, GOBIN: cacheDir }, stdio: 'inherit' });
if (result.status !== 0) console.warn('giaoviec: building the Temporal CLI failed; `npm start` will try again and explain.');
