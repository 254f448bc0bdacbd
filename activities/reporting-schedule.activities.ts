import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  periodicReportingRoundInput,
  periodicRoundKey,
  reportingRoundWorkflowId,
  reportingScheduleStartOptions,
  reportingScheduleWorkflowId,
  type PeriodicRoundOutcome,
  type PlanReportingScheduleSource,
  type ReportingScheduleWorkflowInput,
  type ScheduledReportingRound,
} from '../libs/contracts/src';
import { periodicReportingCalendarYears, periodicReportingRounds } from '../libs/domain/src/plan/reporting-schedule';
import { resolveRoundPolicy } from '../libs/domain/src/reporting/round-policy';
import type { Actor } from '../libs/domain/src/task';
import { reportingRoundIdForWorkflow, startRoundOnce, type ReportingRoundPort } from './reporting-round.activities';
import type { CalendarPort } from './task-projection.activities';

/** What the schedule activities need from the worker's Nest context (ReportingRoundStore, CalendarStore). */
export interface ReportingScheduleDependencies {
  reportingRounds: ReportingRoundPort & {
    /** The plan's periodic schedule and whether it is closed; null without the plan. */
    planReportingSchedule(planId: string): Promise<PlanReportingScheduleSource | null>;
  };
  calendar: CalendarPort;
}

/**
 * Activities of a plan's periodic reporting: starting its scheduler workflow once, telling it the next period, and
 * opening that period's round — under `reporting-round:<planCode>:periodic-<period>`, so that each (plan, period)
 * gets exactly one round however often a step is retried or the plan issued again.
 */
export function createReportingScheduleActivities(deps: ReportingScheduleDependencies) {
  return {
    /** Starts the plan's scheduler (`reporting-schedule:<planCode>`) unless it states no periodic reporting or is closed. */
    async startPlanReportingSchedule(args: { planId: string; issuedAt: string; issuedBy: Actor }): Promise<{ workflowId: string; started: boolean } | null> {
      const plan = await deps.reportingRounds.planReportingSchedule(args.planId);
      if (!plan || plan.closedAt || plan.schedule.length === 0) return null;
      const input: ReportingScheduleWorkflowInput = { planId: plan.planId, planCode: plan.planCode, startedAt: args.issuedAt, startedBy: args.issuedBy };
      const workflowId = reportingScheduleWorkflowId(plan.planCode);
      try {
        await Context.current().client.workflow.start('planReportingScheduleWorkflow', reportingScheduleStartOptions(input));
        return { workflowId, started: true };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw error;
      }
    },

    /**
     * The `index`-th round of the plan's schedule still to come when the schedule started (ordered by opening
     * time), or null after the last; `closed` when the plan has been closed. Read afresh at each step, so an
     * admin's calendar change still moves a due date that falls on a new day off.
     */
    async nextPeriodicReportingRound(args: { planId: string; startedAt: string; index: number }): Promise<{ round: ScheduledReportingRound | null; closed: boolean }> {
      const plan = await deps.reportingRounds.planReportingSchedule(args.planId);
      if (!plan || plan.closedAt) return { round: null, closed: true };
      const years = periodicReportingCalendarYears(plan.year);
      const calendar = await deps.calendar.snapshot(years.fromYear, years.toYear);
      const rounds = periodicReportingRounds(plan.schedule, { year: plan.year, defaultRule: plan.deadlineRule, startedAt: args.startedAt, calendar });
      const ahead = rounds.filter((round) => Date.parse(round.dueAt) > Date.parse(args.startedAt));
      return { round: ahead[args.index] ?? null, closed: false };
    },

    /**
     * Opens the round of one period, once: skipped when its deadline has passed (a worker down past it must not
     * open a round that is late at birth) or nobody must report; nothing when the plan has been closed meanwhile.
     */
    async openPeriodicReportingRound(args: { planId: string; round: ScheduledReportingRound; openedBy: Actor }): Promise<PeriodicRoundOutcome> {
      const plan = await deps.reportingRounds.planReportingSchedule(args.planId);
      if (!plan || plan.closedAt) return { outcome: 'plan_closed' };
      const openedAt = new Date().toISOString();
      if (Date.parse(args.round.dueAt) <= Date.parse(openedAt)) return { outcome: 'skipped', reason: 'past_due' };
      const source = await deps.reportingRounds.planReportingRoundSource(args.planId);
      if (!source || source.participants.length === 0) return { outcome: 'skipped', reason: 'no_participants' };
      const workflowId = reportingRoundWorkflowId(source.planCode, periodicRoundKey(args.round.key));
      const roundId = reportingRoundIdForWorkflow(workflowId);
      const input = periodicReportingRoundInput(source, args.round, { roundId, openedAt, openedBy: args.openedBy, policy: resolveRoundPolicy() });
      const started = await startRoundOnce(deps.reportingRounds, workflowId, input);
      return { outcome: 'opened', roundId, workflowId, started };
    },
  };
}

export type ReportingScheduleActivities = ReturnType<typeof createReportingScheduleActivities>;
