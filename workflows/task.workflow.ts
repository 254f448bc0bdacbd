import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import type { TaskActivities } from '../activities/task-projection.activities';
import {
  COMMAND_REFUSED_FAILURE,
  acceptUpdate,
  acknowledgeUpdate,
  assignedEventPayload,
  cancelUpdate,
  initialTaskState,
  reportProgressUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
  type CommandMeta,
  type TaskState,
  type TaskWorkflowInput,
} from '../libs/contracts/src/task-workflow.contract';
import type { Actor, TaskEventType } from '../libs/domain/src/task/task-events';
import { isLeadAgencyCommand } from '../libs/domain/src/task/task-access';
import { isOpenStatus } from '../libs/domain/src/task/task-status';
import { nextStatus, refusalReason, type TaskCommandType } from '../libs/domain/src/task/task-lifecycle';

const { recordTaskEvent } = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One assigned task, from `assigned` to `completed` or `cancelled`. Temporal owns its live
 * state; every change is projected to PostgreSQL before the update that caused it answers,
 * so the API can read its own writes.
 */
export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskState> {
  const { workflowId } = workflowInfo();
  const state: TaskState = initialTaskState(input);

  async function record(type: TaskEventType, actor: Actor, payload: Record<string, unknown>, at?: string) {
    state.eventSeq += 1;
    const event = {
      workflowId,
      seq: state.eventSeq,
      taskId: input.taskId,
      type,
      at: at ?? new Date().toISOString(), // workflow time: deterministic on replay
      actor,
      payload,
    };
    await recordTaskEvent({ event, projection: { input, state: { ...state } } });
  }

  function refuseUnlessAllowed(command: TaskCommandType, meta: CommandMeta): void {
    const reason = refusalReason(state.status, command);
    if (reason) throw ApplicationFailure.create({ type: COMMAND_REFUSED_FAILURE, message: reason, nonRetryable: true });
    // The API checks access too; this is the last word, against the live lead agency.
    if (isLeadAgencyCommand(command) && meta.actor.agency !== state.leadAgency) {
      throw ApplicationFailure.create({
        type: COMMAND_REFUSED_FAILURE,
        message: 'Chỉ cơ quan chủ trì nhiệm vụ mới được thực hiện thao tác này.',
        nonRetryable: true,
      });
    }
  }

  /** Registers an update whose validator refuses what the lifecycle forbids, then applies it. */
  function onCommand<A extends CommandMeta>(
    update: ReturnType<typeof defineUpdate<TaskState, [A]>>,
    command: TaskCommandType,
    apply: (args: A) => { type: TaskEventType; payload: Record<string, unknown> },
  ): void {
    setHandler(
      update,
      async (args: A) => {
        // Mutate synchronously, before awaiting, so a concurrent update's validator sees the new state.
        state.status = nextStatus(state.status, command);
        const { type, payload } = apply(args);
        await record(type, args.actor, payload);
        return { ...state };
      },
      { validator: (args: A) => refuseUnlessAllowed(command, args) },
    );
  }

  onCommand(acknowledgeUpdate, 'acknowledge', () => ({ type: 'acknowledged', payload: {} }));
  onCommand(reportProgressUpdate, 'report_progress', ({ percent, note }) => {
    state.progressPercent = percent;
    return { type: 'progress_reported', payload: { percent, note } };
  });
  onCommand(submitUpdate, 'submit', ({ summary, evidence }) => {
    state.progressPercent = 100;
    return { type: 'submitted', payload: { summary, ...(evidence ? { evidence } : {}) } };
  });
  onCommand(acceptUpdate, 'accept', ({ note }) => {
    state.completedAt = new Date().toISOString();
    return { type: 'completed', payload: note ? { note } : {} };
  });
  onCommand(returnUpdate, 'return', ({ reason }) => ({ type: 'returned', payload: { reason } }));
  onCommand(cancelUpdate, 'cancel', ({ reason }) => ({ type: 'cancelled', payload: { reason } }));
  setHandler(taskStateQuery, () => ({ ...state }));

  await record('assigned', input.assignedBy, assignedEventPayload(input), input.assignedAt);
  await condition(() => !isOpenStatus(state.status));
  await condition(allHandlersFinished);
  return { ...state };
}
