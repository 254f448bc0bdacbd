import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RoundEventType } from '../../domain/src/reporting/round';
import type { ReportingRoundPolicy } from '../../domain/src/reporting/round-policy';
import { initialReportingRoundState, roundOpenedEvent, type ReportingRoundState, type RoundReportDraft } from '../../domain/src/reporting/round-state';
import type { Actor } from '../../domain/src/task';
import { startOnceOptions } from './task-queues';
import type { CommandMeta } from './task-workflow.contract';
import { businessKey } from './workflow-ids';

// The live state and the report versions are the domain's; re-exported for the API, activities and persistence.
export {
  initialReportingRoundState,
  type ReportingRoundState,
  type RoundAttachment,
  type RoundReportDraft,
  type RoundReportRecord,
} from '../../domain/src/reporting/round-state';

/** Round key of the round a plan's own reporting duty becomes when the plan is issued (one per plan). */
export const PLAN_REPORTING_ROUND_KEY = 'plan-reporting';

/** `reporting-round:<planCode>:<roundKey>`: a business key, so the plan's own round is never started twice. */
export function reportingRoundWorkflowId(planCode: string, roundKey: string): string {
  return businessKey('reporting-round', { planCode, roundKey });
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
  /** Continue as new once the history has this many events (default 1 500, keeping every run under 2,048; tests set it low). */
  historyEventLimit?: number;
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
  const { type, at, actor, payload } = roundOpenedEvent(input);
  return { workflowId, seq: 1, roundId: input.roundId, type, at: at!, actor, payload };
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
/** What a reorganisation (issue 11) hands a round: former participant → successor, and which reorganisation it is. */
export interface ReplaceRoundParticipantsArgs extends CommandMeta {
  replacements: Record<string, string>;
  reorganization: { id: string; title: string };
  /** Names of successors the round does not know yet (agencies the reorganisation creates), for its messages. */
  agencyNames?: Record<string, string>;
}

export interface ReplaceRoundParticipantsResult {
  moved: { from: string; to: string; reported: boolean }[];
  state: ReportingRoundState;
}

/** Swaps former participants for their successors; refused when the round is closed or nobody in it is replaced. */
export const replaceRoundParticipantsUpdate = defineUpdate<ReplaceRoundParticipantsResult, [ReplaceRoundParticipantsArgs]>('replaceRoundParticipants');
export const roundStateQuery = defineQuery<ReportingRoundState>('roundState');

/** ApplicationFailure type of a round command the round's state does not allow (the API answers 409). */
export const ROUND_COMMAND_REFUSED_FAILURE = 'ReportingRoundCommandRefused';

export function reportingRoundStartOptions(workflowId: string, input: ReportingRoundInput) {
  return startOnceOptions(workflowId, input);
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
