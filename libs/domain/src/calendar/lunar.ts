/**
 * Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's astronomical algorithm
 * ("Thuật toán tính âm lịch"): new moons and solar longitudes from Jean Meeus' "Astronomical
 * Algorithms", evaluated at Vietnam's time zone UTC+7. The zone matters: a new moon that
 * falls between 16:00 and 17:00 UTC lands on different days in Hanoi and Beijing, which is why
 * Vietnam's Tết fell on 1985-01-21 while China's fell on 1985-02-20.
 *
 * Rules: a month starts on the day (UTC+7) of a new moon; month 11 contains the winter solstice;
 * in a year with 13 months, the first month after month 11 without a major solar term
 * (trung khí) is the leap month and repeats the number of the month before it.
 *
 * Only floating-point arithmetic and Math.sin: deterministic, so safe in workflow code.
 * Supported for solar years 1900–2100 (lunar years 1899–2100); other years are refused.
 */
import { epochDayFromParts, formatLocalDate, LocalDate, parseLocalDate, partsFromEpochDay, YearMonthDay } from './local-date';

/** Vietnam's lunar calendar is computed at UTC+7 (hours). */
export const LUNAR_TIME_ZONE_HOURS = 7;

export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2100;

export interface LunarDate {
  /** 1–30 */
  day: number;
  /** 1–12; a leap month repeats the number of the month before it */
  month: number;
  /** The lunar year, named after the solar year in which its month 1 starts. */
  year: number;
  leap: boolean;
}

// The Julian Day Number of 1970-01-01 (the algorithm works on Julian Day Numbers).
const JDN_OF_EPOCH_DAY_0 = 2440588;
const SYNODIC_MONTH = 29.530588853;
// The Julian day of the new moon of 1900-01-01, the origin of the new moon index k.
const NEW_MOON_ORIGIN = 2415021.076998695;

function jdnFromParts(year: number, month: number, day: number): number {
  return epochDayFromParts(year, month, day) + JDN_OF_EPOCH_DAY_0;
}

function partsFromJdn(jdn: number): YearMonthDay {
  return partsFromEpochDay(jdn - JDN_OF_EPOCH_DAY_0);
}

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries since 1900-01-01 12:00
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  // ΔT (TT − UT) in days.
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at a Julian day (Meeus, ch. 25, low accuracy). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525; // Julian centuries since J2000.0
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** The day number (JDN) on which the k-th new moon falls in local time. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** Which 30° sector (0–11) the sun is in at the start of a local day; sector 9 begins at the winter solstice. */
function sunLongitudeSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

// Pure memo: month 11 is needed by every conversion, and a workflow replay computes the same values.
const month11Cache = new Map<string, number>();

/** The JDN of the first day of the lunar month 11 that contains the winter solstice of solar `year`. */
function lunarMonth11Start(year: number, timeZone: number): number {
  const key = `${year}|${timeZone}`;
  let start = month11Cache.get(key);
  if (start === undefined) {
    start = computeLunarMonth11Start(year, timeZone);
    month11Cache.set(key, start);
  }
  return start;
}

function computeLunarMonth11Start(year: number, timeZone: number): number {
  const off = jdnFromParts(year, 12, 31) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  let start = newMoonDay(k, timeZone);
  // A new moon at or after the solstice starts month 12 at the earliest: month 11 began one lunation earlier.
  if (sunLongitudeSector(start, timeZone) >= 9) start = newMoonDay(k - 1, timeZone);
  return start;
}

/**
 * In a 13-month year starting at month 11 (JDN `a11`), the index (1-based, counted from
 * month 11) of the first month that has no major solar term: the leap month.
 */
function leapMonthOffset(a11: number, timeZone: number): number {
  const key = `${a11}|${timeZone}`;
  let offset = leapOffsetCache.get(key);
  if (offset === undefined) {
    offset = computeLeapMonthOffset(a11, timeZone);
    leapOffsetCache.set(key, offset);
  }
  return offset;
}

const leapOffsetCache = new Map<string, number>();

function computeLeapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_ORIGIN) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function assertYearInRange(year: number, what: 'Year' | 'Lunar year'): void {
  // Solar January 1900 lies in lunar year 1899, which must therefore be accepted too.
  const min = what === 'Year' ? LUNAR_MIN_YEAR : LUNAR_MIN_YEAR - 1;
  if (!Number.isInteger(year) || year < min || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`${what} ${String(year)} is outside the supported range ${min}–${LUNAR_MAX_YEAR}`);
  }
}

function solarJdnToLunar(dayNumber: number, solarYear: number, timeZone: number): LunarDate {
  // The month containing the day starts at the last new moon on or before it. The mean-lunation
  // estimate of k can be off by one either way (the original algorithm assumed it never was and
  // returned day 0 for 2054-05-07 and 2062-04-09), so adjust until the bracket is right.
  let k = Math.floor((dayNumber - NEW_MOON_ORIGIN) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k, timeZone) > dayNumber) k--;
  while (newMoonDay(k + 1, timeZone) <= dayNumber) k++;
  const monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11Start(solarYear, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = solarYear;
    a11 = lunarMonth11Start(solarYear - 1, timeZone);
  } else {
    lunarYear = solarYear + 1;
    b11 = lunarMonth11Start(solarYear + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 (and a leap 11/12) belong to the lunar year that began before a11's solar year ended.
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** The JDN of day 1 of a lunar month, or null when that leap month does not exist in that year. */
function lunarMonthStartJdn(month: number, lunarYear: number, leap: boolean, timeZone: number): number | null {
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11Start(lunarYear - 1, timeZone);
    b11 = lunarMonth11Start(lunarYear, timeZone);
  } else {
    a11 = lunarMonth11Start(lunarYear, timeZone);
    b11 = lunarMonth11Start(lunarYear + 1, timeZone);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_ORIGIN) / SYNODIC_MONTH);
  return newMoonDay(k + off, timeZone);
}

/** The month number (1–12) that is repeated as a leap month in lunar year `lunarYear`, or null. */
export function leapMonthOfLunarYear(lunarYear: number): number | null {
  assertYearInRange(lunarYear, 'Lunar year');
  for (let month = 1; month <= 12; month++) {
    // Months 11 and 12 of lunar year Y are numbered from the solstice of solar year Y.
    if (lunarMonthStartJdn(month, lunarYear, true, LUNAR_TIME_ZONE_HOURS) !== null) return month;
  }
  return null;
}

/** 29 or 30: the number of days of a lunar month. Throws if that (leap) month does not exist. */
export function lunarMonthLength(month: number, lunarYear: number, leap = false): number {
  assertLunarMonth(month, lunarYear);
  const start = lunarMonthStartJdn(month, lunarYear, leap, LUNAR_TIME_ZONE_HOURS);
  if (start === null) throw new RangeError(`Lunar year ${lunarYear} has no leap month ${month}`);
  // The next month starts at the next new moon, roughly 29.5 days later.
  const k = Math.floor((start + 15 - NEW_MOON_ORIGIN) / SYNODIC_MONTH);
  let next = newMoonDay(k, LUNAR_TIME_ZONE_HOURS);
  if (next <= start) next = newMoonDay(k + 1, LUNAR_TIME_ZONE_HOURS);
  return next - start;
}

function assertLunarMonth(month: number, lunarYear: number): void {
  assertYearInRange(lunarYear, 'Lunar year');
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid lunar month ${String(month)}: expected 1–12`);
  }
}

/** The solar (Gregorian) date of a Vietnamese lunar date. Throws a RangeError for a date that does not exist. */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number, leapMonth = false): YearMonthDay {
  assertLunarMonth(lunarMonth, lunarYear);
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) {
    throw new RangeError(`Invalid lunar day ${String(lunarDay)}: expected 1–30`);
  }
  const start = lunarMonthStartJdn(lunarMonth, lunarYear, leapMonth, LUNAR_TIME_ZONE_HOURS);
  if (start === null) throw new RangeError(`Lunar year ${lunarYear} has no leap month ${lunarMonth}`);
  if (lunarDay === 30 && lunarMonthLength(lunarMonth, lunarYear, leapMonth) < 30) {
    throw new RangeError(`Lunar month ${lunarMonth}${leapMonth ? ' (leap)' : ''} of ${lunarYear} has only 29 days`);
  }
  return partsFromJdn(start + lunarDay - 1);
}

/** The Vietnamese lunar date of a solar (Gregorian) date. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  assertYearInRange(year, 'Year');
  // Validates the day (e.g. rejects 2023-02-29).
  const date = parseLocalDate(formatLocalDate(year, month, day));
  return solarJdnToLunar(jdnFromParts(date.year, date.month, date.day), date.year, LUNAR_TIME_ZONE_HOURS);
}

/** {@link lunarToSolar} returning a `YYYY-MM-DD` string. */
export function lunarToLocalDate(lunarDay: number, lunarMonth: number, lunarYear: number, leapMonth = false): LocalDate {
  const { year, month, day } = lunarToSolar(lunarDay, lunarMonth, lunarYear, leapMonth);
  return formatLocalDate(year, month, day);
}

/** {@link solarToLunar} of a `YYYY-MM-DD` string. */
export function localDateToLunar(date: LocalDate): LunarDate {
  const { year, month, day } = parseLocalDate(date);
  return solarToLunar(year, month, day);
}

/** Mùng 1 tháng Giêng: the first day of lunar year `lunarYear` (Tết Nguyên đán). */
export function lunarNewYear(lunarYear: number): LocalDate {
  return lunarToLocalDate(1, 1, lunarYear);
}
