import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CountRow, OverdueTaskRow } from '../../domain/src/dashboard';
import type { TaskStatus } from '../../domain/src/task';
import { TASK_CATEGORY_SQL, TASK_DUE_ASSUMED_SQL } from './task-rules.sql';

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/**
 * `leadAgencyOn` (libs/domain/src/dashboard/holders.ts) in SQL: the lead agency of task `t` at the instant
 * `end` (an SQL timestamptz expression) from its `reassigned` events — a move by a reorganisation takes
 * effect at the start of the reorganisation's effective date (Vietnam time), any other at the event's
 * instant. test/e2e/holder-rule.e2e.spec.ts checks it against the TypeScript rule.
 */
export function leadAgencyOnSql(end: string): string {
  const effectiveAt = `COALESCE((SELECT r.effective_date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' FROM reorganizations r
      WHERE r.id::text = e.payload->'reorganization'->>'id'), e.at)`;
  return `COALESCE(
      (SELECT e.payload->>'to' FROM task_events e WHERE e.task_id = t.id AND e.type = 'reassigned' AND ${effectiveAt} < ${end} ORDER BY e.seq DESC LIMIT 1),
      (SELECT e.payload->>'from' FROM task_events e WHERE e.task_id = t.id AND e.type = 'reassigned' ORDER BY e.seq LIMIT 1),
      t.lead_agency)`;
}

/**
 * The overview's two statements (exported for the benchmark, which times them raw).
 *
 * `counts` returns {@link CountRow}s for `countsFromBuckets` (libs/domain): the time-independent
 * buckets — kept counted in `task_counts` city-wide, grouped from the plan's index entries for one
 * plan — plus, read at the same snapshot, the open tasks already due and the completed ones
 * without a completion time that are past due.
 *
 * With `heldAt` (the end of an `?asOf=` day) the tasks assigned before it count under the agency
 * that led them then (`leadAgencyOnSql`), grouped from the tasks themselves.
 */
export function overviewStatements(options: { now: Date; planId: string | null; limit: number; heldAt?: Date | null }): {
  counts: SqlStatement;
  overdue: SqlStatement;
} {
  const { now, planId, limit } = options;
  const heldAt = options.heldAt ?? null;
  const params: unknown[] = [now];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const plan = planId ? `AND t.plan_id = ${bind(planId)}::uuid` : '';
  // The task view itself, or the tasks of the day with the lead agency of that day.
  let source = 'tasks t';
  if (heldAt) {
    const end = `${bind(heldAt)}::timestamptz`;
    source = `(SELECT t.id, t.title, t.plan_id, t.plan_code, t.task_ref, t.status, t.due_at, t.completed_at, t.escalation_level,
                      t.escalated_to, t.original_due_at, t.plan_task_id, ${leadAgencyOnSql(end)} AS lead_agency
               FROM tasks t WHERE t.assigned_at < ${end}) t`;
  }
  const overdue = TASK_CATEGORY_SQL.in_progress_overdue(() => '$1::timestamptz');
  const buckets =
    planId || heldAt
      ? `SELECT t.lead_agency AS agency, task_count_bucket(t.status, t.due_at, t.completed_at) AS kind, count(*)::int AS count
         FROM ${source} WHERE TRUE ${plan} GROUP BY 1, 2`
      : `SELECT c.lead_agency AS agency, c.bucket AS kind, c.count FROM task_counts c WHERE c.count <> 0`;
  const countParams = [...params];
  const limitParam = bind(limit);
  return {
    counts: {
      sql: `${buckets}
        UNION ALL
        SELECT t.lead_agency, 'open_overdue', count(*)::int FROM ${source} WHERE ${overdue} ${plan} GROUP BY 1
        UNION ALL
        SELECT t.lead_agency, 'completed_undated_late', count(*)::int FROM ${source}
        WHERE t.status = 'completed' AND t.completed_at IS NULL AND t.due_at < $1::timestamptz ${plan} GROUP BY 1`,
      params: countParams,
    },
    overdue: {
      sql: `SELECT t.id AS "taskId", t.title, t.plan_id AS "planId", t.plan_code AS "planCode", t.task_ref AS "taskRef",
          t.lead_agency AS agency, t.status, t.due_at AS "dueAt", t.escalation_level AS "escalationLevel", t.escalated_to AS "escalatedTo",
          ${TASK_DUE_ASSUMED_SQL} AS "dueAssumed"
        FROM ${source}
        WHERE ${overdue} ${plan}
        ORDER BY t.due_at, t.id
        LIMIT ${limitParam}`,
      params,
    },
  };
}

/** What the leadership overview reads: category counts per agency, and the open tasks past due, most overdue first. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async overview(options: { now: Date; planId: string | null; limit: number; heldAt?: Date | null }): Promise<{ counts: CountRow[]; overdue: OverdueTaskRow[] }> {
    const statements = overviewStatements(options);
    const [counts, overdue] = await Promise.all([
      this.dataSource.query(statements.counts.sql, statements.counts.params) as Promise<CountRow[]>,
      this.dataSource.query(statements.overdue.sql, statements.overdue.params) as Promise<
        (Omit<OverdueTaskRow, 'dueAtMs'> & { status: TaskStatus; dueAt: Date })[]
      >,
    ]);
    return { counts, overdue: overdue.map(({ dueAt, ...row }) => ({ ...row, dueAtMs: dueAt.getTime() })) };
  }
}
