import { Injectable } from '@nestjs/common';
import {
  assembleOverview,
  buildCalendarSnapshot,
  countsFromBuckets,
  overviewCalendarYears,
  type CountRow,
  type DashboardOverview,
  type OverdueTaskRow,
  type TaskStatus,
} from '@giaoviec/domain';
import { CalendarStore } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

// Open = neither completed nor cancelled, written exactly like the partial indexes' predicate
// (migration 1732500000004) so that the planner uses them.
const OPEN = `t.status NOT IN ('completed', 'cancelled')`;

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
  const buckets = planId
    ? `SELECT t.lead_agency AS agency, task_count_bucket(t.status, t.due_at, t.completed_at) AS kind, count(*)::int AS count
       FROM tasks t WHERE t.plan_id = $2::uuid GROUP BY 1, 2`
    : `SELECT c.lead_agency AS agency, c.bucket AS kind, c.count FROM task_counts c WHERE c.count <> 0`;
  return {
    counts: {
      sql: `${buckets}
        UNION ALL
        SELECT t.lead_agency, 'open_overdue', count(*)::int FROM tasks t WHERE ${OPEN} AND t.due_at <= $1::timestamptz ${plan} GROUP BY 1
        UNION ALL
        SELECT t.lead_agency, 'completed_undated_late', count(*)::int FROM tasks t
        WHERE t.status = 'completed' AND t.completed_at IS NULL AND t.due_at < $1::timestamptz ${plan} GROUP BY 1`,
      params: planId ? [now, planId] : [now],
    },
    overdue: {
      sql: `SELECT t.id, t.title, t.plan_id, t.plan_code, t.task_ref, t.lead_agency, t.status, t.due_at,
          t.escalation_level, t.escalated_to
        FROM tasks t
        WHERE ${OPEN} AND t.due_at <= $1::timestamptz ${plan}
        ORDER BY t.due_at, t.id
        LIMIT ${planId ? '$3' : '$2'}`,
      params: planId ? [now, planId, limit] : [now, limit],
    },
  };
}

interface OverdueRow {
  id: string;
  title: string;
  plan_id: string | null;
  plan_code: string;
  task_ref: string;
  lead_agency: string;
  status: TaskStatus;
  due_at: Date;
  escalation_level: number;
  escalated_to: string | null;
}

/** The leadership overview, read from PostgreSQL only (the tasks view the workflows keep current). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: CalendarStore,
  ) {}

  async overview(query: { planId?: string; limit: number }, now: Date = new Date()): Promise<DashboardOverview> {
    const planId = query.planId ?? null;
    const statements = overviewStatements({ now, planId, limit: query.limit });
    // One round trip: the overrides table holds a handful of dates a year, so all of it is read
    // and the snapshot below keeps the years the overdue list needs.
    const [counts, overdue, agencies, overrides] = await Promise.all([
      this.dataSource.query(statements.counts.sql, statements.counts.params) as Promise<CountRow[]>,
      this.dataSource.query(statements.overdue.sql, statements.overdue.params) as Promise<OverdueRow[]>,
      this.dataSource.query(`SELECT code, name FROM agencies`) as Promise<{ code: string; name: string }[]>,
      this.calendar.overrides(),
    ]);
    const overdueRows: OverdueTaskRow[] = overdue.map((row) => ({
      taskId: row.id,
      title: row.title,
      planId: row.plan_id,
      planCode: row.plan_code,
      taskRef: row.task_ref,
      agency: row.lead_agency,
      status: row.status,
      dueAtMs: row.due_at.getTime(),
      escalationLevel: row.escalation_level,
      escalatedTo: row.escalated_to,
    }));
    // Overdue days are counted with the admin's swaps of every year the list reaches back to.
    const years = overviewCalendarYears(
      overdueRows.map((row) => row.dueAtMs),
      now.getTime(),
    );
    const snapshot = buildCalendarSnapshot({
      ...years,
      overrides: overrides.map(({ date, kind, name }) => ({ date, kind, ...(name ? { name } : {}) })),
    });
    return assembleOverview({
      nowMs: now.getTime(),
      planId,
      snapshot,
      byAgency: countsFromBuckets(counts),
      agencyNames: Object.fromEntries(agencies.map((agency) => [agency.code, agency.name])),
      overdue: overdueRows,
      limit: query.limit,
    });
  }
}
