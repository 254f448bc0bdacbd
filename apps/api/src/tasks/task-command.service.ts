import { Injectable, Logger } from '@nestjs/common';
import {
  AD_HOC_PLAN_CODE,
  COMMAND_REFUSED_FAILURE,
  acceptUpdate,
  acknowledgeUpdate,
  approveExtensionUpdate,
  assignedEventPayload,
  cancelUpdate,
  initialTaskState,
  reassignUpdate,
  rejectExtensionUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  returnUpdate,
  submitUpdate,
  taskWorkflowId,
  taskWorkflowStartOptions,
  type TaskWorkflowInput,
} from '@giaoviec/contracts';
import {
  DomainError,
  canCommandTask,
  deadlineProblem,
  refusalReason,
  resolvePolicy,
  validatePolicyOverride,
  type Actor,
  type PolicyOverride,
  type TaskCommandType,
} from '@giaoviec/domain';
import { nameBasedUuid } from '@giaoviec/infra';
import { TaskProjectionStore } from '@giaoviec/persistence';
import {
  Client,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { AuthUser } from '../auth/auth.types';
import { CreateTaskRequest } from './dto/create-task.dto';
import { TaskReadService, type TaskView } from './task-read.service';

/** Namespace of the IDs of ad-hoc tasks created with an Idempotency-Key. */
const AD_HOC_TASK_ID_NAMESPACE = '6f1c2a9e-8d4b-4c3e-a5f7-0b9d8e7c6a51';

/** Turns API commands into task workflows and Temporal updates. */
@Injectable()
export class TaskCommandService {
  private readonly logger = new Logger(TaskCommandService.name);
  private readonly projection: TaskProjectionStore;

  constructor(
    private readonly temporal: Client,
    private readonly reads: TaskReadService,
    private readonly agencies: AgenciesService,
    private readonly dataSource: DataSource,
  ) {
    this.projection = new TaskProjectionStore(dataSource);
  }

  /**
   * Creates and starts one task. With an Idempotency-Key the task's ID derives from the user and the
   * key, so a retry after a failure that came after the start (a 5xx keeps no answer) finds the same
   * task instead of creating a second one.
   */
  async create(user: AuthUser, request: CreateTaskRequest, idempotencyKey?: string): Promise<TaskView & { events: unknown[] }> {
    const coordinatingAgencies = request.coordinatingAgencies ?? [];
    const plan = await this.validateCreate(request, coordinatingAgencies);
    const taskId = idempotencyKey ? nameBasedUuid(AD_HOC_TASK_ID_NAMESPACE, `${user.sub}\u0000${idempotencyKey}`) : randomUUID();
    const input: TaskWorkflowInput = {
      taskId,
      planId: plan?.id ?? null,
      planCode: plan?.code ?? AD_HOC_PLAN_CODE,
      taskRef: taskId,
      title: request.title.trim(),
      description: request.description?.trim() || null,
      leadAgency: request.leadAgency,
      coordinatingAgencies,
      dueAt: new Date(request.dueAt).toISOString(),
      // An ad-hoc task in a plan follows the plan's policy, then its own override.
      policy: resolvePolicy(plan?.policy, request.policy as PolicyOverride | undefined),
      assignedAt: new Date().toISOString(),
      assignedBy: toActor(user),
    };
    const workflowId = taskWorkflowId(input.planCode, input.taskRef, input.leadAgency);
    try {
      await this.temporal.workflow.start('taskWorkflow', taskWorkflowStartOptions(workflowId, input));
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw this.unavailable(error);
      // Started by an earlier attempt of this same request (same key): finish its answer.
      if (!idempotencyKey) throw new DomainError('CONFLICT', 'Nhiệm vụ này đã được giao.');
      const existing = await this.reads.findVisible(user, taskId).catch(() => undefined);
      if (existing) return this.reads.getVisible(user, taskId);
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

  /**
   * Checks that the user may give `command` on the task and that its state allows it (fast 403/409
   * from the read model), then sends it through `send` — a Temporal update whose validator has the
   * last word — and answers with the task as it is after it.
   */
  private async command<R>(
    user: AuthUser,
    taskId: string,
    command: TaskCommandType,
    send: (handle: WorkflowHandle, actor: Actor) => Promise<R>,
  ): Promise<{ result: R; task: Awaited<ReturnType<TaskReadService['getVisible']>> }> {
    const task = await this.reads.findVisible(user, taskId);
    if (!canCommandTask(user, task, command)) {
      throw new DomainError('FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này trên nhiệm vụ.');
    }
    const refusal = refusalReason(task.status, command);
    if (refusal) throw new DomainError('INVALID_STATE', refusal);
    let result: R;
    try {
      result = await send(this.temporal.workflow.getHandle(task.workflowId), toActor(user));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === COMMAND_REFUSED_FAILURE) throw new DomainError('INVALID_STATE', error.cause.message);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError('INVALID_STATE', 'Nhiệm vụ đã kết thúc, không thể thay đổi.');
      }
      throw this.unavailable(error);
    }
    return { result, task: await this.reads.getVisible(user, taskId) };
  }

  acknowledge(user: AuthUser, taskId: string) {
    return this.taskAfter(user, taskId, 'acknowledge', (handle, actor) => handle.executeUpdate(acknowledgeUpdate, { args: [{ actor }] }));
  }

  reportProgress(user: AuthUser, taskId: string, percent: number, note: string) {
    return this.taskAfter(user, taskId, 'report_progress', (handle, actor) =>
      handle.executeUpdate(reportProgressUpdate, { args: [{ actor, percent, note }] }),
    );
  }

  submit(user: AuthUser, taskId: string, summary: string, evidence?: string) {
    return this.taskAfter(user, taskId, 'submit', (handle, actor) =>
      handle.executeUpdate(submitUpdate, { args: [{ actor, summary, ...(evidence ? { evidence } : {}) }] }),
    );
  }

  accept(user: AuthUser, taskId: string, note?: string) {
    return this.taskAfter(user, taskId, 'accept', (handle, actor) =>
      handle.executeUpdate(acceptUpdate, { args: [{ actor, ...(note ? { note } : {}) }] }),
    );
  }

  returnWork(user: AuthUser, taskId: string, reason: string) {
    return this.taskAfter(user, taskId, 'return', (handle, actor) => handle.executeUpdate(returnUpdate, { args: [{ actor, reason }] }));
  }

  cancel(user: AuthUser, taskId: string, reason: string) {
    return this.taskAfter(user, taskId, 'cancel', (handle, actor) => handle.executeUpdate(cancelUpdate, { args: [{ actor, reason }] }));
  }

  async requestExtension(user: AuthUser, taskId: string, newDueAt: string, reason: string): Promise<{ id: string }> {
    const problem = deadlineProblem(newDueAt, Date.now(), 'newDueAt');
    if (problem) throw new DomainError('VALIDATION_FAILED', 'Dữ liệu không hợp lệ: newDueAt', [problem]);
    const { result } = await this.command(user, taskId, 'request_extension', (handle, actor) =>
      handle.executeUpdate(requestExtensionUpdate, { args: [{ actor, newDueAt: new Date(newDueAt).toISOString(), reason }] }),
    );
    return { id: result.requestId };
  }

  approveExtension(user: AuthUser, taskId: string, requestId: string, note?: string) {
    return this.taskAfter(user, taskId, 'decide_extension', (handle, actor) =>
      handle.executeUpdate(approveExtensionUpdate, { args: [{ actor, requestId, ...(note ? { note } : {}) }] }),
    );
  }

  rejectExtension(user: AuthUser, taskId: string, requestId: string, reason?: string) {
    return this.taskAfter(user, taskId, 'decide_extension', (handle, actor) =>
      handle.executeUpdate(rejectExtensionUpdate, { args: [{ actor, requestId, ...(reason ? { reason } : {}) }] }),
    );
  }

  async reassign(user: AuthUser, taskId: string, agency: string, reason: string) {
    await this.agencies.requireExisting(agency, 'agency');
    return this.taskAfter(user, taskId, 'reassign', (handle, actor) => handle.executeUpdate(reassignUpdate, { args: [{ actor, agency, reason }] }));
  }

  private async taskAfter<R>(
    user: AuthUser,
    taskId: string,
    command: TaskCommandType,
    send: (handle: WorkflowHandle, actor: Actor) => Promise<R>,
  ) {
    return (await this.command(user, taskId, command, send)).task;
  }

  /** Every problem of a new task at once (400 naming each field); the plan it belongs to, if any. */
  private async validateCreate(
    request: CreateTaskRequest,
    coordinatingAgencies: string[],
  ): Promise<{ id: string; code: string; policy: PolicyOverride | null } | undefined> {
    const details: { path: string; message: string }[] = [];
    const dueProblem = deadlineProblem(request.dueAt, Date.now(), 'dueAt');
    if (dueProblem) details.push(dueProblem);
    const leadIndex = coordinatingAgencies.indexOf(request.leadAgency);
    if (leadIndex >= 0) {
      details.push({ path: `coordinatingAgencies[${leadIndex}]`, message: 'cơ quan chủ trì không đồng thời là cơ quan phối hợp' });
    }
    const plan = (request.planId ? await this.projection.planOfNewTask(request.planId) : null) ?? undefined;
    if (request.planId && !plan) details.push({ path: 'planId', message: 'không tìm thấy kế hoạch' });
    if (request.policy !== undefined) details.push(...validatePolicyOverride(request.policy, 'policy'));
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
    return plan;
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
