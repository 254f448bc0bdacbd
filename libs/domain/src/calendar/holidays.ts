/**
 * Vietnam's public holidays as the 2019 Labour Code defines them (Bộ luật Lao động 2019,
 * Article 112, in force since 2021-01-01), with the compensatory days of Article 111(3).
 *
 * This is what the law computes. Each year the government also swaps days for state agencies
 * (hoán đổi ngày làm việc: a weekday off, a Saturday worked); those are admin overrides applied by
 * the working calendar, not guessed here.
 */
import { addDays, dayOfWeek, DayOfWeek, formatLocalDate, isLocalDate, isWeekend, LocalDate } from './local-date';
import { localDateToLunar, LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, lunarToLocalDate } from './lunar';

export type HolidayKind = 'holiday' | 'compensatory';

export interface PublicHoliday {
  date: LocalDate;
  /** Vietnamese, for display. */
  name: string;
  kind: HolidayKind;
  /** For a compensatory day (nghỉ bù): the holiday it makes up for (on a weekend, or sharing its day). */
  compensatesFor?: LocalDate;
}

/**
 * Which day joins 2 September (Article 112(1)(đ): "ngày 02 tháng 9 dương lịch và 01 ngày liền kề
 * trước hoặc sau", the Prime Minister chooses each year).
 * - `before`: 1 September; `after`: 3 September.
 * - `auto` (default): the adjoining day that is a weekday; if both are, the one next to a
 *   weekend; if that still ties (2/9 a Wednesday), the day before. By weekday of 2/9: Mon→3/9, Tue→1/9, Wed→1/9, Thu→3/9, Fri→1/9, Sat→1/9, Sun→3/9.
 *   This reproduces every choice made under the 2019 Code so far: 2021 (Thu, 3/9), 2022 (Fri,
 *   1/9), 2023 (Sat, 1/9), 2024 (Mon, 3/9), 2025 (Tue, 1/9), 2026 (Wed, 1/9). For Mon and Sun
 *   either choice gives the same days off once the compensatory day is counted.
 */
export type NationalDayAdjoining = 'before' | 'after' | 'auto';

/** A fixed solar-date holiday beyond Article 112 (e.g. if the Code is amended), from a given year on. */
export interface ExtraFixedHoliday {
  month: number;
  day: number;
  name: string;
  /** First year it applies to; every year when omitted. */
  fromYear?: number;
}

export interface HolidayRuleOptions {
  nationalDayAdjoining?: NationalDayAdjoining;
  extraFixedHolidays?: ExtraFixedHoliday[];
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  lunarNewYear: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
  victoryDay: 'Ngày Chiến thắng (30/4)',
  labourDay: 'Ngày Quốc tế Lao động (1/5)',
  nationalDay: 'Quốc khánh (2/9)',
} as const;

const AUTO_ADJOINING: Record<DayOfWeek, 'before' | 'after'> = {
  0: 'after',
  1: 'after',
  2: 'before',
  3: 'before',
  4: 'after',
  5: 'before',
  6: 'before',
};

const LUNAR_NEW_YEAR_DAY_NAMES = ['mùng 1', 'mùng 2', 'mùng 3'];

/** Article 112 holidays of a solar year, before compensatory days. Sorted by date. */
export function computeStatutoryHolidays(year: number, options: HolidayRuleOptions = {}): PublicHoliday[] {
  assertHolidayYear(year);
  const holidays: PublicHoliday[] = [];
  const add = (date: LocalDate, name: string): void => {
    holidays.push({ date, name, kind: 'holiday' });
  };

  add(formatLocalDate(year, 1, 1), HOLIDAY_NAMES.newYear);

  // Tết: the last two days of the old lunar year (29 and 30, or 28 and 29, of tháng Chạp)
  // and the first three days of the new one. Counting back from mùng 1 covers both month lengths.
  const tet = lunarToLocalDate(1, 1, year);
  const eveDay = addDays(tet, -1);
  const lastDayOfYear = localDateToLunar(eveDay).day;
  add(addDays(tet, -2), `${HOLIDAY_NAMES.lunarNewYear} (${lastDayOfYear - 1} tháng Chạp)`);
  add(eveDay, `${HOLIDAY_NAMES.lunarNewYear} (${lastDayOfYear} tháng Chạp)`);
  LUNAR_NEW_YEAR_DAY_NAMES.forEach((dayName, i) => {
    add(addDays(tet, i), `${HOLIDAY_NAMES.lunarNewYear} (${dayName} tháng Giêng)`);
  });

  add(lunarToLocalDate(10, 3, year), HOLIDAY_NAMES.hungKings);
  add(formatLocalDate(year, 4, 30), HOLIDAY_NAMES.victoryDay);
  add(formatLocalDate(year, 5, 1), HOLIDAY_NAMES.labourDay);

  const nationalDay = formatLocalDate(year, 9, 2);
  add(nationalDay, HOLIDAY_NAMES.nationalDay);
  const choice = options.nationalDayAdjoining ?? 'auto';
  const side = choice === 'auto' ? AUTO_ADJOINING[dayOfWeek(nationalDay)] : choice;
  const adjoining = side === 'before' ? formatLocalDate(year, 9, 1) : formatLocalDate(year, 9, 3);
  add(adjoining, `Quốc khánh (ngày liền kề ${side === 'before' ? '1/9' : '3/9'})`);

  for (const extra of options.extraFixedHolidays ?? []) {
    if (extra.fromYear !== undefined && year < extra.fromYear) continue;
    const date = formatLocalDate(year, extra.month, extra.day);
    if (!isLocalDate(date)) throw new RangeError(`Extra holiday ${JSON.stringify(extra.name)} has no date ${date}`);
    if (!holidays.some((h) => h.date === date)) add(date, extra.name);
  }

  return holidays.sort(byDate);
}

/**
 * Article 112 holidays plus compensatory days (nghỉ bù): each holiday on a Saturday or Sunday
 * gives one day off on the next working day after it that is not itself a holiday or an
 * earlier compensatory day — i.e. after the holiday period, in the holidays' order (Tết 2024:
 * mùng 1–2 on Sat–Sun → Tue 13/2 and Wed 14/2 after mùng 3 on Mon 12/2). Sorted by date.
 *
 * Two holidays on one day (within 1900–2100 only in 1947, Giỗ Tổ on 30/4) are listed once
 * with both names, and the lost day is made up like a weekend clash. The Code has no rule for
 * that case; this is our reading of its intent (every holiday is a day off).
 */
export function computePublicHolidays(year: number, options: HolidayRuleOptions = {}): PublicHoliday[] {
  const merged: PublicHoliday[] = [];
  const lost: PublicHoliday[] = [];
  for (const holiday of computeStatutoryHolidays(year, options)) {
    const previous = merged[merged.length - 1];
    if (previous?.date === holiday.date) {
      // The day is already off (holiday, and maybe weekend too): this holiday is lost once.
      previous.name = `${previous.name}; ${holiday.name}`;
      lost.push(holiday);
    } else {
      merged.push({ ...holiday });
      if (isWeekend(holiday.date)) lost.push(holiday);
    }
  }
  lost.sort(byDate);
  const taken = new Set(merged.map((h) => h.date));
  const compensatory: PublicHoliday[] = [];
  for (const holiday of lost) {
    let candidate = addDays(holiday.date, 1);
    while (isWeekend(candidate) || taken.has(candidate)) candidate = addDays(candidate, 1);
    taken.add(candidate);
    compensatory.push({
      date: candidate,
      name: `Nghỉ bù ${holiday.name}`,
      kind: 'compensatory',
      compensatesFor: holiday.date,
    });
  }
  return [...merged, ...compensatory].sort(byDate);
}

function assertHolidayYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Holiday year ${String(year)} is outside the supported range ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
  }
}

function byDate(a: { date: LocalDate }, b: { date: LocalDate }): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}
