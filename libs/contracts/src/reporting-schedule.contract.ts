import type { PeriodicReportingRound } from '../../domain/src/plan/reporting-schedule';
import type { PlanDeadlineRule, PlanReportingSchedule } from '../../domain/src/plan/schema';
import type { ReportingRoundPolicy } from '../../domain/src/reporting/round-policy';
import type { Actor } from '../../domain/src/task';
import { planReportingRoundInput, reportingRoundTitle, type PlanReportingRoundSource, type ReportingRoundInput } from './reporting-round.contract';
import { startOnceOptions } from './task-queues';
import { businessKey } from './workflow-ids';

/**
 * `reporting-schedule:<planCode>`: the one workflow that opens a plan's periodic reporting rounds ("hằng quý",
 * "6 tháng", "hằng năm") on their dates. Started when the plan is issued, never twice; closing the plan cancels it.
 */
export function reportingScheduleWorkflowId(planCode: string): string {
  return businessKey('reporting-schedule', { planCode });
}

/** Round key of a periodic round: one round per (plan, period), e.g. `periodic-quarter-2024-Q2`. */
export function periodicRoundKey(periodKey: string): string {
  return `periodic-${periodKey}`;
}

export interface ReportingScheduleWorkflowInput {
  planId: string;
  planCode: string;
  /** When the plan was issued: exact periods count from here, and periods already due by then are skipped. */
  startedAt: string;
  startedBy: Actor;
  /** Rounds already handled (carried across continue-as-new). */
  done?: number;
}

export interface ReportingScheduleResult {
  /** Round keys opened by this schedule (a round another run opened first counts too). */
  opened: string[];
  /** Periods skipped: already due when their turn came (e.g. the worker was down past them). */
  skipped: string[];
  /** True when the plan was closed before every period had come. */
  stopped: boolean;
}

/** One entry of a plan's schedule as the scheduler workflow handles it (the round's `PeriodicReportingRound`). */
export type ScheduledReportingRound = PeriodicReportingRound;

/** What opening one periodic round answered: opened (now or by an earlier attempt), or why not. */
export type PeriodicRoundOutcome =
  | { outcome: 'opened'; roundId: string; workflowId: string; started: boolean }
  | { outcome: 'skipped'; reason: 'past_due' | 'no_participants' }
  | { outcome: 'plan_closed' };

export function reportingScheduleStartOptions(input: ReportingScheduleWorkflowInput) {
  return startOnceOptions(reportingScheduleWorkflowId(input.planCode), input);
}

/**
 * The input of a periodic round: the plan's own round (participants, compiler, policy) for one period, under the
 * period's key, due when the schedule says, its title naming the period.
 */
export function periodicReportingRoundInput(
  source: PlanReportingRoundSource,
  round: ScheduledReportingRound,
  options: { roundId: string; openedAt: string; openedBy: Actor; policy: ReportingRoundPolicy },
): ReportingRoundInput {
  return {
    ...planReportingRoundInput(source, options),
    roundKey: periodicRoundKey(round.key),
    title: `${reportingRoundTitle(source.planTitle)} (${round.period})`,
    dueAt: round.dueAt,
    dueText: round.dueText,
  };
}

/** What the reporting-schedule activities read of a plan: its periodic schedule, year, default rule, and whether it is closed. */
export interface PlanReportingScheduleSource {
  planId: string;
  planCode: string;
  year: number;
  deadlineRule: PlanDeadlineRule;
  /** `reporting.schedule` of the plan's document; empty when it states none. */
  schedule: PlanReportingSchedule[];
  closedAt: string | null;
}
