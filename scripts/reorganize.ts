/**
 * npm run reorganize -- <file> [--dry-run] — sends a reorganisation file (data/reorganizations/*.yaml, e.g.
 * Hanoi's 2025 one) to a running API, step by step: `API_URL` (default http://localhost:3000/api) and an
 * admin's bearer token in `ADMIN_TOKEN`. Steps already stored (same date and title) are skipped, so a rerun
 * is harmless. Exits 1 at the first refusal, printing each problem as the API names it (`[1].changes[3].code`).
 */
import { formatSteps, reorganizeFromFile, ReorganizeError } from './reorganize.lib';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('--'));
  const token = process.env.ADMIN_TOKEN;
  if (!file || !token) {
    console.error('usage: ADMIN_TOKEN=<admin token> [API_URL=http://localhost:3000/api] npm run reorganize -- <file.yaml> [--dry-run]');
    process.exitCode = 2;
    return;
  }
  const api = (process.env.API_URL ?? 'http://localhost:3000/api').replace(/\/$/, '');
  const steps = await reorganizeFromFile({ file, api, token, dryRun: args.includes('--dry-run') });
  console.log(formatSteps(steps));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof ReorganizeError) for (const detail of error.details) console.error(`  ${detail.path}: ${detail.message}`);
  process.exitCode = 1;
});
