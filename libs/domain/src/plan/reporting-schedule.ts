import { daysInMonth } from './dates';
import type { PlanDeadlineRule, PlanReportingPeriod, PlanReportingSchedule } from './schema';

/** One periodic report a plan's `reporting.schedule` asks for. */
export interface PeriodicReportingDate {
  every: PlanReportingPeriod;
  /** The period in Vietnamese, e.g. "quý II/2024", "6 tháng đầu năm 2024". */
  period: string;
  date: string;
  rule: PlanDeadlineRule;
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

/**
 * The due dates of a plan's periodic reports in one year, in date order: the period's last month, on `day` (capped
 * to the month's length) or its last day. Pure: the reporting-round workflows will open rounds on these dates.
 */
export function periodicReportingDates(
  schedule: readonly PlanReportingSchedule[],
  year: number,
  defaultRule: PlanDeadlineRule = 'by',
): PeriodicReportingDate[] {
  const dates: PeriodicReportingDate[] = [];
  for (const entry of schedule) {
    for (const month of PERIOD_END_MONTHS[entry.every]) {
      const day = Math.min(entry.day ?? 31, daysInMonth(year, month));
      dates.push({
        every: entry.every,
        period: periodName(entry.every, month, year),
        date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        rule: entry.rule ?? defaultRule,
      });
    }
  }
  return dates.sort((a, b) => a.date.localeCompare(b.date));
}
