import type { CalendarSnapshot } from '../calendar/working-calendar';
import type { EscalationTarget } from '../policy/policy';
import { SYSTEM_ACTOR, type Actor, type EventDraft } from '../task/task-events';
import { applyDeadline, applyReport, hasReported, missingParticipants, newParticipant, replaceParticipants, type RoundEventType, type RoundParticipant, type RoundStatus } from './round';
import { nextRoundAlarm, type RoundAlarm } from './round-alarms';
import { roundNotificationsFor, type RoundNotificationContext } from './round-notifications';
import type { ParsedRoundPolicy, ReportingRoundPolicy } from './round-policy';

/** Live state of a reporting round (its workflow owns it): answered by its query and updates, carried across continue-as-new. */
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
  /** Keys of the alarms already fired (see round-alarms). */
  firedAlarms: string[];
  /** Sequence number of the last recorded event: the idempotency key of projections. */
  eventSeq: number;
}

export function initialReportingRoundState(round: { roundId: string; dueAt: string; participants: readonly string[] }): ReportingRoundState {
  return {
    roundId: round.roundId,
    status: 'open',
    dueAt: round.dueAt,
    participants: round.participants.map(newParticipant),
    escalationLevel: 0,
    escalatedTo: null,
    closedAt: null,
    closedBy: null,
    firedAlarms: [],
    eventSeq: 0,
  };
}

/** A copy that later changes to the state do not reach. */
export function copyRoundState(state: ReportingRoundState): ReportingRoundState {
  return {
    ...state,
    participants: state.participants.map((participant) => ({ ...participant, ...(participant.predecessors ? { predecessors: [...participant.predecessors] } : {}) })),
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

/** A round event to record, with the report version it carries, if any. */
export interface RoundEventDraft extends EventDraft<RoundEventType> {
  report?: RoundReportRecord;
}

/** What the round rules need beyond its state (the round workflow's input has it). */
export interface RoundFacts extends RoundNotificationContext {
  dueAt: string;
  participants: readonly string[];
  policy: ReportingRoundPolicy;
  openedAt: string;
  openedBy: Actor;
}

export interface RoundChange {
  state: ReportingRoundState;
  event: RoundEventDraft;
}

/** The round's first event: who opened it, when, for whom, under which policy; each participant is told. */
export function roundOpenedEvent(facts: RoundFacts): RoundEventDraft {
  return {
    type: 'opened',
    actor: facts.openedBy,
    payload: { dueAt: facts.dueAt, participants: facts.participants, policy: facts.policy },
    notifications: roundNotificationsFor.opened(facts, facts.participants),
    at: facts.openedAt,
  };
}

/**
 * A participant's report (or amendment) arriving at `atMs`: the participant's new standing and the event
 * carrying the report version. Call only when `roundCommandRefusal(…, 'submit_report', actor)` is null.
 */
export function applyRoundReport(state: ReportingRoundState, actor: Actor, draft: RoundReportDraft, facts: RoundFacts, atMs: number): RoundChange {
  const agency = actor.agency!;
  const index = state.participants.findIndex((participant) => participant.agency === agency);
  const before = state.participants[index];
  const dueAtMs = Date.parse(facts.dueAt);
  const after = applyReport(before, atMs, dueAtMs);
  const amended = before.reportVersion > 0;
  const late = after.status === 'submitted_late';
  const { content, indicatorActuals, attachments } = draft;
  const report: RoundReportRecord = {
    agency,
    version: after.reportVersion,
    content,
    indicatorActuals,
    attachments,
    submittedAt: after.lastReportedAt!,
    submittedBy: actor,
    late: amended ? atMs >= dueAtMs : late,
  };
  return {
    state: { ...state, participants: state.participants.map((participant, at) => (at === index ? after : participant)) },
    event: {
      type: amended ? 'report_amended' : 'report_submitted',
      actor,
      payload: { agency, version: report.version, late: report.late, status: after.status, indicatorActuals: indicatorActuals.length, attachments: attachments.length },
      notifications: amended ? roundNotificationsFor.amended(facts, agency, report.version) : roundNotificationsFor.submitted(facts, agency, late),
      report,
      at: report.submittedAt,
    },
  };
}

/** The coordinator closes the round at `atMs`, naming who never reported. */
export function closeRound(state: ReportingRoundState, actor: Actor, note: string | undefined, atMs: number): RoundChange {
  const closedAt = new Date(atMs).toISOString();
  const missing = missingParticipants(state.participants).map((participant) => participant.agency);
  return {
    state: { ...state, status: 'closed', closedAt, closedBy: actor },
    event: { type: 'closed', actor, payload: { missing, ...(note ? { note } : {}) }, notifications: [], at: closedAt },
  };
}

/** The reorganisation that swaps participants (named in the event). */
export interface RoundReorganization {
  id: string;
  title: string;
}

/**
 * A reorganisation (issue 11) replaces former participants by their successors (`replacements`: former →
 * successor; see replaceParticipants) at `atMs`: the event names each move and the reorganisation, and each
 * successor is told it now reports. Null when no participant of the round is replaced.
 */
export function replaceRoundParticipants(
  state: ReportingRoundState,
  actor: Actor,
  replacements: Readonly<Record<string, string>>,
  reorganization: RoundReorganization,
  facts: RoundFacts,
  atMs: number,
): RoundChange | null {
  const { participants, moved } = replaceParticipants(state.participants, replacements);
  if (moved.length === 0) return null;
  const reported = new Set(state.participants.filter(hasReported).map((participant) => participant.agency));
  const told = moved.map((move) => ({ ...move, reported: reported.has(move.from) }));
  return {
    state: { ...state, participants },
    event: {
      type: 'participants_replaced',
      actor,
      payload: { moved: told, reorganization, participants: participants.map((participant) => participant.agency) },
      notifications: roundNotificationsFor.takenOver(facts, told),
      at: new Date(atMs).toISOString(),
    },
  };
}

/** The next alarm of the round in `state`, planned at `nowMs` on `calendar`. */
export function nextRoundAlarmOf(state: ReportingRoundState, facts: RoundFacts, policy: ParsedRoundPolicy, calendar: CalendarSnapshot, nowMs: number): RoundAlarm | undefined {
  return nextRoundAlarm({
    status: state.status,
    dueAtMs: Date.parse(facts.dueAt),
    openedAtMs: Date.parse(facts.openedAt),
    nowMs,
    participants: state.participants,
    firedAlarms: state.firedAlarms,
    policy,
    calendar,
  });
}

/** What a fired alarm (at `atMs`) changes and records, marking it fired so it never fires twice. */
export function applyRoundAlarm(state: ReportingRoundState, alarm: RoundAlarm, facts: RoundFacts, atMs: number): RoundChange {
  const fired: ReportingRoundState = { ...state, firedAlarms: [...state.firedAlarms, alarm.key] };
  const missing = missingParticipants(state.participants).map((participant) => participant.agency);
  const change = (next: ReportingRoundState, type: RoundEventType, payload: Record<string, unknown>, notifications: RoundEventDraft['notifications']): RoundChange => ({
    state: next,
    event: { type, actor: SYSTEM_ACTOR, payload, notifications },
  });
  switch (alarm.kind) {
    case 'reminder':
      return change(fired, 'reminder_sent', { before: facts.policy.remindBefore[alarm.index ?? 0], missing }, roundNotificationsFor.reminder(facts, missing));
    case 'deadline': {
      const { participants, late } = applyDeadline(state.participants);
      return change({ ...fired, participants }, 'deadline_passed', { dueAt: facts.dueAt, late }, roundNotificationsFor.deadline(facts, late));
    }
    case 'escalation': {
      const level = (alarm.index ?? 0) + 1;
      const to = alarm.to!;
      const next: ReportingRoundState = { ...fired, escalationLevel: Math.max(state.escalationLevel, level), escalatedTo: to };
      const notifications = roundNotificationsFor.escalation(facts, to, level, missing, state.participants.length, atMs);
      return change(next, 'escalated', { level, to, missing }, notifications);
    }
  }
}
