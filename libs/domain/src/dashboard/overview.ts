/**
 * The leadership dashboard (`GET /api/dashboard/overview`): counts by status category, overall
 * and per lead agency, and the overdue list with how long each task has been overdue.
 *
 * Pure: the API reads the counts and the overdue rows from PostgreSQL, and the time and the
 * working-day calendar are passed in.
 */
import { addDays, assertInstant, epochDayOf, LocalDate, localDateFromEpochDay, localDateOfInstant, startOfLocalDay, yearOf } from '../calendar/local-date';
import { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR } from '../calendar/lunar';
import { CalendarSnapshot, isWorkingDay, MAX_SNAPSHOT_YEARS } from '../calendar/working-calendar';
import { TASK_CATEGORIES, type TaskCategory, type TaskStatus } from '../task/task-status';

export type CategoryCounts = Record<TaskCategory, number>;

/** Default and largest length of the overdue list. */
export const DEFAULT_OVERDUE_LIMIT = 100;
export const MAX_OVERDUE_LIMIT = 1000;

/** Counts of one lead agency by category. */
export interface AgencyCountsRow {
  agency: string;
  counts: CategoryCounts;
}

/**
 * The part of a task's category that does not change with time, which the database can keep
 * counted (table `task_counts`, kept by a trigger) or group by: an open task is on time or
 * overdue depending on now, a completed one is not — unless it has no completion time, which
 * `categorize` then compares with now too.
 */
export const COUNT_BUCKETS = ['open', 'completed_on_time', 'completed_late', 'completed_undated', 'cancelled'] as const;
export type CountBucket = (typeof COUNT_BUCKETS)[number];

/**
 * What the database adds at read time: open tasks whose due instant has come
 * (`open_overdue`, a subset of `open`), and completed tasks without a completion time that are
 * past due (`completed_undated_late`, a subset of `completed_undated`).
 */
export type TimedCountKind = 'open_overdue' | 'completed_undated_late';

export interface CountRow {
  agency: string;
  kind: CountBucket | TimedCountKind;
  count: number;
}

/** The bucket of a task; the SQL function `task_count_bucket` (migration 1732500000004) is its twin. */
export function countBucketOf(task: { status: TaskStatus; dueAtMs: number; completedAtMs?: number | null }): CountBucket {
  if (task.status === 'cancelled') return 'cancelled';
  if (task.status !== 'completed') return 'open';
  if (task.completedAtMs === null || task.completedAtMs === undefined) return 'completed_undated';
  return task.completedAtMs <= task.dueAtMs ? 'completed_on_time' : 'completed_late';
}

/**
 * Category counts per agency from bucket counts and the time-dependent counts read with them,
 * exactly as `categorize` would count the tasks one by one at that moment. Agencies in the
 * order first seen.
 */
export function countsFromBuckets(rows: readonly CountRow[]): AgencyCountsRow[] {
  const byAgency = new Map<string, Record<CountRow['kind'], number>>();
  for (const row of rows) {
    let kinds = byAgency.get(row.agency);
    if (!kinds) {
      kinds = { open: 0, completed_on_time: 0, completed_late: 0, completed_undated: 0, cancelled: 0, open_overdue: 0, completed_undated_late: 0 };
      byAgency.set(row.agency, kinds);
    }
    kinds[row.kind] += row.count;
  }
  return [...byAgency.entries()].map(([agency, k]) => ({
    agency,
    counts: {
      completed_on_time: k.completed_on_time + k.completed_undated - k.completed_undated_late,
      completed_late: k.completed_late + k.completed_undated_late,
      in_progress_on_time: k.open - k.open_overdue,
      in_progress_overdue: k.open_overdue,
      cancelled: k.cancelled,
    },
  }));
}

/** An open task past its due date, as read from the database (most overdue first). */
export interface OverdueTaskRow {
  taskId: string;
  title: string;
  planId: string | null;
  planCode: string;
  taskRef: string;
  agency: string;
  status: TaskStatus;
  dueAtMs: number;
  /** The due date is the plan's assumption: its document states none (shown as `ASSUMED_DUE_LABEL`). */
  dueAssumed?: boolean;
  escalationLevel: number;
  escalatedTo: string | null;
}

export interface AgencyOverview {
  agency: string;
  agencyName: string | null;
  total: number;
  byCategory: CategoryCounts;
}

export type OverdueTaskView = Omit<OverdueTaskRow, 'dueAtMs'> & {
  agencyName: string | null;
  dueAt: string;
  /** Working days (Mon–Fri minus days off, admin swaps applied) overdue; see {@link workingDaysOverdue}. */
  workingDaysOverdue: number;
  /** The same count in calendar days. */
  daysOverdue: number;
};

export interface DashboardOverview {
  asOf: string;
  /** The day whose agencies the tasks are counted under: today, or the `?asOf=` day (YYYY-MM-DD). */
  agenciesOn: LocalDate;
  planId: string | null;
  total: number;
  byCategory: CategoryCounts;
  byAgency: AgencyOverview[];
  overdue: { total: number; limit: number; items: OverdueTaskView[] };
}

export function emptyCategoryCounts(): CategoryCounts {
  return Object.fromEntries(TASK_CATEGORIES.map((category) => [category, 0])) as CategoryCounts;
}

export function addCategoryCounts(into: CategoryCounts, counts: CategoryCounts): CategoryCounts {
  for (const category of TASK_CATEGORIES) into[category] += counts[category];
  return into;
}

export function sumOfCategoryCounts(counts: CategoryCounts): number {
  return TASK_CATEGORIES.reduce((sum, category) => sum + counts[category], 0);
}

/**
 * The first day a task due at `dueAtMs` is overdue from its start: the due day itself when the
 * task was due at 00:00 ("trước ngày D"), else the next day ("chậm nhất ngày D", or any time
 * within a day). So a task due "trước ngày 10/12" is one day overdue on 10/12, and one due
 * "chậm nhất ngày 10/12" on 11/12, matching how the office counts "quá hạn N ngày".
 */
export function firstOverdueDay(dueAtMs: number): LocalDate {
  assertInstant(dueAtMs);
  const dueDay = localDateOfInstant(dueAtMs);
  return startOfLocalDay(dueDay) === dueAtMs ? dueDay : addDays(dueDay, 1);
}

/**
 * Working days overdue at `nowMs`: the working days from {@link firstOverdueDay} through
 * today (Asia/Ho_Chi_Minh), both included; 0 before the due instant or while the due day
 * itself is still running. Counted against the calendar with the admin's overrides.
 */
export function workingDaysOverdue(snapshot: CalendarSnapshot, dueAtMs: number, nowMs: number): number {
  return measureOverdue(snapshot, [dueAtMs], nowMs)[0]!.workingDays;
}

/**
 * {@link workingDaysOverdue} and the calendar-day count for many tasks at once, in one pass over
 * the calendar from the earliest overdue day to today (the overdue list can span years).
 */
export function measureOverdue(
  snapshot: CalendarSnapshot,
  dueAtMsList: readonly number[],
  nowMs: number,
): { workingDays: number; days: number }[] {
  assertInstant(nowMs);
  const today = epochDayOf(localDateOfInstant(nowMs));
  const firstDays = dueAtMsList.map((dueAtMs) => (nowMs < dueAtMs ? null : epochDayOf(firstOverdueDay(dueAtMs))));
  const counted = firstDays.filter((day): day is number => day !== null && day <= today);
  if (counted.length === 0) return firstDays.map(() => ({ workingDays: 0, days: 0 }));
  const start = Math.min(...counted);
  // workingThrough[i]: working days in [start, start + i].
  const workingThrough = new Array<number>(today - start + 1);
  let running = 0;
  for (let day = start; day <= today; day++) {
    if (isWorkingDay(snapshot, localDateFromEpochDay(day))) running++;
    workingThrough[day - start] = running;
  }
  return firstDays.map((first) => {
    if (first === null || first > today) return { workingDays: 0, days: 0 };
    const before = first > start ? workingThrough[first - 1 - start]! : 0;
    return { workingDays: workingThrough[today - start]! - before, days: today - first + 1 };
  });
}

/**
 * The solar years the overview's calendar snapshot must cover (with their overrides): from the
 * year of the oldest overdue task to this year, at most {@link MAX_SNAPSHOT_YEARS} years back;
 * older days fall back to the statutory holidays (see `isWorkingDay`).
 */
export function overviewCalendarYears(dueAtMsList: readonly number[], nowMs: number): { fromYear: number; toYear: number } {
  const toYear = clampYear(yearOf(localDateOfInstant(nowMs)));
  let fromYear = toYear;
  for (const dueAtMs of dueAtMsList) {
    if (dueAtMs <= nowMs) fromYear = Math.min(fromYear, yearOf(firstOverdueDay(dueAtMs)));
  }
  fromYear = Math.max(clampYear(fromYear), toYear - MAX_SNAPSHOT_YEARS + 1);
  return { fromYear, toYear };
}

/**
 * The overview from what the database counted and listed: overall counts are the sum of the
 * agencies'; agencies come most overdue first (then most tasks, then by code), so the leader
 * sees where the problem is; the overdue list keeps the database's order (due date ascending =
 * most overdue first) and its total is the overdue count, however long the list is.
 */
export function assembleOverview(input: {
  nowMs: number;
  planId: string | null;
  /** See DashboardOverview.agenciesOn; default: the day of `nowMs`. */
  agenciesOn?: LocalDate;
  snapshot: CalendarSnapshot;
  byAgency: readonly AgencyCountsRow[];
  agencyNames: Readonly<Record<string, string>>;
  overdue: readonly OverdueTaskRow[];
  limit: number;
}): DashboardOverview {
  const { nowMs, snapshot } = input;
  const byCategory = emptyCategoryCounts();
  const merged = new Map<string, CategoryCounts>();
  for (const row of input.byAgency) {
    // A code can only come once from GROUP BY, but merging keeps the sums right regardless.
    const counts = merged.get(row.agency) ?? emptyCategoryCounts();
    addCategoryCounts(counts, row.counts);
    merged.set(row.agency, counts);
    addCategoryCounts(byCategory, row.counts);
  }
  const byAgency: AgencyOverview[] = [...merged.entries()]
    .filter(([, counts]) => sumOfCategoryCounts(counts) > 0)
    .map(([agency, counts]) => ({
      agency,
      agencyName: input.agencyNames[agency] ?? null,
      total: sumOfCategoryCounts(counts),
      byCategory: counts,
    }))
    .sort(
      (a, b) =>
        b.byCategory.in_progress_overdue - a.byCategory.in_progress_overdue ||
        b.total - a.total ||
        (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0),
    );
  const measured = measureOverdue(
    snapshot,
    input.overdue.map((row) => row.dueAtMs),
    nowMs,
  );
  const items: OverdueTaskView[] = input.overdue.map((row, i) => ({
    taskId: row.taskId,
    title: row.title,
    planId: row.planId,
    planCode: row.planCode,
    taskRef: row.taskRef,
    agency: row.agency,
    agencyName: input.agencyNames[row.agency] ?? null,
    status: row.status,
    dueAt: new Date(row.dueAtMs).toISOString(),
    dueAssumed: row.dueAssumed === true,
    workingDaysOverdue: measured[i]!.workingDays,
    daysOverdue: measured[i]!.days,
    escalationLevel: row.escalationLevel,
    escalatedTo: row.escalatedTo,
  }));
  return {
    asOf: new Date(nowMs).toISOString(),
    agenciesOn: input.agenciesOn ?? localDateOfInstant(nowMs),
    planId: input.planId,
    total: sumOfCategoryCounts(byCategory),
    byCategory,
    byAgency,
    overdue: { total: byCategory.in_progress_overdue, limit: input.limit, items },
  };
}

function clampYear(year: number): number {
  return Math.min(LUNAR_MAX_YEAR, Math.max(LUNAR_MIN_YEAR, year));
}
