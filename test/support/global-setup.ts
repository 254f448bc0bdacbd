import fs from 'node:fs';
import path from 'node:path';
import { dropDatabase, startEmbeddedPostgres, startTemporalDevServer, startTemporalServer, temporalDatabases, withDatabase } from '../../libs/infra/src';
import { TEST_ENV } from './test-services';
import { ensureSearchAttributes } from '../../libs/temporal/src/search-attributes';
import { Connection } from '@temporalio/client';
import { bundleWorkflowsForRun } from './workflow-bundle';

type Stop = () => Promise<void>;
const globalStops = globalThis as unknown as { __giaoviecTestStops?: Stop[] };

/**
 * Real services for the integration tests: DATABASE_URL / TEMPORAL_ADDRESS when set, otherwise
 * an embedded PostgreSQL in a throwaway folder and an in-memory Temporal dev server — or, with
 * TEMPORAL_MODE=server, Temporal Server on PostgreSQL (TEMPORAL_DATABASE_URL, else throwaway
 * databases on the tests' PostgreSQL), as `npm start` runs them.
 */
export default async function globalSetup(): Promise<void> {
  const stops: Stop[] = [];
  globalStops.__giaoviecTestStops = stops;
  const testData = path.resolve(__dirname, '../../.test-data');

  let postgresAdminUrl = process.env.DATABASE_URL;
  if (!postgresAdminUrl) {
    const dataDir = path.join(testData, `postgres-${process.pid}`);
    // Shards run side by side (scripts/test.js): each prefers its own port, so two never race for one.
    const preferredPort = 54339 + 10 * Number(process.env.GIAOVIEC_TEST_SHARD ?? 0);
    const postgres = await startEmbeddedPostgres({ dataDir, preferredPort });
    stops.push(async () => {
      await postgres.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    postgresAdminUrl = postgres.adminUrl;
  }
  process.env[TEST_ENV.postgresAdminUrl] = postgresAdminUrl;

  fs.mkdirSync(testData, { recursive: true });
  const bundleFile = path.join(testData, `workflow-bundle-${process.pid}.json`);
  await bundleWorkflowsForRun(bundleFile);
  stops.push(async () => fs.rmSync(bundleFile, { force: true }));

  if (process.env.TEMPORAL_ADDRESS) {
    process.env[TEST_ENV.temporalAddress] = process.env.TEMPORAL_ADDRESS;
    // A server the tests did not start may lack the search attributes the workflows upsert.
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    await ensureSearchAttributes(connection, process.env.TEMPORAL_NAMESPACE ?? 'default').finally(() => connection.close());
  } else if (process.env.TEMPORAL_MODE === 'server') {
    const databaseUrl = process.env.TEMPORAL_DATABASE_URL || withDatabase(postgresAdminUrl, `temporal_test_${process.pid}`);
    const stateDir = path.join(testData, `temporal-server-${process.pid}`);
    console.log(`Temporal Server for the tests: databases ${Object.values(temporalDatabases(databaseUrl)).join(', ')}`);
    const temporal = await startTemporalServer({ databaseUrl, stateDir, log: (line) => console.log(line) });
    stops.push(async () => {
      await temporal.stop();
      if (!process.env.TEMPORAL_DATABASE_URL) {
        for (const database of Object.values(temporalDatabases(databaseUrl))) await dropDatabase(postgresAdminUrl, database);
      }
      fs.rmSync(stateDir, { recursive: true, force: true });
    });
    process.env[TEST_ENV.temporalAddress] = temporal.address;
    // A fresh server knows only Temporal's own search attributes.
    const connection = await Connection.connect({ address: temporal.address });
    await ensureSearchAttributes(connection, 'default').finally(() => connection.close());
  } else {
    const temporal = await startTemporalDevServer({ ui: false, log: (line) => console.log(line) });
    stops.push(() => temporal.stop());
    process.env[TEST_ENV.temporalAddress] = temporal.address;
  }
}
