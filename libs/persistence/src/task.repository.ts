import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TaskWorkflowInput } from '../../contracts/src';
import { searchPattern } from '../../domain/src/search';
import type { TaskAccessSubject, TaskCategory, TaskStatus } from '../../domain/src/task';
import { recordedEventsSql, toRecordedEvent, type RecordedEvent } from './recorded-event';
import { TASK_CATEGORY_SQL, TASK_DUE_ASSUMED_SQL, taskInvolvesAgencySql, taskVisibleToSql } from './task-rules.sql';

/** A row of the task view (`tasks`), kept current by the task workflows' projection. */
export interface TaskRecord
  extends Pick<TaskWorkflowInput, 'planId' | 'planCode' | 'taskRef' | 'title' | 'description' | 'leadAgency' | 'coordinatingAgencies'> {
  id: string;
  workflowId: string;
  planTaskId: string | null;
  status: TaskStatus;
  dueAt: Date;
  originalDueAt: Date;
  /** The due date is the plan's assumption (its document states none) and has not been extended since. */
  dueAssumed: boolean;
  completedAt: Date | null;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: string | null;
  policy: Record<string, unknown> | null;
  extensionCount: number;
  pendingExtension: { id: string; newDueAt: string; reason: string; requestedAt: string } | null;
  assignedAt: Date;
  updatedAt: Date;
}

/** `GET /api/tasks`: what a reader may see, narrowed by the query's filters. */
export interface TaskListFilter {
  visibleTo: TaskAccessSubject;
  /** Lead or coordinating agency. */
  agency?: string;
  planId?: string;
  status?: TaskStatus;
  category?: TaskCategory;
  overdue?: boolean;
  /** Text in the reference, title or description, matched without diacritics and in any case. */
  q?: string;
  page: number;
  limit: number;
}

const TASK_COLUMNS = `
  t.id, t.workflow_id AS "workflowId", t.plan_id AS "planId", t.plan_task_id AS "planTaskId", t.plan_code AS "planCode",
  t.task_ref AS "taskRef", t.title, t.description, t.lead_agency AS "leadAgency", t.coordinating_agencies AS "coordinatingAgencies",
  t.status, t.due_at AS "dueAt", t.original_due_at AS "originalDueAt",
  ${TASK_DUE_ASSUMED_SQL} AS "dueAssumed", t.completed_at AS "completedAt",
  t.progress_percent AS "progressPercent", t.escalation_level AS "escalationLevel", t.escalated_to AS "escalatedTo", t.policy,
  t.extension_count AS "extensionCount", t.pending_extension AS "pendingExtension", t.assigned_at AS "assignedAt", t.updated_at AS "updatedAt"`;

/** Reads of the task view and of each task's history (the writes are the projection's: `TaskProjectionStore`). */
@Injectable()
export class TaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One page of the tasks that match, in due order, with how many match in all; categories are judged at `now`. */
  async list(filter: TaskListFilter, now: Date): Promise<{ items: TaskRecord[]; total: number }> {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [];
    const visible = taskVisibleToSql(filter.visibleTo, bind);
    if (visible) where.push(visible);
    if (filter.agency) where.push(taskInvolvesAgencySql(bind(filter.agency)));
    if (filter.planId) where.push(`t.plan_id = ${bind(filter.planId)}`);
    if (filter.status) where.push(`t.status = ${bind(filter.status)}`);
    const nowSql = () => `${bind(now)}::timestamptz`;
    if (filter.category) where.push(TASK_CATEGORY_SQL[filter.category](nowSql));
    if (filter.overdue !== undefined) {
      const overdue = TASK_CATEGORY_SQL.in_progress_overdue(nowSql);
      where.push(filter.overdue ? overdue : `NOT (${overdue})`);
    }
    const pattern = filter.q ? searchPattern(filter.q) : '';
    if (pattern) where.push(`t.search_text LIKE ${bind(pattern)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const filterParams = [...params];
    const [[{ total }], items] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM tasks t ${whereSql}`, filterParams) as Promise<{ total: number }[]>,
      this.dataSource.query(
        `SELECT ${TASK_COLUMNS} FROM tasks t ${whereSql} ORDER BY t.due_at, t.id LIMIT ${bind(filter.limit)} OFFSET ${bind((filter.page - 1) * filter.limit)}`,
        params,
      ) as Promise<TaskRecord[]>,
    ]);
    return { items, total };
  }

  async findById(id: string): Promise<TaskRecord | null> {
    const [row]: TaskRecord[] = await this.dataSource.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = $1`, [id]);
    return row ?? null;
  }

  /**
   * The tasks of one task outside any plan task (`POST /api/tasks`) that a reorganisation fanned out to each
   * successor (issue 11): they share its plan code and reference. In assignment order; one row when it never was.
   */
  async fannedOutWith(task: Pick<TaskRecord, 'planCode' | 'taskRef'>): Promise<TaskRecord[]> {
    return this.dataSource.query(
      `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.plan_code = $1 AND t.task_ref = $2 AND t.plan_task_id IS NULL ORDER BY t.assigned_at, t.id`,
      [task.planCode, task.taskRef],
    );
  }

  /** The issued tasks of a plan (every child of its group tasks), in no particular order. */
  async forPlan(planId: string): Promise<TaskRecord[]> {
    return this.dataSource.query(`SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.plan_id = $1`, [planId]);
  }

  /** The task's history, in order. */
  async events(taskId: string): Promise<RecordedEvent[]> {
    const rows = await this.dataSource.query(recordedEventsSql('task_events', 'task_id'), [taskId]);
    return rows.map(toRecordedEvent);
  }
}
