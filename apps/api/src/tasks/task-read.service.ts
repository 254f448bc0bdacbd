import { Injectable } from '@nestjs/common';
import {
  canSeeTask,
  categorize,
  type TaskAccessSubject,
  type TaskCategory,
  type TaskStatus,
} from '@giaoviec/domain';
import { DataSource } from 'typeorm';
import { notFound } from '../common/route-ids';
import { ListTasksQuery } from './dto/list-tasks.query';

export interface TaskView {
  id: string;
  workflowId: string;
  planId: string | null;
  planCode: string;
  taskRef: string;
  title: string;
  description: string | null;
  leadAgency: string;
  coordinatingAgencies: string[];
  status: TaskStatus;
  category: TaskCategory;
  dueAt: string;
  originalDueAt: string;
  completedAt: string | null;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: string | null;
  policy: Record<string, unknown> | null;
  /** Approved extensions so far, and the request awaiting the coordinator's decision, if any. */
  extensionCount: number;
  pendingExtension: { id: string; newDueAt: string; reason: string; requestedAt: string } | null;
  assignedAt: string;
  updatedAt: string;
}

export interface TaskEventView {
  id: string;
  seq: number;
  type: string;
  at: string;
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
}

interface TaskRow {
  id: string;
  workflow_id: string;
  plan_id: string | null;
  plan_code: string;
  task_ref: string;
  title: string;
  description: string | null;
  lead_agency: string;
  coordinating_agencies: string[];
  status: TaskStatus;
  due_at: Date;
  original_due_at: Date;
  completed_at: Date | null;
  progress_percent: number;
  escalation_level: number;
  escalated_to: string | null;
  policy: Record<string, unknown> | null;
  extension_count: number;
  pending_extension: { id: string; newDueAt: string; reason: string; requestedAt: string } | null;
  assigned_at: Date;
  updated_at: Date;
}

/** SQL conditions equivalent to `categorize` (libs/domain), written so the indexes on status and due_at serve them. */
const CATEGORY_CONDITIONS: Record<TaskCategory, string> = {
  cancelled: `t.status = 'cancelled'`,
  completed_on_time: `t.status = 'completed' AND t.completed_at <= t.due_at`,
  completed_late: `t.status = 'completed' AND t.completed_at > t.due_at`,
  in_progress_overdue: `t.status NOT IN ('completed', 'cancelled') AND t.due_at <= $now`,
  in_progress_on_time: `t.status NOT IN ('completed', 'cancelled') AND t.due_at > $now`,
};

/** Reads the task view and history from PostgreSQL (the read model the workflows keep current). */
@Injectable()
export class TaskReadService {
  constructor(private readonly dataSource: DataSource) {}

  async list(user: TaskAccessSubject, query: ListTasksQuery): Promise<{ items: TaskView[]; total: number; page: number; limit: number }> {
    const now = new Date();
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const withNow = (condition: string) => condition.replace(/\$now/g, () => param(now));
    if (user.role === 'agency') {
      const own = param(user.agency);
      where.push(`(t.lead_agency = ${own} OR ${own} = ANY(t.coordinating_agencies))`);
    }
    if (query.agency) {
      const agency = param(query.agency);
      where.push(`(t.lead_agency = ${agency} OR ${agency} = ANY(t.coordinating_agencies))`);
    }
    if (query.planId) where.push(`t.plan_id = ${param(query.planId)}`);
    if (query.status) where.push(`t.status = ${param(query.status)}`);
    if (query.category) where.push(withNow(CATEGORY_CONDITIONS[query.category]));
    if (query.overdue !== undefined) {
      where.push(
        withNow(query.overdue ? CATEGORY_CONDITIONS.in_progress_overdue : `NOT (${CATEGORY_CONDITIONS.in_progress_overdue})`),
      );
    }
    if (query.q) {
      const pattern = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(t.title ILIKE ${pattern} OR t.description ILIKE ${pattern} OR t.task_ref ILIKE ${pattern})`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM tasks t ${whereSql}`, params);
    const rows: TaskRow[] = await this.dataSource.query(
      `SELECT t.* FROM tasks t ${whereSql} ORDER BY t.due_at, t.id LIMIT ${param(query.limit)} OFFSET ${param((query.page - 1) * query.limit)}`,
      params,
    );
    return { items: rows.map((row) => toView(row, now)), total, page: query.page, limit: query.limit };
  }

  /** The task with its events; 404 when it does not exist or the user may not know it exists. */
  async getVisible(user: TaskAccessSubject, id: string): Promise<TaskView & { events: TaskEventView[] }> {
    const task = await this.findVisible(user, id);
    const events: TaskEventView[] = await this.dataSource.query(
      `SELECT id::text, seq, type, at, actor, payload FROM task_events WHERE task_id = $1 ORDER BY seq`,
      [id],
    );
    return { ...task, events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })) };
  }

  async findVisible(user: TaskAccessSubject, id: string): Promise<TaskView> {
    const [row]: TaskRow[] = await this.dataSource.query(`SELECT * FROM tasks WHERE id = $1`, [id]);
    if (!row) throw notFound('task');
    const task = toView(row, new Date());
    if (!canSeeTask(user, task)) throw notFound('task');
    return task;
  }
}

function toView(row: TaskRow, now: Date): TaskView {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    planId: row.plan_id,
    planCode: row.plan_code,
    taskRef: row.task_ref,
    title: row.title,
    description: row.description,
    leadAgency: row.lead_agency,
    coordinatingAgencies: row.coordinating_agencies,
    status: row.status,
    category: categorize({
      status: row.status,
      dueAtMs: row.due_at.getTime(),
      completedAtMs: row.completed_at?.getTime() ?? null,
      nowMs: now.getTime(),
    }),
    dueAt: row.due_at.toISOString(),
    originalDueAt: row.original_due_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    progressPercent: row.progress_percent,
    escalationLevel: row.escalation_level,
    escalatedTo: row.escalated_to,
    policy: row.policy,
    extensionCount: row.extension_count,
    pendingExtension: row.pending_extension
      ? {
          id: row.pending_extension.id,
          newDueAt: row.pending_extension.newDueAt,
          reason: row.pending_extension.reason,
          requestedAt: row.pending_extension.requestedAt,
        }
      : null,
    assignedAt: row.assigned_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
