import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DigestActivities } from '../activities/digest.activities';

const { writeDailyDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
});

/**
 * One run per day, started by the Temporal Schedule DAILY_DIGEST_SCHEDULE_ID at 07:30: writes each
 * agency's digest into the outbox (the dispatcher e-mails it to the officers). The day is the
 * run's start, so a retried or replayed run writes the same day's digests, each once.
 */
export async function dailyDigestWorkflow(): Promise<{ date: string; workingDay: boolean; digests: number }> {
  return writeDailyDigests({ atMs: workflowInfo().runStartTime.getTime() });
}
