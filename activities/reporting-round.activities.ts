import { Context } from '@temporalio/activity';
import { storableCopy } from '../libs/domain/src/safe-text';
import {
  PLAN_REPORTING_ROUND_KEY,
  openedRoundEvent,
  openedRoundProjection,
  planReportingRoundInput,
  reportingRoundStartOptions,
  reportingRoundWorkflowId,
  type NotificationDraft,
  type PlanReportingRoundSource,
  type ReportingRoundInput,
  type ReportingRoundProjection,
  type RoundEventRecord,
  type RoundReportRecord,
} from '../libs/contracts/src';
import { resolveRoundPolicy } from '../libs/domain/src/reporting/round-policy';
import type { Actor } from '../libs/domain/src/task';
import { startWithFirstEvent } from '../libs/temporal/src/start-with-first-event';
import { taskIdForWorkflow } from './plan-issue.activities';

/** What the round activities need from the worker's Nest context (ReportingRoundStore). */
export interface ReportingRoundPort {
  recordRoundEvent(
    event: RoundEventRecord,
    projection: ReportingRoundProjection,
    report: RoundReportRecord | null,
    notifications: NotificationDraft[],
  ): Promise<void>;
  /** A plan's reporting duty (deadline, participants by default); null without a plan or a reporting section. */
  planReportingRoundSource(planId: string): Promise<PlanReportingRoundSource | null>;
}

export interface ReportingRoundDependencies {
  reportingRounds: ReportingRoundPort;
}

/** The round ID of a plan's own round: a name-based UUID of its workflow ID, so a repeated issue never makes a second row. */
export const reportingRoundIdForWorkflow = taskIdForWorkflow;

/**
 * Activities of the reporting rounds, served on the task queue next to the calendar activity. Every write
 * is idempotent: the event is keyed by (workflowId, seq), a report version by (round, agency, version),
 * an actual by (indicator, agency, round), notifications by (workflowId, seq, index).
 */
export function createReportingRoundActivities(deps: ReportingRoundDependencies) {
  return {
    async recordRoundEvent(args: {
      event: RoundEventRecord;
      projection: ReportingRoundProjection;
      report?: RoundReportRecord | null;
      notifications?: NotificationDraft[];
    }): Promise<void> {
      // As recordTaskEvent: text PostgreSQL cannot store must not wedge the round in endless retries.
      const { event, projection, report, notifications } = storableCopy(args);
      await deps.reportingRounds.recordRoundEvent(event, projection, report ?? null, notifications ?? []);
    },

    /**
     * Opens the round of a plan's own reporting duty (its `reporting` deadline, e.g. 10/12) when the plan is
     * issued: starts its workflow under the business key `reporting-round:<planCode>:plan-reporting`, then
     * projects its first event (`startWithFirstEvent`) — never twice, so issuing again (or a retry) is a no-op.
     * Answers null when the plan has no reporting section or nobody to report, or when its deadline has
     * already passed (issuing a plan late must not escalate everybody at once; the coordinator can open a
     * round with a new date).
     */
    async openPlanReportingRound(args: {
      planId: string;
      openedAt: string;
      openedBy: Actor;
    }): Promise<{ roundId: string; workflowId: string; started: boolean } | null> {
      const source = await deps.reportingRounds.planReportingRoundSource(args.planId);
      if (!source || source.participants.length === 0) return null;
      const workflowId = reportingRoundWorkflowId(source.planCode, PLAN_REPORTING_ROUND_KEY);
      const roundId = reportingRoundIdForWorkflow(workflowId);
      const input = planReportingRoundInput(source, { roundId, openedAt: args.openedAt, openedBy: args.openedBy, policy: resolveRoundPolicy() });
      if (Date.parse(input.dueAt) <= Date.parse(args.openedAt)) return null;
      const started = await startRoundOnce(deps.reportingRounds, workflowId, input);
      return { roundId, workflowId, started };
    },
  };
}

/**
 * Starts a round workflow from an activity under its business key, never twice, with its first event (the one
 * way plan issuing and the reporting schedule open rounds; the API's `POST` does the same through its gateway).
 * True when this call started it; a round that already runs keeps its own first event (the workflow records it).
 */
export async function startRoundOnce(port: Pick<ReportingRoundPort, 'recordRoundEvent'>, workflowId: string, input: ReportingRoundInput): Promise<boolean> {
  const outcome = await startWithFirstEvent(Context.current().client, {
    workflowType: 'reportingRoundWorkflow',
    options: reportingRoundStartOptions(workflowId, input),
    recordFirstEvent: () => port.recordRoundEvent(openedRoundEvent(workflowId, input), openedRoundProjection(input), null, []),
  });
  return outcome === 'started';
}

export type ReportingRoundActivities = ReturnType<typeof createReportingRoundActivities>;
