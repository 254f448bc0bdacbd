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
 * The overview's two statements (exported for the benchmark, which times them raw).
 *
 * `counts` returns {@link CountRow}s for `countsFromBuckets` (libs/domain): the time-independent
 * buckets — kept counted in `task_counts` city-wide, grouped from the plan's index entries for one
 * plan — plus, read at the same snapshot, the open tasks already due and the completed ones
 * without a completion time that are past due.
 */
export function overviewStatements(options: { now: Date; planId: string | null; limit: number }): {
  counts: SqlStatement;
  overdue: SqlStatement;
} {
  const { now, planId, limit } = options;
  const plan = planId ? `AND t.plan_id = $2::uuid` : '';
  const overdue = TASK_CATEGORY_SQL.in_progress_overdue(() => '$1::timestamptz');
  const buckets = planId
    ? `SELECT t.lead_agency AS agency, task_count_bucket(t.status, t.due_at, t.completed_at) AS kind, count(*)::int AS count
       FROM tasks t WHERE t.plan_id = $2::uuid GROUP BY 1, 2`
    : `SELECT c.lead_agency AS agency, c.bucket AS kind, c.count FROM task_counts c WHERE c.count <> 0`;
  return {
    counts: {
      sql: `${buckets}
        UNION ALL
        SELECT t.lead_agency, 'open_overdue', count(*)::int FROM tasks t WHERE ${overdue} ${plan} GROUP BY 1
        UNION ALL
        SELECT t.lead_agency, 'completed_undated_late', count(*)::int FROM tasks t
        WHERE t.status = 'completed' AND t.completed_at IS NULL AND t.due_at < $1::timestamptz ${plan} GROUP BY 1`,
      params: planId ? [now, planId] : [now],
    },
    overdue: {
      sql: `SELECT t.id AS "taskId", t.title, t.plan_id AS "planId", t.plan_code AS "planCode", t.task_ref AS "taskRef",
          t.lead_agency AS agency, t.status, t.due_at AS "dueAt", t.escalation_level AS "escalationLevel", t.escalated_to AS "escalatedTo",
          ${TASK_DUE_ASSUMED_SQL} AS "dueAssumed"
        FROM tasks t
        WHERE ${overdue} ${plan}
        ORDER BY t.due_at, t.id
        LIMIT ${planId ? '$3' : '$2'}`,
      params: planId ? [now, planId, limit] : [now, limit],
    },
  };
}

/** What the leadership overview reads: category counts per agency, and the open tasks past due, most overdue first. */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async overview(options: { now: Date; planId: string | null; limit: number }): Promise<{ counts: CountRow[]; overdue: OverdueTaskRow[] }> {
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
