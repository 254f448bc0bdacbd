import { TASK_CATEGORIES, TASK_STATUSES, type TaskCategory, type TaskStatus } from '../task/task-status';

/** One issued task of a plan task (a group task has one per member agency). */
export interface PlanChildTaskSummary {
  status: TaskStatus;
  category: TaskCategory;
  progressPercent: number;
}

/** A plan task's state over its children; `not_issued` before the plan is issued. */
export interface PlanTaskAggregate {
  status: TaskStatus | 'not_issued';
  category: TaskCategory | null;
  /** Mean progress of the children that are not cancelled (0 when none). */
  progressPercent: number;
  total: number;
  byStatus: Partial<Record<TaskStatus, number>>;
  byCategory: Partial<Record<TaskCategory, number>>;
}

/**
 * The parent of a group task aggregates its children (issue 4): it is done when all are done and
 * overdue while any is. Cancelled children do not count, unless all are cancelled.
 *
 * - status: `cancelled` when every child is; else `completed` when every other child is; else the
 *   children's common status when they all share one; else `in_progress` (work is under way somewhere
 *   but not everywhere).
 * - category: `in_progress_overdue` while any open child is overdue; else `in_progress_on_time` while any
 *   is open; else `completed_late` if any finished late; else `completed_on_time` (`cancelled` when all are).
 */
export function aggregatePlanTask(children: readonly PlanChildTaskSummary[]): PlanTaskAggregate {
  const byStatus: Partial<Record<TaskStatus, number>> = {};
  const byCategory: Partial<Record<TaskCategory, number>> = {};
  for (const child of children) {
    byStatus[child.status] = (byStatus[child.status] ?? 0) + 1;
    byCategory[child.category] = (byCategory[child.category] ?? 0) + 1;
  }
  const ordered = <K extends string>(keys: readonly K[], counts: Partial<Record<K, number>>) =>
    Object.fromEntries(keys.filter((key) => counts[key]).map((key) => [key, counts[key]])) as Partial<Record<K, number>>;
  const base = { total: children.length, byStatus: ordered(TASK_STATUSES, byStatus), byCategory: ordered(TASK_CATEGORIES, byCategory) };
  if (children.length === 0) return { status: 'not_issued', category: null, progressPercent: 0, ...base };

  const active = children.filter((child) => child.status !== 'cancelled');
  if (active.length === 0) return { status: 'cancelled', category: 'cancelled', progressPercent: 0, ...base };

  const statuses = new Set(active.map((child) => child.status));
  const status: TaskStatus = statuses.size === 1 ? active[0].status : 'in_progress';
  const has = (category: TaskCategory) => active.some((child) => child.category === category);
  const category: TaskCategory = has('in_progress_overdue')
    ? 'in_progress_overdue'
    : has('in_progress_on_time')
      ? 'in_progress_on_time'
      : has('completed_late')
        ? 'completed_late'
        : 'completed_on_time';
  const progressPercent = Math.round(active.reduce((sum, child) => sum + child.progressPercent, 0) / active.length);
  return { status, category, progressPercent, ...base };
}
