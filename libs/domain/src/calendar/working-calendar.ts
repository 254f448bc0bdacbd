/**
 * The working-day calendar of state agencies: Monday–Friday, minus public holidays and their
 * compensatory days, with each year's official swaps applied as admin overrides.
 *
 * A calendar is a plain JSON object (a "snapshot") so that it can travel into a Temporal
 * workflow as input; every function here is pure and reads nothing but its arguments.
 */
import { computePublicHolidays, HolidayKind, HolidayRuleOptions } from './holidays';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR } from './lunar';
import { epochDayOf, isLocalDate, isWeekend, LocalDate, localDateFromEpochDay, yearOf } from './local-date';

export type CalendarOverrideKind = 'day_off' | 'working_day';

/** An admin's decision for one date; it wins over what the law computes. */
export interface CalendarOverride {
  date: LocalDate;
  /** `day_off`: not worked (e.g. a weekday given off by a swap); `working_day`: worked (e.g. a Saturday làm bù). */
  kind: CalendarOverrideKind;
  name?: string;
}

/** A day off of the calendar (for display): a statutory holiday, a compensatory day, or an admin day off. */
export interface DayOff {
  date: LocalDate;
  name: string;
  kind: HolidayKind | 'day_off';
}

/** A date worked although it would otherwise be off (a Saturday làm bù, or a holiday cancelled by an admin). */
export interface ExtraWorkingDay {
  date: LocalDate;
  name: string;
}

export interface CalendarSnapshot {
  /** First and last solar year whose days off are listed (computed holidays + overrides). */
  fromYear: number;
  toYear: number;
  /** The holiday rules used, also for dates outside [fromYear, toYear]. */
  rules: HolidayRuleOptions;
  /** Every date off other than a plain weekend, sorted ascending (weekend holidays included). */
  daysOff: LocalDate[];
  /** Dates worked that would otherwise be off, sorted ascending. */
  workingDays: LocalDate[];
  /** `daysOff` with names and kinds, same order. */
  holidays: DayOff[];
  /** `workingDays` with names, same order. */
  extraWorkingDays: ExtraWorkingDay[];
}

export interface BuildCalendarSnapshotInput {
  fromYear: number;
  toYear: number;
  /** Overrides outside [fromYear, toYear] are left out; for one date, the last one wins. */
  overrides?: readonly CalendarOverride[];
  rules?: HolidayRuleOptions;
}

export const DEFAULT_DAY_OFF_NAME = 'Nghỉ theo hoán đổi ngày làm việc';
export const DEFAULT_WORKING_DAY_NAME = 'Làm bù theo hoán đổi ngày làm việc';

/** At most this many years in one snapshot, to keep workflow inputs small. */
export const MAX_SNAPSHOT_YEARS = 50;

export function buildCalendarSnapshot(input: BuildCalendarSnapshotInput): CalendarSnapshot {
  const { fromYear, toYear } = input;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) {
    throw new RangeError(`Invalid calendar years ${String(fromYear)}–${String(toYear)}: expected integers, fromYear ≤ toYear`);
  }
  if (toYear - fromYear + 1 > MAX_SNAPSHOT_YEARS) {
    throw new RangeError(`A calendar snapshot covers at most ${MAX_SNAPSHOT_YEARS} years, not ${fromYear}–${toYear}`);
  }
  const rules = normaliseRules(input.rules);
  const off = new Map<LocalDate, DayOff>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of computePublicHolidays(year, rules)) off.set(h.date, { date: h.date, name: h.name, kind: h.kind });
  }
  const working = new Map<LocalDate, ExtraWorkingDay>();
  for (const override of input.overrides ?? []) {
    validateOverride(override);
    const year = yearOf(override.date);
    if (year < fromYear || year > toYear) continue;
    if (override.kind === 'day_off') {
      working.delete(override.date);
      const computed = off.get(override.date);
      off.set(override.date, {
        date: override.date,
        name: override.name ?? computed?.name ?? DEFAULT_DAY_OFF_NAME,
        kind: computed && override.name === undefined ? computed.kind : 'day_off',
      });
    } else {
      off.delete(override.date);
      // A weekday that was not off needs no entry: it is a working day anyway.
      if (isWeekend(override.date) || isComputedOff(override.date, rules)) {
        working.set(override.date, { date: override.date, name: override.name ?? DEFAULT_WORKING_DAY_NAME });
      }
    }
  }
  const holidays = [...off.values()].sort(byDate);
  const extraWorkingDays = [...working.values()].sort(byDate);
  return {
    fromYear,
    toYear,
    rules,
    daysOff: holidays.map((h) => h.date),
    workingDays: extraWorkingDays.map((w) => w.date),
    holidays,
    extraWorkingDays,
  };
}

/** Checks an override's shape; throws an Error naming the bad field. */
export function validateOverride(override: CalendarOverride): void {
  if (!isLocalDate(override.date)) {
    throw new RangeError(`Invalid override date ${JSON.stringify(override.date)}: expected YYYY-MM-DD`);
  }
  if (override.kind !== 'day_off' && override.kind !== 'working_day') {
    throw new RangeError(`Invalid override kind ${JSON.stringify(override.kind)} for ${override.date}: expected "day_off" or "working_day"`);
  }
  if (override.name !== undefined && (typeof override.name !== 'string' || override.name.trim() === '')) {
    throw new RangeError(`Invalid override name for ${override.date}: expected a non-empty string`);
  }
}

/** Whether the snapshot lists the date's year with its overrides (outside, only the law's holidays apply). */
export function coversDate(snapshot: CalendarSnapshot, date: LocalDate): boolean {
  const year = yearOf(date);
  return year >= snapshot.fromYear && year <= snapshot.toYear;
}

/**
 * Whether state agencies work on that date. Inside the snapshot's years: overrides, then
 * computed days off, then Monday–Friday. Outside them: the law's holidays computed on the fly
 * (no overrides are known there), so a workflow whose timers run past the snapshot still skips
 * Tết instead of failing.
 */
export function isWorkingDay(snapshot: CalendarSnapshot, date: LocalDate): boolean {
  if (!coversDate(snapshot, date)) return !isWeekend(date) && !isComputedOff(date, snapshot.rules);
  if (containsSorted(snapshot.workingDays, date)) return true;
  if (containsSorted(snapshot.daysOff, date)) return false;
  return !isWeekend(date);
}

/**
 * The working day `n` working days after `from` (n > 0) or before it (n < 0); `from` itself is
 * never counted. With n = 0: `from` when it is a working day, else the next working day.
 * E.g. from Fri 2024-02-02, +4 → Thu 2024-02-15 (Tết 8–14/02 skipped); −1 → Thu 2024-02-01.
 */
export function addWorkingDays(snapshot: CalendarSnapshot, from: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Invalid working-day count ${String(n)}: expected an integer`);
  let epochDay = epochDayOf(from);
  if (n === 0) {
    while (!isWorkingDay(snapshot, localDateFromEpochDay(epochDay))) epochDay++;
    return localDateFromEpochDay(epochDay);
  }
  const step = n > 0 ? 1 : -1;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    epochDay += step;
    if (isWorkingDay(snapshot, localDateFromEpochDay(epochDay))) remaining--;
  }
  return localDateFromEpochDay(epochDay);
}

/**
 * Working days d with a < d ≤ b (positive), or minus those with b < d ≤ a when b is before a.
 * So for a working day `a`, addWorkingDays(s, a, workingDaysBetween(s, a, b)) === b whenever b
 * is a working day. Same date: 0.
 */
export function workingDaysBetween(snapshot: CalendarSnapshot, a: LocalDate, b: LocalDate): number {
  const start = epochDayOf(a);
  const end = epochDayOf(b);
  const [low, high, sign] = start <= end ? [start, end, 1] : [end, start, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) {
    if (isWorkingDay(snapshot, localDateFromEpochDay(day))) count++;
  }
  return sign * count;
}

/** The days off of a year that are not plain weekends (what `GET /api/calendar/holidays` lists). */
export function holidaysOfYear(snapshot: CalendarSnapshot, year: number): DayOff[] {
  if (year < snapshot.fromYear || year > snapshot.toYear) {
    return computePublicHolidays(year, snapshot.rules).map((h) => ({ date: h.date, name: h.name, kind: h.kind }));
  }
  const prefix = `${String(year).padStart(4, '0')}-`;
  return snapshot.holidays.filter((h) => h.date.startsWith(prefix));
}

/** The dates of a year worked although otherwise off (làm bù). */
export function extraWorkingDaysOfYear(snapshot: CalendarSnapshot, year: number): ExtraWorkingDay[] {
  const prefix = `${String(year).padStart(4, '0')}-`;
  return snapshot.extraWorkingDays.filter((w) => w.date.startsWith(prefix));
}

/** The next working day strictly after `date`. */
export function nextWorkingDay(snapshot: CalendarSnapshot, date: LocalDate): LocalDate {
  return addWorkingDays(snapshot, date, 1);
}

function normaliseRules(rules: HolidayRuleOptions | undefined): HolidayRuleOptions {
  // Copy into plain data so the snapshot stays JSON with no shared references.
  const result: HolidayRuleOptions = {};
  if (rules?.nationalDayAdjoining !== undefined) result.nationalDayAdjoining = rules.nationalDayAdjoining;
  if (rules?.extraFixedHolidays !== undefined) result.extraFixedHolidays = rules.extraFixedHolidays.map((h) => ({ ...h }));
  return result;
}

// Memo of the law's days off per year and rules: pure, so caching keeps workflow replays identical.
const computedOffCache = new Map<string, ReadonlySet<LocalDate>>();

function isComputedOff(date: LocalDate, rules: HolidayRuleOptions): boolean {
  const year = yearOf(date);
  // Beyond the lunar algorithm's range only weekends can be known.
  if (year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) return false;
  const key = `${year}|${JSON.stringify(rules)}`;
  let days = computedOffCache.get(key);
  if (!days) {
    days = new Set(computePublicHolidays(year, rules).map((h) => h.date));
    if (computedOffCache.size > 500) computedOffCache.clear();
    computedOffCache.set(key, days);
  }
  return days.has(date);
}

function containsSorted(sorted: readonly LocalDate[], date: LocalDate): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = sorted[mid]!;
    if (value === date) return true;
    if (value < date) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

function byDate(a: { date: LocalDate }, b: { date: LocalDate }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
