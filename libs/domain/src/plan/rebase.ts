import { daysInMonth } from './dates';
import { PlanFile } from './schema';

/** Move a `YYYY-MM-DD` date by whole years, keeping month and day (29 February becomes 28 February). */
export function shiftDateByYears(date: string, years: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a date: "${date}"`);
  const year = Number(match[1]) + years;
  const month = Number(match[2]);
  const day = Math.min(Number(match[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${match[2]}-${String(day).padStart(2, '0')}`;
}

/**
 * The plan issued for another year: every date (issue date, task due dates, reporting deadline) moves by the
 * difference in years keeping month and day; `year` and indicator horizons equal to the old year move too
 * (2030/2045 horizons stay). The old year in the plan's `code` and `title` becomes the new one (a code without
 * it gets `-<year>` appended) so that the re-based plan does not collide with its template. Pure: the input is
 * not modified.
 */
export function rebasePlan(plan: PlanFile, year: number): PlanFile {
  if (!Number.isInteger(year)) throw new Error(`year must be an integer, got ${year}`);
  const copy = JSON.parse(JSON.stringify(plan)) as PlanFile;
  const diff = year - plan.year;
  if (diff === 0) return copy;
  const shift = (date: string) => shiftDateByYears(date, diff);
  const oldYear = new RegExp(`(?<!\\d)${plan.year}(?!\\d)`, 'g');

  copy.year = year;
  copy.code = new RegExp(oldYear.source).test(plan.code) ? plan.code.replace(oldYear, String(year)) : `${plan.code}-${year}`;
  copy.title = plan.title.replace(oldYear, String(year));
  if (copy.issuedDate !== undefined) copy.issuedDate = shift(copy.issuedDate);
  if (copy.reporting) copy.reporting.dueDate = shift(copy.reporting.dueDate);
  for (const task of copy.tasks) {
    if (task.due !== undefined && task.due !== 'reporting') task.due.date = shift(task.due.date);
  }
  for (const indicator of copy.indicators) {
    if (indicator.horizon === plan.year) indicator.horizon = year;
  }
  return copy;
}
