import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EscalationTarget } from '../../domain/src/policy';
import { newParticipant, type RoundEventType, type RoundParticipant, type RoundStatus } from '../../domain/src/reporting/round';
import type { ReportingRoundPolicy } from '../../domain/src/reporting/round-policy';
import type { Actor } from '../../domain/src/task';
import { TASK_QUEUE } from './task-queues';
import type { CommandMeta } from './task-workflow.contract';

/** Round key of the round a plan's own reporting duty becomes when the plan is issued (one per plan). */
export const PLAN_REPORTING_ROUND_KEY = 'plan-reporting';

/** `reporting-round:<planCode>:<roundKey>`: a business key, so the plan's own round is never started twice. */
export function reportingRoundWorkflowId(planCode: string, roundKey: string): string {
  for (const [name, part] of Object.entries({ planCode, roundKey })) {
    if (!part || part.includes(':')) throw new Error(`${name} must be non-empty and contain no ':' (got "${part}")`);
  }
  return `reporting-round:${planCode}:${roundKey}`;
}

/** What `POST /api/plans/:id/reporting-rounds` and plan issuing hand to a new round workflow. */
export interface ReportingRoundInput {
  roundId: string;
  planId: string;
  planCode: string;
  roundKey: string;
  /** `plan`: the plan's own reporting duty (opened by issuing); `ad_hoc`: opened by the coordinator. */
  kind: 'plan' | 'ad_hoc';
  title: string;
  dueAt: string;
  /** The deadline as the report words it ("trước ngày 10/12/2026"). */
  dueText: string;
  /** The agency that compiles the reports (the plan's reporting recipient, the coordinating office). */
  coordinatorAgency: string;
  /** Participant agency codes, in round order. */
  participants: string[];
  /** Names of the participants (and the coordinator), for messages that name who is missing. */
  agencyNames: Record<string, string>;
  policy: ReportingRoundPolicy;
  openedAt: string;
  openedBy: Actor;
  /** Continue as new once the history has this many events (default 10 000; tests set it low). */
  historyEventLimit?: number;
}

/** Live state of a round workflow, answered by `roundStateQuery` and by every update; carried across continue-as-new. */
export interface ReportingRoundState {
  roundId: string;
  status: RoundStatus;
  dueAt: string;
  participants: RoundParticipant[];
  /** How many `escalateAfter` steps have fired (0 when none), and the last one's target. */
  escalationLevel: number;
  escalatedTo: EscalationTarget | null;
  closedAt: string | null;
  closedBy: Actor | null;
  /** Keys of the alarms already fired (see libs/domain round-alarms). */
  firedAlarms: string[];
  /** Sequence number of the last recorded event: the idempotency key of projections. */
  eventSeq: number;
}

export function initialReportingRoundState(input: ReportingRoundInput): ReportingRoundState {
  return {
    roundId: input.roundId,
    status: 'open',
    dueAt: input.dueAt,
    participants: input.participants.map(newParticipant),
    escalationLevel: 0,
    escalatedTo: null,
    closedAt: null,
    closedBy: null,
    firedAlarms: [],
    eventSeq: 0,
  };
}

export interface RoundAttachment {
  name: string;
  url?: string;
}

/** What a participant sends: its narrative, its indicator actuals (codes validated by the API), attachments. */
export interface RoundReportDraft {
  content: string;
  indicatorActuals: { indicator: string; value: number }[];
  attachments: RoundAttachment[];
}

/** One version of a participant's report, as the projection stores it (every version is kept). */
export interface RoundReportRecord extends RoundReportDraft {
  agency: string;
  version: number;
  submittedAt: string;
  submittedBy: Actor;
  late: boolean;
}

/** One entry of the round's history, written by the projection activity. */
export interface RoundEventRecord {
  workflowId: string;
  seq: number;
  roundId: string;
  type: RoundEventType;
  at: string;
  actor: Actor;
  payload: Record<string, unknown>;
}

/** The round view after an event, written together with the event. */
export interface ReportingRoundProjection {
  input: ReportingRoundInput;
  state: ReportingRoundState;
}

/** The event the API and the workflow both write first (same key, same content). */
export function openedRoundEvent(workflowId: string, input: ReportingRoundInput): RoundEventRecord {
  return {
    workflowId,
    seq: 1,
    roundId: input.roundId,
    type: 'opened',
    at: input.openedAt,
    actor: input.openedBy,
    payload: { dueAt: input.dueAt, participants: input.participants, policy: input.policy },
  };
}

/** The round view after its first event, written together with `openedRoundEvent`. */
export function openedRoundProjection(input: ReportingRoundInput): ReportingRoundProjection {
  return { input, state: { ...initialReportingRoundState(input), eventSeq: 1 } };
}

export interface SubmitRoundReportResult {
  agency: string;
  version: number;
  amended: boolean;
  state: ReportingRoundState;
}

export const submitRoundReportUpdate = defineUpdate<SubmitRoundReportResult, [CommandMeta & RoundReportDraft]>('submitRoundReport');
export const closeRoundUpdate = defineUpdate<ReportingRoundState, [CommandMeta & { note?: string }]>('closeRound');
export const roundStateQuery = defineQuery<ReportingRoundState>('roundState');

/** ApplicationFailure type of a round command the round's state does not allow (the API answers 409). */
export const ROUND_COMMAND_REFUSED_FAILURE = 'ReportingRoundCommandRefused';

/** Round workflows run on the task queue, next to the calendar activity they share with task workflows. */
export function reportingRoundStartOptions(workflowId: string, input: ReportingRoundInput) {
  return {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input] as [ReportingRoundInput],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
}

/** A plan's reporting duty as opening its round needs it (read by the plan-issue activity). */
export interface PlanReportingRoundSource {
  planId: string;
  planCode: string;
  planTitle: string;
  dueAt: string;
  dueText: string;
  coordinatorAgency: string;
  participants: string[];
  agencyNames: Record<string, string>;
}

/** The title every round of a plan carries. */
export function reportingRoundTitle(planTitle: string): string {
  return `Báo cáo kết quả thực hiện ${planTitle.charAt(0).toLowerCase()}${planTitle.slice(1)}`;
}

/** The input of a plan's own round: default policy, participants by default, the plan's deadline and its wording. */
export function planReportingRoundInput(
  source: PlanReportingRoundSource,
  options: { roundId: string; openedAt: string; openedBy: Actor; policy: ReportingRoundPolicy },
): ReportingRoundInput {
  return {
    roundId: options.roundId,
    planId: source.planId,
    planCode: source.planCode,
    roundKey: PLAN_REPORTING_ROUND_KEY,
    kind: 'plan',
    title: reportingRoundTitle(source.planTitle),
    dueAt: source.dueAt,
    dueText: source.dueText,
    coordinatorAgency: source.coordinatorAgency,
    participants: source.participants,
    agencyNames: source.agencyNames,
    policy: options.policy,
    openedAt: options.openedAt,
    openedBy: options.openedBy,
  };
}
