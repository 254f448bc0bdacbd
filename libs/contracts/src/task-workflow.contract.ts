import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { EscalationTarget, TaskPolicy } from '../../domain/src/policy';
import type { Actor, TaskEventType, TaskStatus } from '../../domain/src/task';
import { TASK_QUEUE } from './task-queues';

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
  /** Continue as new once the history has this many events (default 10 000; tests set it low). */
  historyEventLimit?: number;
}

export interface ExtensionRequest {
  id: string;
  newDueAt: string;
  reason: string;
  requestedAt: string;
  requestedBy: Actor;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt?: string;
  decisionReason?: string;
}

/** Live state of a task workflow, answered by `taskStateQuery` and by every update; carried across continue-as-new. */
export interface TaskState {
  taskId: string;
  status: TaskStatus;
  leadAgency: string;
  coordinatingAgencies: string[];
  dueAt: string;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: EscalationTarget | null;
  submittedAt: string | null;
  completedAt: string | null;
  /** When the lead agency's acknowledge clock started (assignment or reassignment). */
  acknowledgeClockFrom: string;
  /** When the due date in force was set: reminders whose moment had passed by then are not sent. */
  dueSetAt: string;
  /** Keys of the alarms already fired for the current lead and due date (see libs/domain alarms). */
  firedAlarms: string[];
  extensions: ExtensionRequest[];
  /** Sequence number of the last recorded event: the idempotency key of projections. */
  eventSeq: number;
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

export type NotificationRecipientRole = 'agency' | 'agency_head' | 'coordinator' | 'leader';

/** A message for the outbox, written with the event that caused it (key: workflow ID, event seq, index). */
export interface NotificationDraft {
  recipientAgency: string | null;
  recipientRole: NotificationRecipientRole;
  kind: string;
  title: string;
  body: string;
}

/** The task view after an event, written together with the event. */
export interface TaskProjection {
  input: TaskWorkflowInput;
  state: TaskState;
}

export interface CommandMeta {
  actor: Actor;
}

export const acknowledgeUpdate = defineUpdate<TaskState, [CommandMeta]>('acknowledge');
export const reportProgressUpdate = defineUpdate<TaskState, [CommandMeta & { percent: number; note: string }]>(
  'reportProgress',
);
export const submitUpdate = defineUpdate<TaskState, [CommandMeta & { summary: string; evidence?: string }]>('submit');
export const acceptUpdate = defineUpdate<TaskState, [CommandMeta & { note?: string }]>('accept');
export const returnUpdate = defineUpdate<TaskState, [CommandMeta & { reason: string }]>('return');
export const cancelUpdate = defineUpdate<TaskState, [CommandMeta & { reason: string }]>('cancel');
export const requestExtensionUpdate = defineUpdate<
  { requestId: string; state: TaskState },
  [CommandMeta & { newDueAt: string; reason: string }]
>('requestExtension');
export const approveExtensionUpdate = defineUpdate<TaskState, [CommandMeta & { requestId: string; note?: string }]>(
  'approveExtension',
);
export const rejectExtensionUpdate = defineUpdate<TaskState, [CommandMeta & { requestId: string; reason?: string }]>(
  'rejectExtension',
);
export const reassignUpdate = defineUpdate<TaskState, [CommandMeta & { agency: string; reason: string }]>('reassign');

export const taskStateQuery = defineQuery<TaskState>('taskState');

/** ApplicationFailure type of a command the task's state does not allow (the API answers 409). */
export const COMMAND_REFUSED_FAILURE = 'TaskCommandRefused';

export function initialTaskState(input: TaskWorkflowInput): TaskState {
  return {
    taskId: input.taskId,
    status: 'assigned',
    leadAgency: input.leadAgency,
    coordinatingAgencies: [...input.coordinatingAgencies],
    dueAt: input.dueAt,
    progressPercent: 0,
    escalationLevel: 0,
    escalatedTo: null,
    submittedAt: null,
    completedAt: null,
    acknowledgeClockFrom: input.assignedAt,
    dueSetAt: input.assignedAt,
    firedAlarms: [],
    extensions: [],
    eventSeq: 0,
  };
}

/** Payload of a task's first event, `assigned`; the API writes it eagerly with the same content. */
export function assignedEventPayload(input: TaskWorkflowInput): Record<string, unknown> {
  return { leadAgency: input.leadAgency, coordinatingAgencies: input.coordinatingAgencies, dueAt: input.dueAt };
}

/**
 * The task's first event and the view it makes, as the workflow records them (same key, same content):
 * what the starter of a task workflow writes right after starting it, so the task reads complete at once.
 */
export function assignedTaskRecord(workflowId: string, input: TaskWorkflowInput): { event: TaskEventRecord; projection: TaskProjection } {
  return {
    event: { workflowId, seq: 1, taskId: input.taskId, type: 'assigned', at: input.assignedAt, actor: input.assignedBy, payload: assignedEventPayload(input) },
    projection: { input, state: { ...initialTaskState(input), eventSeq: 1 } },
  };
}

/**
 * How every task workflow is started: on the task queue, under its business-key ID, and never
 * again once that ID has been used — even after the first run closed (Temporal's default would
 * allow a second run of a completed task).
 */
export function taskWorkflowStartOptions(workflowId: string, input: TaskWorkflowInput) {
  return {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input] as [TaskWorkflowInput],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
}
