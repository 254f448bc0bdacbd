import { Injectable } from '@nestjs/common';
import { DomainError, canSeeTask, taskInputRefusal, type TaskStatus } from '@giaoviec/domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { toActor } from '../auth/actor';
import { notFound } from '../common/route-ids';

export interface TaskInputView {
  id: string;
  taskId: string;
  agency: string;
  note: string;
  createdAt: string;
  createdBy: Record<string, unknown>;
}

const REFUSAL_CODES = { hidden: 'NOT_FOUND', forbidden: 'FORBIDDEN', closed: 'INVALID_STATE' } as const;

/**
 * Inputs (ý kiến phối hợp) coordinating agencies attach to a task. Kept in a table of their own, beside
 * the task's workflow: they change nothing in the task's lifecycle.
 */
@Injectable()
export class TaskInputService {
  constructor(private readonly dataSource: DataSource) {}

  async add(user: AuthUser, taskId: string, note: string): Promise<TaskInputView> {
    const task = await this.task(taskId);
    const refusal = taskInputRefusal(user, task);
    if (refusal) throw new DomainError(REFUSAL_CODES[refusal.reason], refusal.message);
    const [row]: InputRow[] = await this.dataSource.query(
      `INSERT INTO task_inputs (id, task_id, agency, note, created_by) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, task_id, agency, note, created_at, created_by`,
      [randomUUID(), task.id, user.agency, note.trim(), JSON.stringify(toActor(user))],
    );
    return toView(row);
  }

  async list(user: AuthUser, taskId: string): Promise<TaskInputView[]> {
    const task = await this.task(taskId);
    if (!canSeeTask(user, task)) throw notFound('task');
    return this.forTasks([task.id]);
  }

  /** Inputs of the given tasks, oldest first. */
  async forTasks(taskIds: string[]): Promise<TaskInputView[]> {
    if (taskIds.length === 0) return [];
    const rows: InputRow[] = await this.dataSource.query(
      `SELECT id, task_id, agency, note, created_at, created_by FROM task_inputs WHERE task_id = ANY($1) ORDER BY created_at, id`,
      [taskIds],
    );
    return rows.map(toView);
  }

  private async task(id: string): Promise<{ id: string; leadAgency: string; coordinatingAgencies: string[]; status: TaskStatus }> {
    const [task] = await this.dataSource.query(
      `SELECT id, lead_agency AS "leadAgency", coordinating_agencies AS "coordinatingAgencies", status FROM tasks WHERE id = $1`,
      [id],
    );
    if (!task) throw notFound('task');
    return task;
  }
}

interface InputRow {
  id: string;
  task_id: string;
  agency: string;
  note: string;
  created_at: Date;
  created_by: Record<string, unknown>;
}

function toView(row: InputRow): TaskInputView {
  return {
    id: row.id,
    taskId: row.task_id,
    agency: row.agency,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}
