import { Injectable } from '@nestjs/common';
import {
  AD_HOC_PLAN_CODE,
  acceptUpdate,
  acknowledgeUpdate,
  approveExtensionUpdate,
  assignedTaskRecord,
  cancelUpdate,
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
  validationFailed,
  type Actor,
  type PolicyOverride,
  type TaskCommandType,
} from '@giaoviec/domain';
import { nameBasedUuid } from '@giaoviec/infra';
import { TaskProjectionStore } from '@giaoviec/persistence';
import type { UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { AgenciesService } from '../agencies/agencies.service';
import { toActor } from '../auth/actor';
import type { AuthUser } from '../auth/auth.types';
import { requestIdempotencyIdentity } from '../common/request-idempotency';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { CreateTaskRequest } from './dto/create-task.dto';
import { TaskReadService, type TaskView } from './task-read.service';

/** Namespace of the IDs of ad-hoc tasks created with an Idempotency-Key. */
const AD_HOC_TASK_ID_NAMESPACE = '6f1c2a9e-8d4b-4c3e-a5f7-0b9d8e7c6a51';

/** Turns API commands into task workflows and Temporal updates. */
@Injectable()
export class TaskCommandService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly reads: TaskReadService,
    private readonly agencies: AgenciesService,
    private readonly projection: TaskProjectionStore,
  ) {}

  /**
   * Creates and starts one task. With an Idempotency-Key the task's ID derives from the principal (sub, role, agency) and the
   * key, so a retry after a failure that came after the start (a 5xx keeps no answer) finds the same
   * task instead of creating a second one.
   */
  async create(user: AuthUser, request: CreateTaskRequest, idempotencyKey?: string): Promise<TaskView & { events: unknown[] }> {
    const coordinatingAgencies = request.coordinatingAgencies ?? [];
    const taskId = idempotencyKey ? nameBasedUuid(AD_HOC_TASK_ID_NAMESPACE, [user.sub, user.role, user.agency ?? '', idempotencyKey].join('\u0000')) : randomUUID();
    // A retry of a create whose first attempt created the task (its process died before the answer was kept)
    // answers with that task — not with a 400 because, by now, its due date has passed.
    if (idempotencyKey) {
      const earlier = (await this.reads.getVisible(user, taskId).catch(() => null)) ?? (await this.resumeEarlierAttempt(user, taskId, request));
      if (earlier) return earlier;
    }
    const plan = await this.validateCreate(request, coordinatingAgencies);
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
      coordinatorAgency: await this.agencies.coordinatorFor(null),
    };
    const workflowId = taskWorkflowId(input.planCode, input.taskRef, input.leadAgency);
    await this.temporal.startWithFirstEvent(
      {
        workflowType: 'taskWorkflow',
        options: taskWorkflowStartOptions(workflowId, input),
        recordFirstEvent: () => this.recordAssigned(workflowId, input),
        // Started by an earlier attempt of this same request (same key): finish its answer.
        isEarlierAttempt: () => Boolean(idempotencyKey),
      },
      'Nhiệm vụ này đã được giao.',
    );
    return this.reads.getVisible(user, taskId);
  }

  /** The task's first event, with its `assigned` notice (same key as the workflow's own write), so the lead agency's inbox has it at once. */
  private recordAssigned(workflowId: string, input: TaskWorkflowInput): Promise<void> {
    const { event, projection, notifications } = assignedTaskRecord(workflowId, input);
    return this.projection.recordTaskEvent(event, projection, notifications);
  }

  /**
   * A keyed retry whose earlier attempt started the task's workflow but died before its first event was
   * written (test:faults kills PostgreSQL there): the task is finished with the input it was started with —
   * its due date not judged again, since by now it may have passed. Null when no attempt started it.
   */
  private async resumeEarlierAttempt(user: AuthUser, taskId: string, request: CreateTaskRequest): Promise<(TaskView & { events: unknown[] }) | null> {
    const planCode = request.planId ? (await this.projection.planOfNewTask(request.planId))?.code : AD_HOC_PLAN_CODE;
    if (!planCode || typeof request.leadAgency !== 'string') return null;
    const workflowId = taskWorkflowId(planCode, taskId, request.leadAgency);
    const input = await this.temporal.runningWorkflowInput<TaskWorkflowInput>(workflowId);
    if (!input || input.taskId !== taskId) return null;
    await this.recordAssigned(workflowId, input);
    return this.reads.getVisible(user, taskId);
  }

  /**
   * Checks that the user may give `command` on the task and that its state allows it (fast 403/409
   * from the read model), then sends `update` — whose validator in the workflow has the last word —
   * and answers with its result and the task as it is after it.
   */
  private async command<Ret, Payload extends object>(
    user: AuthUser,
    taskId: string,
    command: TaskCommandType,
    update: UpdateDefinition<Ret, [Payload & { actor: Actor }]>,
    payload: Payload,
  ): Promise<{ result: Ret; task: Awaited<ReturnType<TaskReadService['getVisible']>> }> {
    const task = await this.reads.findVisible(user, taskId);
    if (!canCommandTask(user, task, command)) {
      throw new DomainError('FORBIDDEN', 'Bạn không có quyền thực hiện thao tác này trên nhiệm vụ.');
    }
    // The fast 409 from the read model is skipped for a request with an Idempotency-Key: it may be the retry of
    // one whose update was applied before its process died, which the workflow answers again (same update ID).
    const refusal = requestIdempotencyIdentity() ? null : refusalReason(task.status, command);
    if (refusal) throw new DomainError('INVALID_STATE', refusal);
    const result = await this.temporal.update(
      task.workflowId,
      update,
      [{ ...payload, actor: toActor(user) }],
      'Nhiệm vụ đã kết thúc, không thể thay đổi.',
    );
    return { result, task: await this.reads.getVisible(user, taskId) };
  }

  acknowledge(user: AuthUser, taskId: string) {
    return taskAfter(this.command(user, taskId, 'acknowledge', acknowledgeUpdate, {}));
  }

  reportProgress(user: AuthUser, taskId: string, percent: number, note: string) {
    return taskAfter(this.command(user, taskId, 'report_progress', reportProgressUpdate, { percent, note }));
  }

  submit(user: AuthUser, taskId: string, summary: string, evidence?: string) {
    return taskAfter(this.command(user, taskId, 'submit', submitUpdate, { summary, ...(evidence ? { evidence } : {}) }));
  }

  accept(user: AuthUser, taskId: string, note?: string) {
    return taskAfter(this.command(user, taskId, 'accept', acceptUpdate, note ? { note } : {}));
  }

  returnWork(user: AuthUser, taskId: string, reason: string) {
    return taskAfter(this.command(user, taskId, 'return', returnUpdate, { reason }));
  }

  cancel(user: AuthUser, taskId: string, reason: string) {
    return taskAfter(this.command(user, taskId, 'cancel', cancelUpdate, { reason }));
  }

  async requestExtension(user: AuthUser, taskId: string, newDueAt: string, reason: string): Promise<{ id: string }> {
    const problem = deadlineProblem(newDueAt, Date.now(), 'newDueAt');
    if (problem) throw validationFailed([problem]);
    const { result } = await this.command(user, taskId, 'request_extension', requestExtensionUpdate, {
      newDueAt: new Date(newDueAt).toISOString(),
      reason,
    });
    return { id: result.requestId };
  }

  approveExtension(user: AuthUser, taskId: string, requestId: string, note?: string) {
    return taskAfter(this.command(user, taskId, 'decide_extension', approveExtensionUpdate, { requestId, ...(note ? { note } : {}) }));
  }

  rejectExtension(user: AuthUser, taskId: string, requestId: string, reason?: string) {
    return taskAfter(this.command(user, taskId, 'decide_extension', rejectExtensionUpdate, { requestId, ...(reason ? { reason } : {}) }));
  }

  async reassign(user: AuthUser, taskId: string, agency: string, reason: string) {
    await this.agencies.requireExisting(agency, 'agency');
    return taskAfter(this.command(user, taskId, 'reassign', reassignUpdate, { agency, reason }));
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
    if (details.length) throw validationFailed(details);
    return plan;
  }
}

/** The task as it is after a command, for the commands that answer with it. */
async function taskAfter<T>(sent: Promise<{ task: T }>): Promise<T> {
  return (await sent).task;
}
