#!/usr/bin/env node
/**
 * `npm test` after lint and typecheck: the unit tests, then the integration tests split into shards that run
 * side by side. Each shard is its own Jest process, in band, with its own embedded PostgreSQL and Temporal server
 * (test/support/global-setup.ts), so shards share nothing; most of an integration test's time is spent waiting
 * for second-scale timers, which is why two shards finish in little more than half the time on two cores.
 *
 *   GIAOVIEC_TEST_SHARDS   number of integration shards (default 2; 1 runs them one after another)
 *   other arguments        passed to every Jest process (e.g. a path filter, or `-t <name>`)
 *
 * A shard's `PASS`/`FAIL` lines are shown as they come; once all end, each passed shard's summary and each
 * failed shard's whole output.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');
const { Buffer } = require('node:buffer');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const extra = process.argv.slice(2);
const shards = Math.max(1, Number.parseInt(process.env.GIAOVIEC_TEST_SHARDS ?? '2', 10) || 1);

function runJest(args, { label, env = {}, live = true } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, ...args, ...extra], {
      cwd: root,
      env: { ...process.env, ...env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    const chunks = [];
    let pending = '';
    const collect = (chunk) => {
      chunks.push(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (/^(PASS|FAIL) /.test(line)) console.log(`[${label}] ${line}`);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('close', (code, signal) => resolve({ label, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8') }));
  });
}

async function main() {
  const unit = await runJest(['--selectProjects', 'unit'], { label: 'unit' });
  if (unit.code !== 0) process.exit(unit.code);

  const integration = ['--selectProjects', 'integration', '--runInBand'];
  if (shards === 1) process.exit((await runJest(integration, { label: 'integration' })).code);

  console.log(`integration tests in ${shards} shards side by side (GIAOVIEC_TEST_SHARDS)`);
  const results = await Promise.all(
    Array.from({ length: shards }, (_, index) =>
      runJest([...integration, `--shard=${index + 1}/${shards}`], {
        label: `shard ${index + 1}/${shards}`,
        env: { GIAOVIEC_TEST_SHARD: String(index) },
        live: false,
      }),
    ),
  );
  // A failed shard's whole output (its logs say why); a passed one's summary.
  for (const result of results) {
    const shown = result.code === 0 ? result.output.split('\n').filter((line) => /^(Test Suites|Tests|Snapshots|Time):/.test(line)).join('\n') : result.output;
    console.log(`\n===== ${result.label}: ${result.code === 0 ? 'passed' : 'FAILED'} =====\n${shown}`);
  }
  const failed = results.filter((result) => result.code !== 0);
  if (failed.length > 0) {
    console.error(`integration tests failed in ${failed.map((result) => result.label).join(', ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
