import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskPolicy } from '../../domain/src/policy';
import {
  initialTaskState,
  taskAssignedEvent,
  type Actor,
  type NotificationMessage,
  type NotificationRole,
  type TaskCommand,
  type TaskEventType,
  type TaskState,
} from '../../domain/src/task';
import type { TaskSplitOrigin } from '../../domain/src/task/task-rules';
import { startOnceOptions } from './task-queues';

// The live state is the domain's; re-exported for the API and the activities that read it from here.
export { initialTaskState, type ExtensionRequest, type TaskState } from '../../domain/src/task';

/** What `POST /api/tasks` and plan issuing hand to a new task workflow. */
export interface TaskWorkflowInput {
  taskId: string;
  planId: string | null;
  /** The plan's task this one was fanned out from (one per member of a group), if any. */
  planTaskId?: string | null;
  planCode: string;
  taskRef: string;
  title: string;
  description: string | null;
  leadAgency: string;
  coordinatingAgencies: string[];
  dueAt: string;
  /** The complete policy in force (default ← plan ← task), resolved by the caller. */
  policy: TaskPolicy;
  assignedAt: string;
  assignedBy: Actor;
  /** The coordinating office the directory named at assignment (its messages go to its successor after a merge). */
  coordinatorAgency?: string;
  /** Set on a task a reorganisation split off for a successor of an abolished agency (issue 11): named in its `assigned` event. */
  reorganization?: TaskSplitOrigin;
  /** Continue as new once the history has this many events (default 1 500, keeping every run under 2,048; tests set it low). */
  historyEventLimit?: number;
}

/** One entry of the task's history, written by the projection activity. */
export interface TaskEventRecord {
  workflowId: string;
  seq: number;
  taskId: string;
  type: TaskEventType;
  at: string;
  actor: Actor;
  payload: Record<string, unknown>;
}

export type NotificationRecipientRole = NotificationRole;

/** A message for the outbox, written with the event that caused it (key: workflow ID, event seq, index). */
export type NotificationDraft = NotificationMessage;

/** The task view after an event, written together with the event. */
export interface TaskProjection {
  input: TaskWorkflowInput;
  state: TaskState;
}

export interface CommandMeta {
  actor: Actor;
  /** When the API received the command (ISO 8601, stamped once at the edge); the workflow bounds it. */
  receivedAt?: string;
}

/** The arguments of a task command's update: the command without its type. */
export type TaskCommandArgs<Type extends TaskCommand['type']> = Omit<Extract<TaskCommand, { type: Type }>, 'type'>;

export const acknowledgeUpdate = defineUpdate<TaskState, [TaskCommandArgs<'acknowledge'>]>('acknowledge');
export const reportProgressUpdate = defineUpdate<TaskState, [TaskCommandArgs<'report_progress'>]>('reportProgress');
export const submitUpdate = defineUpdate<TaskState, [TaskCommandArgs<'submit'>]>('submit');
export const acceptUpdate = defineUpdate<TaskState, [TaskCommandArgs<'accept'>]>('accept');
export const returnUpdate = defineUpdate<TaskState, [TaskCommandArgs<'return'>]>('return');
export const cancelUpdate = defineUpdate<TaskState, [TaskCommandArgs<'cancel'>]>('cancel');
export const requestExtensionUpdate = defineUpdate<{ requestId: string; state: TaskState }, [TaskCommandArgs<'request_extension'>]>(
  'requestExtension',
);
export const approveExtensionUpdate = defineUpdate<TaskState, [TaskCommandArgs<'approve_extension'>]>('approveExtension');
export const rejectExtensionUpdate = defineUpdate<TaskState, [TaskCommandArgs<'reject_extension'>]>('rejectExtension');
export const reassignUpdate = defineUpdate<TaskState, [TaskCommandArgs<'reassign'>]>('reassign');

/** The update each task command arrives by (the workflow registers one handler per entry). */
export const taskCommandUpdates = {
  acknowledge: acknowledgeUpdate,
  report_progress: reportProgressUpdate,
  submit: submitUpdate,
  accept: acceptUpdate,
  return: returnUpdate,
  cancel: cancelUpdate,
  request_extension: requestExtensionUpdate,
  approve_extension: approveExtensionUpdate,
  reject_extension: rejectExtensionUpdate,
  reassign: reassignUpdate,
} as const satisfies Record<TaskCommand['type'], unknown>;

export const taskStateQuery = defineQuery<TaskState>('taskState');

/** ApplicationFailure type of a command the task's state does not allow (the API answers 409). */
export const COMMAND_REFUSED_FAILURE = 'TaskCommandRefused';

/** Payload of a task's first event, `assigned`; the API writes it eagerly with the same content. */
export function assignedEventPayload(input: TaskWorkflowInput): Record<string, unknown> {
  return taskAssignedEvent(input).payload;
}

/**
 * The task's first event and the view it makes, as the workflow records them (same key, same content):
 * what the starter of a task workflow writes right after starting it, so the task reads complete at once.
 */
export function assignedTaskRecord(
  workflowId: string,
  input: TaskWorkflowInput,
): { event: TaskEventRecord; projection: TaskProjection; notifications: NotificationDraft[] } {
  const first = taskAssignedEvent(input);
  return {
    event: { workflowId, seq: 1, taskId: input.taskId, type: 'assigned', at: input.assignedAt, actor: input.assignedBy, payload: first.payload },
    projection: { input, state: { ...initialTaskState(input), eventSeq: 1 } },
    notifications: first.notifications,
  };
}

/**
 * How every task workflow is started: on the task queue, under its business-key ID, and never
 * again once that ID has been used — even after the first run closed (Temporal's default would
 * allow a second run of a completed task).
 */
export function taskWorkflowStartOptions(workflowId: string, input: TaskWorkflowInput) {
  return startOnceOptions(workflowId, input);
}

/**
 * The failure type of a projection that retrying cannot fix (PostgreSQL refused the data itself):
 * non-retryable, so the workflow records `projection_failed` in its place and goes on (issue 13).
 */
export const PROJECTION_REJECTED_FAILURE = 'ProjectionRejected';
