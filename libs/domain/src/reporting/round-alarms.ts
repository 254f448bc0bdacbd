import { applyOffset } from '../calendar/offset';
import type { CalendarSnapshot } from '../calendar/working-calendar';
import type { EscalationTarget } from '../policy/policy';
import { missingParticipants, type RoundParticipant, type RoundStatus } from './round';
import type { ParsedRoundPolicy } from './round-policy';

/**
 * The timed duties of a reporting round: remind those who have not reported before the deadline, turn
 * them late at it, then climb the escalation ladder naming them. Counted like a task's alarms (same
 * offsets, same working-day rules: `applyOffset`). Pure: the workflow asks which alarm is next and
 * sleeps until then. Nothing is planned once everyone has reported, or once the round is closed.
 */
export type RoundAlarmKind = 'reminder' | 'deadline' | 'escalation';

export interface RoundAlarm {
  /** Stable identity, recorded once fired (`reminder-0`, `deadline`, `escalation-1`). */
  key: string;
  kind: RoundAlarmKind;
  atMs: number;
  /** Position in `remindBefore` or `escalateAfter`. */
  index?: number;
  to?: EscalationTarget;
}

export interface RoundAlarmSchedule {
  status: RoundStatus;
  dueAtMs: number;
  /** When the round was opened: a reminder whose moment had already passed then is not sent. */
  openedAtMs: number;
  nowMs: number;
  participants: readonly Pick<RoundParticipant, 'status'>[];
  firedAlarms: readonly string[];
  policy: ParsedRoundPolicy;
  calendar: CalendarSnapshot;
}

const ORDER: Record<RoundAlarmKind, number> = { reminder: 0, deadline: 1, escalation: 2 };

/** Every alarm still to fire, earliest first (at one instant: reminders, the deadline, then the ladder in order). */
export function pendingRoundAlarms(schedule: RoundAlarmSchedule): RoundAlarm[] {
  const { policy, calendar, dueAtMs } = schedule;
  if (schedule.status !== 'open' || missingParticipants(schedule.participants).length === 0) return [];
  const fired = new Set(schedule.firedAlarms);
  const alarms: RoundAlarm[] = [];
  const add = (alarm: RoundAlarm) => {
    if (!fired.has(alarm.key)) alarms.push(alarm);
  };
  if (schedule.nowMs < dueAtMs) {
    policy.remindBefore.forEach((offset, index) => {
      const atMs = applyOffset(calendar, dueAtMs, offset, -1);
      if (atMs > schedule.openedAtMs && atMs < dueAtMs) add({ key: `reminder-${index}`, kind: 'reminder', atMs, index });
    });
  }
  add({ key: 'deadline', kind: 'deadline', atMs: dueAtMs });
  policy.escalateAfter.forEach((step, index) => {
    add({
      key: `escalation-${index}`,
      kind: 'escalation',
      atMs: Math.max(dueAtMs, applyOffset(calendar, dueAtMs, step.after, 1)),
      index,
      to: step.to,
    });
  });
  return alarms.sort((a, b) => a.atMs - b.atMs || ORDER[a.kind] - ORDER[b.kind] || (a.index ?? 0) - (b.index ?? 0));
}

export function nextRoundAlarm(schedule: RoundAlarmSchedule): RoundAlarm | undefined {
  return pendingRoundAlarms(schedule)[0];
}
