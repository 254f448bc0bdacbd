import { dropDatabase, ensureDatabase } from '@giaoviec/infra';
import { openDataSource, runMigrations } from '@giaoviec/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * What every benchmark needs: cleanups run in reverse order exactly once — after `main`, on an
 * error, or on Ctrl-C — so a benchmark never leaves a database or a server behind.
 */
type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];
let cleaningUp: Promise<void> | undefined;

export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    }
  })();
  return cleaningUp;
}

/** Ends the run after cleaning up (for errors raised outside `main`, e.g. by an idle pool client). */
export function fail(error: unknown): void {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  void cleanUp().finally(() => process.exit(1));
}

export function runBenchmark(main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  main().then(() => cleanUp(), fail);
}

/** A fresh, migrated database of its own on the PostgreSQL at `adminUrl`, dropped at cleanup. */
export async function openBenchDatabase(adminUrl: string): Promise<{ url: string; dataSource: DataSource }> {
  const databaseName = `giaoviec_bench_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, databaseName);
  onCleanup(() => dropDatabase(adminUrl, databaseName));
  const dataSource = await openDataSource(url);
  onCleanup(() => dataSource.destroy());
  await runMigrations(dataSource);
  return { url, dataSource };
}
