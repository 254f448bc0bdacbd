import { addWorkingDays, isWorkingDay, type CalendarSnapshot } from '../calendar/working-calendar';
import { localDateOfInstant, localDateTimeToInstant } from '../calendar/local-date';
import { WORKING_MORNING_HOUR } from '../calendar/offset';
import { DIGEST_KIND } from './recipients';

/** Office hours in Asia/Ho_Chi_Minh on a working day: 07:30 (the digest goes out then) to 17:30. */
export const OFFICE_OPENS = { hour: 7, minute: 30 } as const;
export const OFFICE_CLOSES = { hour: 17, minute: 30 } as const;
/** The daily digest: 07:30 of every working day. */
export const DIGEST_TIME = OFFICE_OPENS;

export function isWithinOfficeHours(snapshot: CalendarSnapshot, instantMs: number): boolean {
  const date = localDateOfInstant(instantMs);
  if (!isWorkingDay(snapshot, date)) return false;
  const opens = localDateTimeToInstant(date, OFFICE_OPENS.hour, OFFICE_OPENS.minute);
  const closes = localDateTimeToInstant(date, OFFICE_CLOSES.hour, OFFICE_CLOSES.minute);
  return instantMs >= opens && instantMs < closes;
}

/**
 * When something the system decides on its own (a retry of a working-day event) may go out: the
 * instant itself within office hours, else 08:00 — the working morning reminders fire at — of
 * the same working day (before opening) or of the next one. A Saturday waits for Monday 08:00.
 */
export function nextOfficeMoment(snapshot: CalendarSnapshot, instantMs: number): number {
  if (isWithinOfficeHours(snapshot, instantMs)) return instantMs;
  const date = localDateOfInstant(instantMs);
  const morningToday = localDateTimeToInstant(date, WORKING_MORNING_HOUR);
  if (isWorkingDay(snapshot, date) && instantMs < morningToday) return morningToday;
  return localDateTimeToInstant(addWorkingDays(snapshot, date, 1), WORKING_MORNING_HOUR);
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay after the first failure; doubles after each further one, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, initialDelayMs: 30_000, maxDelayMs: 3_600_000 };

/** After `attempts` failed attempts: `dead`, or the next attempt's instant (exponential backoff). */
export function afterFailure(policy: RetryPolicy, attempts: number, nowMs: number): { dead: true } | { dead: false; nextAttemptAtMs: number } {
  if (attempts >= policy.maxAttempts) return { dead: true };
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempts - 1));
  return { dead: false, nextAttemptAtMs: nowMs + delay };
}

/**
 * When a failed delivery is tried next: `dead` after the last attempt, else after the backoff — and, for a
 * working-day event (`officeCalendar` given), not before the office opens: a retry due on Friday night or on
 * Saturday waits for Monday 08:00.
 */
export function nextDeliveryAttempt(
  policy: RetryPolicy,
  attempts: number,
  nowMs: number,
  officeCalendar?: CalendarSnapshot,
): { dead: true } | { dead: false; nextAttemptAtMs: number } {
  const next = afterFailure(policy, attempts, nowMs);
  if (next.dead || !officeCalendar) return next;
  return { dead: false, nextAttemptAtMs: nextOfficeMoment(officeCalendar, next.nextAttemptAtMs) };
}

interface OffsetPolicy {
  acknowledgeWithin?: string;
  acknowledgeEscalateAfter?: string;
  remindBefore?: readonly string[];
  escalateAfter?: readonly { after: string }[];
}

const isWorkingDays = (offset: string | undefined) => offset !== undefined && /wd$/.test(offset);

/**
 * Whether the system fired this notification at a working-day moment (so its retries keep to
 * office hours), judged from the offsets of the resolved task or round policy that produce its
 * kind. Exact durations (`PT5S`) and people's own actions are not held back. The digest always is.
 */
export function isWorkingDayEvent(kind: string, policy: OffsetPolicy): boolean {
  switch (kind) {
    case DIGEST_KIND:
      return true;
    case 'acknowledge_reminder':
      return isWorkingDays(policy.acknowledgeWithin);
    case 'reminder':
    case 'round_reminder':
      return (policy.remindBefore ?? []).some(isWorkingDays);
    case 'escalated':
    case 'round_escalated':
      return isWorkingDays(policy.acknowledgeEscalateAfter) || (policy.escalateAfter ?? []).some((step) => isWorkingDays(step.after));
    default:
      return false;
  }
}
