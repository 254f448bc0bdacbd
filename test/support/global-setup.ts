import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, startTemporalDevServer } from '../../libs/infra/src';
import { TEST_ENV } from './test-services';
import { ensureSearchAttributes } from '../../libs/temporal/src/search-attributes';
import { Connection } from '@temporalio/client';

type Stop = () => Promise<void>;
const globalStops = globalThis as unknown as { __giaoviecTestStops?: Stop[] };

/**
 * Real services for the integration tests: DATABASE_URL / TEMPORAL_ADDRESS when set, otherwise
 * an embedded PostgreSQL in a throwaway folder and an in-memory Temporal dev server.
 */
export default async function globalSetup(): Promise<void> {
  const stops: Stop[] = [];
  globalStops.__giaoviecTestStops = stops;

  if (process.env.DATABASE_URL) {
    process.env[TEST_ENV.postgresAdminUrl] = process.env.DATABASE_URL;
  } else {
    const dataDir = path.resolve(__dirname, '../../.test-data', `postgres-${process.pid}`);
    const postgres = await startEmbeddedPostgres({ dataDir, preferredPort: 54339 });
    stops.push(async () => {
      await postgres.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    process.env[TEST_ENV.postgresAdminUrl] = postgres.adminUrl;
  }

  if (process.env.TEMPORAL_ADDRESS) {
    process.env[TEST_ENV.temporalAddress] = process.env.TEMPORAL_ADDRESS;
    // A server the tests did not start may lack the search attributes the workflows upsert.
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    await ensureSearchAttributes(connection, process.env.TEMPORAL_NAMESPACE ?? 'default').finally(() => connection.close());
  } else {
    const temporal = await startTemporalDevServer({ ui: false, log: (line) => console.log(line) });
    stops.push(() => temporal.stop());
    process.env[TEST_ENV.temporalAddress] = temporal.address;
  }
}
