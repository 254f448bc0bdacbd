import type { TaskAccessSubject, TaskCategory } from '../../domain/src/task';

/**
 * The SQL forms of two rules of libs/domain: `categorize` (task-status.ts) and `canSeeTask` (task-access.ts).
 * They are written for the indexes rather than generated, so test/e2e/category-rule.e2e.spec.ts writes
 * generated tasks through the repositories and checks every answer here against the TypeScript rule.
 */

/**
 * A task neither completed nor cancelled, written exactly as the partial indexes' predicate
 * (migration 1732500000004) so that the planner uses them.
 */
export const OPEN_TASK_SQL = `t.status NOT IN ('completed', 'cancelled')`;

/**
 * `categorize(t) = category` at the instant `now()` returns (an SQL timestamptz expression, e.g. a
 * parameter: called only by the conditions that need it, so no parameter is left unused).
 */
export const TASK_CATEGORY_SQL: Record<TaskCategory, (now: () => string) => string> = {
  cancelled: () => `t.status = 'cancelled'`,
  // A completed task without a completion time is judged at `now`, as `categorize` does.
  completed_on_time: (now) => `t.status = 'completed' AND COALESCE(t.completed_at, ${now()}) <= t.due_at`,
  completed_late: (now) => `t.status = 'completed' AND COALESCE(t.completed_at, ${now()}) > t.due_at`,
  in_progress_overdue: (now) => `${OPEN_TASK_SQL} AND t.due_at <= ${now()}`,
  in_progress_on_time: (now) => `${OPEN_TASK_SQL} AND t.due_at > ${now()}`,
};

/**
 * The task's due date is one its document does not state (the plan task's `due.assumed`, issue 12) and no
 * extension has replaced it since: a correlated lookup by primary key, evaluated only for the rows a page returns.
 */
export const TASK_DUE_ASSUMED_SQL = `(t.due_at = t.original_due_at AND EXISTS (
  SELECT 1 FROM plan_tasks pt WHERE pt.id = t.plan_task_id AND pt.due_source = 'assumed'))`;

/** The task names `agency` as its lead or one of its coordinating agencies (`agency`: an SQL expression). */
export function taskInvolvesAgencySql(agency: string): string {
  return `(t.lead_agency = ${agency} OR ${agency} = ANY(t.coordinating_agencies))`;
}

/**
 * `canSeeTask(subject, t)` as an SQL condition, or null when the subject sees every task.
 * `bind` turns a value into a parameter placeholder.
 */
export function taskVisibleToSql(subject: TaskAccessSubject, bind: (value: unknown) => string): string | null {
  if (subject.role !== 'agency') return null;
  return taskInvolvesAgencySql(bind(subject.agency ?? ''));
}
