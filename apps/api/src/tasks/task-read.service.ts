import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { aggregatePlanTask, canSeeTask, categorize, type PlanTaskAggregate, type TaskAccessSubject, type TaskCategory } from '@giaoviec/domain';
import { TaskRepository, type RecordedEvent, type TaskRecord } from '@giaoviec/persistence';
import { notFound } from '../common/route-ids';
import { APP_CONFIG } from '../common/tokens';
import { ListTasksQuery } from './dto/list-tasks.query';

export interface TaskView
  extends Omit<TaskRecord, 'planTaskId' | 'dueAt' | 'originalDueAt' | 'completedAt' | 'assignedAt' | 'updatedAt'> {
  category: TaskCategory;
  dueAt: string;
  originalDueAt: string;
  completedAt: string | null;
  assignedAt: string;
  updatedAt: string;
}

export type TaskEventView = RecordedEvent;

/**
 * A task outside any plan task that a reorganisation fanned out to each successor (issue 11): the tasks it
 * became, aggregated as a plan's group task aggregates its children.
 */
export interface FannedOutGroupView extends PlanTaskAggregate {
  children: { id: string; leadAgency: string; status: TaskView['status']; category: TaskCategory; progressPercent: number }[];
}

/** Reads the task view and history from PostgreSQL (the read model the workflows keep current). */
@Injectable()
export class TaskReadService {
  constructor(
    private readonly tasks: TaskRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(user: TaskAccessSubject, query: ListTasksQuery): Promise<{ items: TaskView[]; total: number; page: number; limit: number }> {
    const now = new Date();
    const { items, total } = await this.tasks.list({ ...query, visibleTo: user }, now);
    return { items: items.map((task) => toView(task, now)), total, page: query.page, limit: query.limit };
  }

  /**
   * The task with its events; 404 when it does not exist or the user may not know it exists. Coordinators and
   * admins also get `temporalUiUrl`, its workflow in the Temporal Web UI, when TEMPORAL_UI_URL is configured.
   */
  async getVisible(user: TaskAccessSubject, id: string): Promise<TaskView & { events: TaskEventView[]; temporalUiUrl?: string; fannedOut?: FannedOutGroupView }> {
    const task = await this.findVisible(user, id);
    const operator = user.role === 'coordinator' || user.role === 'admin';
    const ui = this.config.temporalUiUrl;
    const link = operator && ui ? { temporalUiUrl: `${ui}/namespaces/${encodeURIComponent(this.config.temporalNamespace)}/workflows/${encodeURIComponent(task.workflowId)}` } : {};
    const group = await this.fannedOutGroup(task);
    return { ...task, ...link, ...(group ? { fannedOut: group } : {}), events: await this.tasks.events(id) };
  }

  /** The group a reorganisation's fan-out made of a task outside any plan task; null when it made none. */
  private async fannedOutGroup(task: TaskView): Promise<FannedOutGroupView | null> {
    const now = new Date();
    const rows = await this.tasks.fannedOutWith(task);
    if (rows.length < 2 || !rows.some((row) => row.id === task.id)) return null;
    const children = rows.map((row) => ({ id: row.id, leadAgency: row.leadAgency, status: row.status, category: taskCategoryAt(row, now), progressPercent: row.progressPercent }));
    return { ...aggregatePlanTask(children), children };
  }

  async findVisible(user: TaskAccessSubject, id: string): Promise<TaskView> {
    const record = await this.tasks.findById(id);
    if (!record || !canSeeTask(user, record)) throw notFound('task');
    return toView(record, new Date());
  }
}

/** The category of a stored task at `now`, by the domain's rule. */
export function taskCategoryAt(task: Pick<TaskRecord, 'status' | 'dueAt' | 'completedAt'>, now: Date): TaskCategory {
  return categorize({ status: task.status, dueAtMs: task.dueAt.getTime(), completedAtMs: task.completedAt?.getTime() ?? null, nowMs: now.getTime() });
}

function toView({ planTaskId: _planTaskId, pendingExtension, ...task }: TaskRecord, now: Date): TaskView {
  return {
    ...task,
    category: taskCategoryAt(task, now),
    // The stored request carries more than a reader needs (its status, who asked).
    pendingExtension: pendingExtension
      ? { id: pendingExtension.id, newDueAt: pendingExtension.newDueAt, reason: pendingExtension.reason, requestedAt: pendingExtension.requestedAt }
      : null,
    dueAt: task.dueAt.toISOString(),
    originalDueAt: task.originalDueAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
    assignedAt: task.assignedAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
  };
}
