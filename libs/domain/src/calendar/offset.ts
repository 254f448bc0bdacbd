/**
 * Policy offsets (DESIGN §4 "Policy object"): `<n>wd` working days, or an exact ISO 8601
 * duration such as `PT5S` (how tests run a lifecycle in seconds). Plus due instants of plans.
 */
import { addDays, LocalDate, localDateOfInstant, localDateTimeToInstant, MS_PER_DAY, startOfLocalDay, assertInstant } from './local-date';
import { addWorkingDays, CalendarSnapshot, isWorkingDay } from './working-calendar';

export type PolicyOffset = { kind: 'working_days'; days: number } | { kind: 'duration'; ms: number };

export type OffsetDirection = 1 | -1;

/** Working-day timers fire at this local hour (Asia/Ho_Chi_Minh): the start of the office day. */
export const WORKING_MORNING_HOUR = 8;

/** Bounds that keep a typo ("300000wd") from becoming a timer decades away. */
export const MAX_WORKING_DAYS_OFFSET = 3650;
export const MAX_DURATION_MS = 3650 * MS_PER_DAY;

const WORKING_DAYS_PATTERN = /^(\d+)wd$/i;
const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const ISO_DURATION_PATTERN = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);
const UNIT_MS = [0, 0, 7 * MS_PER_DAY, MS_PER_DAY, 3_600_000, 60_000, 1000]; // Y, M, W, D, H, M, S

const FORMAT_HINT = 'expected "<n>wd" (working days, e.g. "3wd") or an ISO 8601 duration (e.g. "PT5S", "PT1H30M", "P2D")';

export type OffsetParseResult = { ok: true; offset: PolicyOffset } | { ok: false; error: string };

/** Parses an offset without throwing; `error` names the bad value and says what is expected. */
export function tryParseOffset(input: unknown): OffsetParseResult {
  if (typeof input !== 'string') {
    return fail(`Invalid offset ${describe(input)}: ${FORMAT_HINT}`);
  }
  const shown = JSON.stringify(input);
  if (input.startsWith('-')) {
    return fail(`Invalid offset ${shown}: offsets cannot be negative; the policy field says whether it counts before or after`);
  }
  const wd = WORKING_DAYS_PATTERN.exec(input);
  if (wd) {
    const days = Number(wd[1]);
    if (days > MAX_WORKING_DAYS_OFFSET) {
      return fail(`Invalid offset ${shown}: at most ${MAX_WORKING_DAYS_OFFSET} working days`);
    }
    return { ok: true, offset: { kind: 'working_days', days } };
  }
  const iso = ISO_DURATION_PATTERN.exec(input);
  if (!iso || input.toUpperCase() === 'P' || input.toUpperCase().endsWith('T')) {
    return fail(`Invalid offset ${shown}: ${FORMAT_HINT}`);
  }
  const parts = iso.slice(1);
  if (parts[0] !== undefined || parts[1] !== undefined) {
    return fail(`Invalid offset ${shown}: years and months have no fixed length; use days ("P30D") or working days ("20wd")`);
  }
  const present = parts.map((p, i) => [p, i] as const).filter(([p]) => p !== undefined);
  const fractional = present.findIndex(([p]) => /[.,]/.test(p!));
  if (fractional !== -1 && fractional !== present.length - 1) {
    return fail(`Invalid offset ${shown}: only the last component of a duration may have a fraction`);
  }
  const ms = Math.round(present.reduce((sum, [p, i]) => sum + Number(p!.replace(',', '.')) * UNIT_MS[i]!, 0));
  if (!Number.isSafeInteger(ms) || ms > MAX_DURATION_MS) {
    return fail(`Invalid offset ${shown}: at most ${MAX_DURATION_MS / MS_PER_DAY} days`);
  }
  return { ok: true, offset: { kind: 'duration', ms } };
}

/** Parses an offset; throws an Error naming the bad value. */
export function parseOffset(input: string): PolicyOffset {
  const result = tryParseOffset(input);
  if (!result.ok) throw new Error(result.error);
  return result.offset;
}

/** null when valid, else the error message (for request validation). */
export function validateOffset(input: unknown): string | null {
  const result = tryParseOffset(input);
  return result.ok ? null : result.error;
}

/** The canonical text of an offset: `3wd`, or an ISO duration in days/hours/minutes/seconds (`P1DT2H`, `PT0.5S`). */
export function formatOffset(offset: PolicyOffset): string {
  if (offset.kind === 'working_days') return `${offset.days}wd`;
  let rest = offset.ms;
  const days = Math.floor(rest / MS_PER_DAY);
  rest -= days * MS_PER_DAY;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  let time = '';
  if (hours) time += `${hours}H`;
  if (minutes) time += `${minutes}M`;
  if (seconds) time += `${seconds}S`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * The instant itself when it falls on a working day (any time of that day), else 08:00
 * Asia/Ho_Chi_Minh of the next working day. Used so that nothing counted in working days fires
 * on a day off.
 */
export function deferToWorkingDay(snapshot: CalendarSnapshot, instantMs: number): number {
  assertInstant(instantMs);
  const date = localDateOfInstant(instantMs);
  if (isWorkingDay(snapshot, date)) return instantMs;
  return localDateTimeToInstant(addWorkingDays(snapshot, date, 0), WORKING_MORNING_HOUR);
}

/**
 * When an offset from an anchor instant (a due date, an assignment) fires, as epoch ms.
 *
 * - Duration: exactly `anchor + direction × ms`; no calendar involved.
 * - `nwd`, n ≥ 1: take the anchor's calendar day D in Asia/Ho_Chi_Minh, move n working days
 *   (D itself not counted, see `addWorkingDays`) forward (direction 1) or back (−1), and fire
 *   at 08:00 that day. So "7wd before" a due of 00:00 2024-12-10 ("trước ngày 10/12") fires
 *   Fri 2024-11-29 08:00; "3wd after" a due of Fri 23:59:59.999 fires Wed 08:00. The result is
 *   always a working day, strictly before the anchor's day (−1) or strictly after it (+1).
 * - `0wd` (either direction): the anchor itself when its day is a working day, else 08:00 of
 *   the next working day (`deferToWorkingDay`); it never fires before the anchor.
 */
export function applyOffset(
  snapshot: CalendarSnapshot,
  instantMs: number,
  offset: PolicyOffset,
  direction: OffsetDirection,
): number {
  assertInstant(instantMs);
  if (direction !== 1 && direction !== -1) {
    throw new RangeError(`Invalid offset direction ${String(direction)}: expected 1 (after) or -1 (before)`);
  }
  if (offset.kind === 'duration') return instantMs + direction * offset.ms;
  if (offset.days === 0) return deferToWorkingDay(snapshot, instantMs);
  const target = addWorkingDays(snapshot, localDateOfInstant(instantMs), direction * offset.days);
  return localDateTimeToInstant(target, WORKING_MORNING_HOUR);
}

/**
 * How a plan words a deadline (DESIGN §2 "Time"):
 * - `before`: "trước ngày D" — due at 00:00 of D.
 * - `by`: "chậm nhất ngày D" / "đến ngày D" — due at the end of D, taken as 23:59:59.999 of D
 *   rather than 00:00 of D+1 so that the due instant still lies on D: working-day offsets then
 *   count from D, and D shows as the due day.
 */
export type DueRule = 'before' | 'by';

/** The due instant (epoch ms) of a plan's deadline date in Asia/Ho_Chi_Minh. */
export function dueInstant(date: LocalDate, rule: DueRule): number {
  if (rule === 'before') return startOfLocalDay(date);
  if (rule === 'by') return startOfLocalDay(addDays(date, 1)) - 1;
  throw new RangeError(`Invalid due rule ${JSON.stringify(rule)}: expected "before" or "by"`);
}

function fail(error: string): OffsetParseResult {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
