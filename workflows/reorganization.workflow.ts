import { proxyActivities, sleep } from '@temporalio/workflow';
import type { ReorganizationActivities } from '../activities/reorganization.activities';
import type { ReorganizationOutcome, ReorganizationWorkflowInput } from '../libs/contracts/src/reorganization.contract';

const { applyReorganization } = proxyActivities<ReorganizationActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One reorganisation (issue 11): waits durably for its effective moment (a timer; cancelling the
 * workflow cancels the reorganisation), then applies it once: the directory changes in one
 * transaction and every open task moves through its own workflow (see the activity).
 */
export async function reorganizationWorkflow(input: ReorganizationWorkflowInput): Promise<ReorganizationOutcome> {
  const wait = Date.parse(input.effectiveAt) - Date.now();
  if (wait > 0) await sleep(wait);
  return applyReorganization({ reorganizationId: input.reorganizationId });
}
