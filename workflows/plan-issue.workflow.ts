import { continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { PlanIssueActivities } from '../activities/plan-issue.activities';
import type { ReportingRoundActivities } from '../activities/reporting-round.activities';
import type { ReportingScheduleActivities } from '../activities/reporting-schedule.activities';
import { TASK_QUEUE } from '../libs/contracts/src/task-queues';
import {
  PLAN_ISSUE_BATCH_SIZE,
  PLAN_ISSUE_BATCHES_PER_RUN,
  type PlanIssueResult,
  type PlanIssueWorkflowInput,
} from '../libs/contracts/src/plan-issue.contract';

const { issuePlanTaskBatch, completePlanIssue } = proxyActivities<PlanIssueActivities>({
  startToCloseTimeout: '5 minutes',
  // A batch heartbeats after every start: a worker that dies mid-batch is noticed within seconds.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: ['PlanNotFound'] },
});

// Served on the task queue, by the worker that runs the round workflows and their projection.
const { openPlanReportingRound } = proxyActivities<ReportingRoundActivities>({
  taskQueue: TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// Same worker: it runs the scheduler workflow and the round workflows it starts.
const { startPlanReportingSchedule } = proxyActivities<ReportingScheduleActivities>({
  taskQueue: TASK_QUEUE,
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Issues recorded before plans opened their reporting round replay without it. */
const PLAN_REPORTING_ROUND_PATCH = 'plan-reporting-round-v1';
/** Issues recorded before periodic reporting ran replay without starting the plan's reporting schedule. */
const PLAN_REPORTING_SCHEDULE_PATCH = 'plan-reporting-schedule-v6';

/**
 * Issues a plan: starts one task workflow per task and member agency, batch by batch, each under its
 * business-key ID and never twice (`REJECT_DUPLICATE`). Every batch is an idempotent activity, so
 * issuing again — or resuming after the worker died half-way — starts every task exactly once, and
 * counts a task started by an earlier issue as already running.
 *
 * The starts are made by the activity through the worker's client rather than as child workflows:
 * on the same server that is several times faster (see `npm run bench:issue`), because a child start
 * also writes the parent's history twice and wakes the parent once per child.
 */
export async function planIssueWorkflow(input: PlanIssueWorkflowInput): Promise<PlanIssueResult> {
  const batchSize = input.batchSize ?? PLAN_ISSUE_BATCH_SIZE;
  const { workflowId, firstExecutionRunId } = workflowInfo();
  const issueKey = `${workflowId}/${firstExecutionRunId}`;
  let { offset, issued, alreadyRunning } = input.progress ?? { offset: 0, issued: 0, alreadyRunning: 0 };
  let total = offset;

  for (let batches = 1; ; batches++) {
    const batch = await issuePlanTaskBatch({
      planId: input.planId,
      offset,
      limit: batchSize,
      issuedAt: input.issuedAt,
      issuedBy: input.issuedBy,
      issueKey,
    });
    total = batch.total;
    issued += batch.issued;
    alreadyRunning += batch.alreadyRunning;
    offset += batch.count;
    if (batch.count === 0 || offset >= total) break;
    if (batches >= PLAN_ISSUE_BATCHES_PER_RUN) {
      await continueAsNew<typeof planIssueWorkflow>({ ...input, progress: { offset, issued, alreadyRunning } });
    }
  }

  await completePlanIssue({ planId: input.planId, issuedAt: input.issuedAt, issuedBy: input.issuedBy });
  // The plan's own reporting duty (its `reporting` deadline, e.g. 10/12) becomes a round, once.
  if (patched(PLAN_REPORTING_ROUND_PATCH)) {
    await openPlanReportingRound({ planId: input.planId, openedAt: input.issuedAt, openedBy: input.issuedBy });
  }
  // Its periodic reporting ("hằng quý", "6 tháng"…) opens a round per period, on schedule, from its own workflow.
  if (patched(PLAN_REPORTING_SCHEDULE_PATCH)) {
    await startPlanReportingSchedule({ planId: input.planId, issuedAt: input.issuedAt, issuedBy: input.issuedBy });
  }
  return { planId: input.planId, total, issued, alreadyRunning };
}
