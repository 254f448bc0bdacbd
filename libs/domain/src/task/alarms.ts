import { applyOffset } from '../calendar/offset';
import type { CalendarSnapshot } from '../calendar/working-calendar';
import type { EscalationTarget, ParsedPolicy } from '../policy/policy';
import type { TaskStatus } from './task-status';

/**
 * The timed duties of a task (DESIGN.md §2 "Policy"): remind the lead agency to acknowledge,
 * escalate an unacknowledged task to the agency head, remind before the due date, turn overdue at
 * it, then climb the escalation ladder. Pure: the workflow asks which alarm is next and sleeps until then.
 */
export type AlarmKind = 'acknowledge_reminder' | 'acknowledge_escalation' | 'reminder' | 'overdue' | 'escalation';

export interface Alarm {
  /** Stable identity, recorded once fired so nothing fires twice (`reminder-1`, `escalation-2`, …). */
  key: string;
  kind: AlarmKind;
  atMs: number;
  /** Position in `remindBefore` or `escalateAfter`. */
  index?: number;
  to?: EscalationTarget;
}

export interface AlarmSchedule {
  status: TaskStatus;
  dueAtMs: number;
  acknowledgeClockFromMs: number;
  dueSetAtMs: number;
  nowMs: number;
  firedAlarms: readonly string[];
  policy: ParsedPolicy;
  calendar: CalendarSnapshot;
}

const ORDER: Record<AlarmKind, number> = {
  acknowledge_reminder: 0,
  acknowledge_escalation: 1,
  reminder: 2,
  overdue: 3,
  escalation: 4,
};

export const ACKNOWLEDGE_ALARM_KEYS = ['acknowledge-reminder', 'acknowledge-escalation'];

/** Alarm keys that a new due date makes due again: overdue and the escalation ladder (reminders already sent stay sent). */
export function isDueBoundAlarm(key: string): boolean {
  return key === 'overdue' || key.startsWith('escalation-');
}

/** Every alarm still to fire, earliest first (ties in lifecycle order). */
export function pendingAlarms(schedule: AlarmSchedule): Alarm[] {
  const { status, policy, calendar } = schedule;
  const fired = new Set(schedule.firedAlarms);
  const alarms: Alarm[] = [];
  const add = (alarm: Alarm) => {
    if (!fired.has(alarm.key)) alarms.push(alarm);
  };

  if (status === 'assigned') {
    const reminderAt = applyOffset(calendar, schedule.acknowledgeClockFromMs, policy.acknowledgeWithin, 1);
    add({ key: 'acknowledge-reminder', kind: 'acknowledge_reminder', atMs: reminderAt });
    add({
      key: 'acknowledge-escalation',
      kind: 'acknowledge_escalation',
      atMs: applyOffset(calendar, reminderAt, policy.acknowledgeEscalateAfter, 1),
      to: 'agency_head',
    });
  }

  // While submitted work waits for the coordinator, the agency is not chased.
  if (status === 'assigned' || status === 'acknowledged' || status === 'in_progress') {
    if (schedule.nowMs < schedule.dueAtMs) {
      policy.remindBefore.forEach((offset, index) => {
        const atMs = applyOffset(calendar, schedule.dueAtMs, offset, -1);
        // A reminder whose moment had already passed when the due date was set is not sent late.
        if (atMs > schedule.dueSetAtMs && atMs < schedule.dueAtMs) add({ key: `reminder-${index}`, kind: 'reminder', atMs, index });
      });
    }
    add({ key: 'overdue', kind: 'overdue', atMs: schedule.dueAtMs });
    policy.escalateAfter.forEach((step, index) => {
      add({
        key: `escalation-${index}`,
        kind: 'escalation',
        atMs: Math.max(schedule.dueAtMs, applyOffset(calendar, schedule.dueAtMs, step.after, 1)),
        index,
        to: step.to,
      });
    });
  }

  return alarms.sort((a, b) => a.atMs - b.atMs || ORDER[a.kind] - ORDER[b.kind] || (a.index ?? 0) - (b.index ?? 0));
}

export function nextAlarm(schedule: AlarmSchedule): Alarm | undefined {
  return pendingAlarms(schedule)[0];
}
