import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10, application_name: 'giaoviec' },
  };
}

export async function openDataSource(databaseUrl: string): Promise<DataSource> {
  return new DataSource(dataSourceOptions(databaseUrl)).initialize();
}

/**
 * Runs pending migrations under an advisory lock, so several API replicas starting at once
 * do not race each other.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const lockKey = 7_202_412; // arbitrary, constant: "giaoviec migrations"
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await runner.release();
  }
}
