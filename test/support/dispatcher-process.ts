import 'reflect-metadata';
import { loadConfig } from '@giaoviec/config';
import { createRepositories, openDataSource } from '@giaoviec/persistence';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';

/**
 * A worker's delivery dispatcher alone in its own process (configured from the environment, as
 * apps/worker/src/main.ts does), for a test to kill with SIGKILL in the middle of a dispatch.
 */
async function main(): Promise<void> {
  const dataSource = await openDataSource(process.env.DATABASE_URL as string);
  const dispatcher = new DeliveryDispatcher(createRepositories(dataSource), loadConfig(process.env).delivery);
  dispatcher.start();
  process.send?.('started');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
