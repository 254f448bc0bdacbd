import { Injectable } from '@nestjs/common';
import { DomainError, canSeeTask, taskInputRefusal } from '@giaoviec/domain';
import { TaskInputRepository, TaskRepository, type TaskInputRecord, type TaskRecord } from '@giaoviec/persistence';
import type { AuthUser } from '../auth/auth.types';
import { toActor } from '../auth/actor';
import { notFound } from '../common/route-ids';

export type TaskInputView = TaskInputRecord;

const REFUSAL_CODES = { hidden: 'NOT_FOUND', forbidden: 'FORBIDDEN', closed: 'INVALID_STATE' } as const;

/**
 * Inputs (ý kiến phối hợp) coordinating agencies attach to a task. Kept in a table of their own, beside
 * the task's workflow: they change nothing in the task's lifecycle.
 */
@Injectable()
export class TaskInputService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly inputs: TaskInputRepository,
  ) {}

  async add(user: AuthUser, taskId: string, note: string): Promise<TaskInputView> {
    const task = await this.task(taskId);
    const refusal = taskInputRefusal(user, task);
    if (refusal) throw new DomainError(REFUSAL_CODES[refusal.reason], refusal.message);
    return this.inputs.add({ taskId: task.id, agency: user.agency!, note: note.trim(), createdBy: toActor(user) });
  }

  async list(user: AuthUser, taskId: string): Promise<TaskInputView[]> {
    const task = await this.task(taskId);
    if (!canSeeTask(user, task)) throw notFound('task');
    return this.inputs.forTasks([task.id]);
  }

  private async task(id: string): Promise<TaskRecord> {
    const task = await this.tasks.findById(id);
    if (!task) throw notFound('task');
    return task;
  }
}

