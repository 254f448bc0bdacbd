import { Injectable, Logger } from '@nestjs/common';
import {
  AD_HOC_PLAN_CODE,
  COMMAND_REFUSED_FAILURE,
  acceptUpdate,
  acknowledgeUpdate,
  assignedEventPayload,
  cancelUpdate,
  initialTaskState,
  reportProgressUpdate,
  returnUpdate,
  submitUpdate,
  taskWorkflowId,
  taskWorkflowStartOptions,
  type TaskWorkflowInput,
} from '@giaoviec/contracts';
import { DomainError, canCommandTask, refusalReason, type Actor, type TaskCommandType } from '@giaoviec/domain';
import { TaskProjectionStore } from '@giaoviec/persistence';
import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { AuthUser } from '../auth/auth.types';
import { CreateTaskRequest } from './dto/create-task.dto';
import { TaskReadService, type TaskView } from './task-read.service';

type UpdateArgs = Record<string, unknown>;

const UPDATES = {
  acknowledge: acknowledgeUpdate,
  report_progress: reportProgressUpdate,
  submit: submitUpdate,
  accept: acceptUpdate,
  return: returnUpdate,
  cancel: cancelUpdate,
} as const;

/** Turns API commands into task workflows and Temporal updates. */
@Injectable()
export class TaskCommandService {
  private readonly logger = new Logger(TaskCommandService.name);
  private readonly projection: TaskProjectionStore;

  constructor(
    private readonly temporal: Client,
    private readonly reads: TaskReadService,
    private readonly agencies: AgenciesService,
    dataSource: DataSource,
  ) {
    this.projection = new TaskProjectionStore(dataSource);
  }

  async create(user: AuthUser, request: CreateTaskRequest): Promise<TaskView & { events: unknown[] }> {
    const coordinatingAgencies = request.coordinatingAgencies ?? [];
    await this.validateCreate(request, coordinatingAgencies);
    const taskId = randomUUID();
    const input: TaskWorkflowInput = {
      taskId,
      planId: null,
      planCode: AD_HOC_PLAN_CODE,
      taskRef: taskId,
      title: request.title.trim(),
      description: request.description?.trim() || null,
      leadAgency: request.leadAgency,
      coordinatingAgencies,
      dueAt: new Date(request.dueAt).toISOString(),
      policy: request.policy ?? null,
      assignedAt: new Date().toISOString(),
      assignedBy: toActor(user),
    };
    const workflowId = taskWorkflowId(input.planCode, input.taskRef, input.leadAgency);
    try {
      await this.temporal.workflow.start('taskWorkflow', taskWorkflowStartOptions(workflowId, input));
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new DomainError('CONFLICT', 'Nhiệm vụ này đã được giao.');
      }
      throw this.unavailable(error);
    }
    // The workflow records the same first event (same key, same content); writing it here too lets
    // the caller read the task at once, without waiting for the worker.
    await this.projection.recordTaskEvent(
      { workflowId, seq: 1, taskId, type: 'assigned', at: input.assignedAt, actor: input.assignedBy, payload: assignedEventPayload(input) },
      {
        input,
        state: { ...initialTaskState(input), eventSeq: 1 },
      },
    );
    return this.reads.getVisible(user, taskId);
  }

  /** Sends `command` to the task's workflow as an update and answers with the task after it. */
  async command(user: AuthUser, taskId: string, command: TaskCommandType, args: UpdateArgs = {}) {
    const task = await this.reads.findVisible(user, taskId);
    if (!canCommandTask(user, task, command)) {
      throw new DomainError('FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này trên nhiệm vụ.');
    }
    const refusal = refusalReason(task.status, command);
    if (refusal) throw new DomainError('INVALID_STATE', refusal);
    const handle = this.temporal.workflow.getHandle(task.workflowId);
    try {
      await handle.executeUpdate(UPDATES[command] as typeof acknowledgeUpdate, {
        args: [{ ...args, actor: toActor(user) }],
      });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === COMMAND_REFUSED_FAILURE) throw new DomainError('INVALID_STATE', error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError('INVALID_STATE', 'Nhiệm vụ đã kết thúc, không thể thay đổi.');
      }
      throw this.unavailable(error);
    }
    return this.reads.getVisible(user, taskId);
  }

  private async validateCreate(request: CreateTaskRequest, coordinatingAgencies: string[]): Promise<void> {
    const details: { path: string; message: string }[] = [];
    if (new Date(request.dueAt).getTime() <= Date.now()) {
      details.push({ path: 'dueAt', message: 'hạn hoàn thành phải ở tương lai' });
    }
    const leadIndex = coordinatingAgencies.indexOf(request.leadAgency);
    if (leadIndex >= 0) {
      details.push({ path: `coordinatingAgencies[${leadIndex}]`, message: 'cơ quan chủ trì không đồng thời là cơ quan phối hợp' });
    }
    if (request.planId) details.push({ path: 'planId', message: 'không tìm thấy kế hoạch' });
    try {
      await this.agencies.requireExisting(request.leadAgency, 'leadAgency');
    } catch (error) {
      details.push(...((error as DomainError).details ?? []));
    }
    try {
      await this.agencies.requireExisting(coordinatingAgencies, 'coordinatingAgencies');
    } catch (error) {
      details.push(...((error as DomainError).details ?? []));
    }
    if (details.length) {
      throw new DomainError('VALIDATION_FAILED', `Dữ liệu không hợp lệ: ${details.map((d) => d.path).join(', ')}`, details);
    }
  }

  /** Temporal unreachable is a 503 the client may retry; anything else stays a logged 500. */
  private unavailable(error: unknown): unknown {
    if (!(error instanceof ServiceError)) return error;
    this.logger.error(error.stack ?? error.message);
    return new DomainError('DEPENDENCY_UNAVAILABLE', 'Không kết nối được máy chủ Temporal, vui lòng thử lại sau.');
  }
}

function toActor(user: AuthUser): Actor {
  return { sub: user.sub, name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) };
}
