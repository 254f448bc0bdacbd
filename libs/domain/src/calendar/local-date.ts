/**
 * Calendar days and instants in the business zone (Asia/Ho_Chi_Minh).
 *
 * Pure integer arithmetic on purpose: this code runs inside Temporal workflows, so it must not
 * read a clock or depend on the host's time zone database.
 */

/** A calendar day in Asia/Ho_Chi_Minh, written `YYYY-MM-DD` (ISO 8601 calendar date). */
export type LocalDate = string;

export interface YearMonthDay {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** 0 = Sunday … 6 = Saturday, as in `Date.prototype.getDay`. */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const BUSINESS_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Vietnam has used UTC+7 without daylight saving since 1975 (the whole country; the north
 * since 1968), so a fixed offset converts every instant this system handles exactly and keeps
 * the arithmetic independent of any tz database.
 */
export const BUSINESS_UTC_OFFSET_MINUTES = 7 * 60;

export const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const BUSINESS_OFFSET_MS = BUSINESS_UTC_OFFSET_MINUTES * MS_PER_MINUTE;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The parts of a valid `YYYY-MM-DD` date, or null (wrong shape, or a day that does not exist). */
export function tryParseLocalDate(value: unknown): YearMonthDay | null {
  if (typeof value !== 'string') return null;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isLocalDate(value: unknown): value is LocalDate {
  return tryParseLocalDate(value) !== null;
}

/** Parses `YYYY-MM-DD`; throws a RangeError naming the bad value. */
export function parseLocalDate(value: string): YearMonthDay {
  const parsed = tryParseLocalDate(value);
  if (!parsed) {
    throw new RangeError(`Invalid date ${JSON.stringify(value)}: expected an existing calendar day as YYYY-MM-DD`);
  }
  return parsed;
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function epochDayFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of {@link epochDayFromParts} (H. Hinnant's civil_from_days). */
export function partsFromEpochDay(epochDay: number): YearMonthDay {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function epochDayOf(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return epochDayFromParts(year, month, day);
}

export function localDateFromEpochDay(epochDay: number): LocalDate {
  const { year, month, day } = partsFromEpochDay(epochDay);
  return formatLocalDate(year, month, day);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return localDateFromEpochDay(epochDayOf(date) + days);
}

export function yearOf(date: LocalDate): number {
  return parseLocalDate(date).year;
}

export function dayOfWeek(date: LocalDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDayOf(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

/** Saturday or Sunday: the weekly rest days of state agencies (Decree 145/2020/NĐ-CP). */
export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** The Asia/Ho_Chi_Minh calendar day that contains the instant (epoch milliseconds). */
export function localDateOfInstant(instantMs: number): LocalDate {
  assertInstant(instantMs);
  return localDateFromEpochDay(Math.floor((instantMs + BUSINESS_OFFSET_MS) / MS_PER_DAY));
}

/** The instant (epoch ms) of a wall-clock time on a day in Asia/Ho_Chi_Minh. */
export function localDateTimeToInstant(date: LocalDate, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return (
    epochDayOf(date) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond - BUSINESS_OFFSET_MS
  );
}

/** 00:00 of the day in Asia/Ho_Chi_Minh, as epoch ms. */
export function startOfLocalDay(date: LocalDate): number {
  return localDateTimeToInstant(date);
}

export function assertInstant(instantMs: number): void {
  if (!Number.isSafeInteger(instantMs)) {
    throw new RangeError(`Invalid instant ${String(instantMs)}: expected integer epoch milliseconds`);
  }
}
