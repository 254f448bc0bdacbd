import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, TaskEventType, TaskStatus } from '../../domain/src/task';
import { TASK_QUEUE } from './task-queues';

/** What `POST /api/tasks` (and later plan issuing) hands to a new task workflow. */
export interface TaskWorkflowInput {
  taskId: string;
  planId: string | null;
  planCode: string;
  taskRef: string;
  title: string;
  description: string | null;
  leadAgency: string;
  coordinatingAgencies: string[];
  dueAt: string;
  /** The task's policy override as submitted; interpreted by the lifecycle timers. */
  policy?: Record<string, unknown> | null;
  assignedAt: string;
  assignedBy: Actor;
}

/** Live state of a task workflow, answered by `taskStateQuery` and by every update. */
export interface TaskState {
  taskId: string;
  status: TaskStatus;
  leadAgency: string;
  dueAt: string;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: string | null;
  completedAt: string | null;
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

export const taskStateQuery = defineQuery<TaskState>('taskState');

/** ApplicationFailure type of a command the task's state does not allow (the API answers 409). */
export const COMMAND_REFUSED_FAILURE = 'TaskCommandRefused';

export function initialTaskState(input: TaskWorkflowInput): TaskState {
  return {
    taskId: input.taskId,
    status: 'assigned',
    leadAgency: input.leadAgency,
    dueAt: input.dueAt,
    progressPercent: 0,
    escalationLevel: 0,
    escalatedTo: null,
    completedAt: null,
    eventSeq: 0,
  };
}

/** Payload of a task's first event, `assigned`; the API writes it eagerly with the same content. */
export function assignedEventPayload(input: TaskWorkflowInput): Record<string, unknown> {
  return { leadAgency: input.leadAgency, coordinatingAgencies: input.coordinatingAgencies, dueAt: input.dueAt };
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
