/**
 * Baseline workflows of `npm run bench:scale` (bundled only by the benchmark's own worker, never by giaoviec's):
 * the least a workflow can do that still runs on a worker — one local activity — and the least an update can do.
 */
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

const { touch } = proxyLocalActivities<{ touch(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export async function benchLocalActivityWorkflow(): Promise<void> {
  await touch();
}

export const benchPingUpdate = defineUpdate<number, [number]>('benchPing');

/** Answers `benchPing` updates until cancelled or terminated. */
export async function benchUpdateWorkflow(): Promise<void> {
  setHandler(benchPingUpdate, (value) => value);
  await condition(() => false);
}
