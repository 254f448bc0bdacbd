import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { ReportingScheduleActivities } from '../activities/reporting-schedule.activities';
import type { ReportingScheduleResult, ReportingScheduleWorkflowInput } from '../libs/contracts/src/reporting-schedule.contract';

const { nextPeriodicReportingRound, openPeriodicReportingRound } = proxyActivities<ReportingScheduleActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Periods per run before continue-as-new: a monthly schedule over many years still keeps every history short. */
const PERIODS_PER_RUN = 100;

/**
 * A plan's periodic reporting ("hằng quý", "6 tháng", "hằng năm"): started once when the plan is issued, it waits
 * for each period's opening time with a durable timer and opens that period's round (exactly once per period: the
 * round's workflow ID is the period's business key). Ends after the last period, or when the plan is closed —
 * closing cancels this workflow, and a closing that races a timer is still seen by the activities.
 */
export async function planReportingScheduleWorkflow(input: ReportingScheduleWorkflowInput): Promise<ReportingScheduleResult> {
  const result: ReportingScheduleResult = { opened: [], skipped: [], stopped: false };
  const first = input.done ?? 0;
  for (let index = first; ; index++) {
    if (index - first >= PERIODS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof planReportingScheduleWorkflow>({ ...input, done: index });
    }
    const next = await nextPeriodicReportingRound({ planId: input.planId, startedAt: input.startedAt, index });
    if (next.closed) return { ...result, stopped: true };
    if (!next.round) return result;
    const wait = Date.parse(next.round.opensAt) - Date.now();
    if (wait > 0) await sleep(wait);
    const opened = await openPeriodicReportingRound({ planId: input.planId, round: next.round, openedBy: input.startedBy });
    if (opened.outcome === 'plan_closed') return { ...result, stopped: true };
    (opened.outcome === 'opened' ? result.opened : result.skipped).push(next.round.key);
  }
}
