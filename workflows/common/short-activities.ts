import { patched, proxyActivities, proxyLocalActivities, type ActivityInterfaceFor } from '@temporalio/workflow';

const SHORT_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;

/**
 * The activities a workflow calls at each step: projections and calendar loads, short database calls.
 * Run as local activities they need no round trip through the server, so a freshly issued plan's
 * hundreds of tasks settle several times faster and updates answer sooner. Histories recorded with the
 * remote ones replay without the patch `localPatchId`, so call this where the workflow always did:
 * first thing.
 */
export function shortActivities<Activities>(localPatchId: string): ActivityInterfaceFor<Activities> {
  return patched(localPatchId)
    ? (proxyLocalActivities<Activities>(SHORT_ACTIVITY_OPTIONS) as unknown as ActivityInterfaceFor<Activities>)
    : proxyActivities<Activities>(SHORT_ACTIVITY_OPTIONS);
}
