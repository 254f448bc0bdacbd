import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../../domain/src/task';

/** An input (ý kiến phối hợp) a coordinating agency attached to a task. */
export interface TaskInputRecord {
  id: string;
  taskId: string;
  agency: string;
  note: string;
  createdAt: string;
  createdBy: Record<string, unknown>;
}

const INPUT_COLUMNS = `id, task_id AS "taskId", agency, note, created_at AS "createdAt", created_by AS "createdBy"`;

/** `task_inputs`: kept beside the task's workflow, they change nothing in its lifecycle. */
@Injectable()
export class TaskInputRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(input: { taskId: string; agency: string; note: string; createdBy: Actor }): Promise<TaskInputRecord> {
    const [row] = await this.dataSource.query(
      `INSERT INTO task_inputs (id, task_id, agency, note, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${INPUT_COLUMNS}`,
      [randomUUID(), input.taskId, input.agency, input.note, JSON.stringify(input.createdBy)],
    );
    return toRecord(row);
  }

  /** Inputs of the given tasks, oldest first. */
  async forTasks(taskIds: readonly string[]): Promise<TaskInputRecord[]> {
    if (taskIds.length === 0) return [];
    const rows = await this.dataSource.query(`SELECT ${INPUT_COLUMNS} FROM task_inputs WHERE task_id = ANY($1) ORDER BY created_at, id`, [
      [...taskIds],
    ]);
    return rows.map(toRecord);
  }
}

function toRecord(row: Omit<TaskInputRecord, 'createdAt'> & { createdAt: Date }): TaskInputRecord {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
