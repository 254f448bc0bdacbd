import { dueInstant, parseOffset } from '../calendar/offset';
import { addDays, startOfLocalDay } from '../calendar/local-date';
import { addWorkingDays, type CalendarSnapshot } from '../calendar/working-calendar';
import { describePlanReportingDue, describeRoundDue } from '../reporting/round';
import { daysInMonth } from './dates';
import { PLAN_REPORTING_PERIODS, type PlanDeadlineRule, type PlanReportingPeriod, type PlanReportingSchedule } from './schema';

/** One periodic report a plan's `reporting.schedule` asks for. */
export interface PeriodicReportingDate {
  every: PlanReportingPeriod;
  /** The period in Vietnamese, e.g. "quý II/2024", "6 tháng đầu năm 2024". */
  period: string;
  date: string;
  rule: PlanDeadlineRule;
  /** The period's key within the year: `2024-Q2`, `2024-H1`, `2024`, `2024-02`. */
  key: string;
  /** The schedule entry's own setting (`next_working_day` moves a due date off a day off). */
  dayOff: 'keep' | 'next_working_day';
}

const PERIOD_END_MONTHS: Record<PlanReportingPeriod, number[]> = {
  month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarter: [3, 6, 9, 12],
  half_year: [6, 12],
  year: [12],
};

const ROMAN = ['I', 'II', 'III', 'IV'];

function periodName(every: PlanReportingPeriod, month: number, year: number): string {
  switch (every) {
    case 'month':
      return `tháng ${month}/${year}`;
    case 'quarter':
      return `quý ${ROMAN[month / 3 - 1]}/${year}`;
    case 'half_year':
      return month === 6 ? `6 tháng đầu năm ${year}` : `năm ${year}`;
    case 'year':
      return `năm ${year}`;
  }
}

function periodKey(every: PlanReportingPeriod, month: number, year: number): string {
  switch (every) {
    case 'month':
      return `${year}-${String(month).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${month / 3}`;
    case 'half_year':
      return `${year}-H${month / 6}`;
    case 'year':
      return `${year}`;
  }
}

/** True for the calendar periods (month … year), false for an exact period such as `PT30S`. */
export function isCalendarReportingPeriod(every: string): every is PlanReportingPeriod {
  return (PLAN_REPORTING_PERIODS as readonly string[]).includes(every);
}

/**
 * The due dates of a plan's periodic reports in one year, in date order: the period's last month, on `day` (capped
 * to the month's length) or its last day, as the document states them (no calendar: see `periodicReportingRounds`).
 * Exact periods (`PT30S`) are not calendar dates and are left out.
 */
export function periodicReportingDates(
  schedule: readonly PlanReportingSchedule[],
  year: number,
  defaultRule: PlanDeadlineRule = 'by',
): PeriodicReportingDate[] {
  const dates: PeriodicReportingDate[] = [];
  for (const entry of schedule) {
    const every = entry.every;
    if (!isCalendarReportingPeriod(every)) continue;
    for (const month of PERIOD_END_MONTHS[every]) {
      const day = Math.min(entry.day ?? 31, daysInMonth(year, month));
      dates.push({
        every,
        period: periodName(every, month, year),
        date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        rule: entry.rule ?? defaultRule,
        key: periodKey(every, month, year),
        dayOff: entry.dayOff ?? 'keep',
      });
    }
  }
  return dates.sort((a, b) => a.date.localeCompare(b.date));
}

/** A calendar period's round opens this many days before its due date (00:00 Asia/Ho_Chi_Minh of that day). */
export const PERIODIC_ROUND_LEAD_DAYS = 30;

/** One reporting round a plan's schedule opens: when, due when, and its key (one round per plan and period). */
export interface PeriodicReportingRound {
  /** Unique within the plan and free of `:`: `quarter-2024-Q2`, `half_year-2024-H1`, `year-2024`, `PT30S-3`. */
  key: string;
  /** The period in Vietnamese ("quý II/2024", "đợt 3"). */
  period: string;
  opensAt: string;
  dueAt: string;
  /** The deadline as the round words it ("chậm nhất ngày 15/04/2024"). */
  dueText: string;
}

export interface PeriodicReportingOptions {
  /** The plan's year: calendar periods are those of this year. */
  year: number;
  /** The plan's `deadlineRule`, for entries without a rule. */
  defaultRule: PlanDeadlineRule;
  /** When the plan was issued: exact periods count from here. */
  startedAt: string;
  /** The working-day calendar of `year` (and the next), needed by an entry with `dayOff: next_working_day`. */
  calendar?: CalendarSnapshot;
}

/**
 * Every round a plan's reporting schedule opens, ordered by opening time (then key): a calendar period opens
 * `PERIODIC_ROUND_LEAD_DAYS` before its due date and is due on the date the document states — moved to the next
 * working day when the entry says `dayOff: next_working_day`; an exact period k (1 … times) opens at
 * `startedAt + (k−1)·every` and is due at `startedAt + k·every`. Pure: the scheduler workflow gets these from an
 * activity (the calendar is data) and waits for each `opensAt`.
 */
export function periodicReportingRounds(schedule: readonly PlanReportingSchedule[], options: PeriodicReportingOptions): PeriodicReportingRound[] {
  const rounds: PeriodicReportingRound[] = [];
  for (const date of periodicReportingDates(schedule, options.year, options.defaultRule)) {
    let dueDate = date.date;
    if (date.dayOff === 'next_working_day') {
      if (!options.calendar) throw new Error('periodicReportingRounds: a schedule with dayOff next_working_day needs the calendar');
      dueDate = addWorkingDays(options.calendar, dueDate, 0);
    }
    rounds.push({
      key: `${date.every}-${date.key}`,
      period: date.period,
      opensAt: new Date(startOfLocalDay(addDays(dueDate, -PERIODIC_ROUND_LEAD_DAYS))).toISOString(),
      dueAt: new Date(dueInstant(dueDate, date.rule)).toISOString(),
      dueText: describePlanReportingDue(dueDate, date.rule),
    });
  }
  const startMs = Date.parse(options.startedAt);
  for (const entry of schedule) {
    if (isCalendarReportingPeriod(entry.every)) continue;
    const offset = parseOffset(entry.every);
    if (offset.kind !== 'duration') continue;
    for (let k = 1; k <= (entry.times ?? 0); k++) {
      const dueAtMs = startMs + k * offset.ms;
      rounds.push({
        key: `${entry.every}-${k}`,
        period: `đợt ${k}`,
        opensAt: new Date(startMs + (k - 1) * offset.ms).toISOString(),
        dueAt: new Date(dueAtMs).toISOString(),
        dueText: describeRoundDue(dueAtMs),
      });
    }
  }
  return rounds.sort((a, b) => a.opensAt.localeCompare(b.opensAt) || a.key.localeCompare(b.key));
}

/** The years of calendar a schedule needs (its due dates may move into the next year's first days). */
export function periodicReportingCalendarYears(year: number): { fromYear: number; toYear: number } {
  return { fromYear: year, toYear: year + 1 };
}
