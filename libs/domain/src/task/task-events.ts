import type { NotificationMessage } from './notification-text';

export const TASK_EVENT_TYPES = [
  'assigned',
  'acknowledged',
  'acknowledge_reminder_sent',
  'reminder_sent',
  'overdue',
  'escalated',
  'progress_reported',
  'submitted',
  'returned',
  'completed',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'reassigned',
  'cancelled',
  // Not a step of the task: an event its read model refused for good (issue 13), recorded in its place.
  'projection_failed',
] as const;
export type TaskEventType = (typeof TASK_EVENT_TYPES)[number];

/** Who did something: a signed-in user, or the workflow itself (timers). */
export interface Actor {
  sub: string;
  name?: string;
  role: string;
  agency?: string;
}

export const SYSTEM_ACTOR: Actor = { sub: 'system', name: 'Hệ thống giaoviec', role: 'system' };

/**
 * What a rule decided to record: one event of a workflow's history, with the messages it sends.
 * The workflow numbers it, stamps it (`at`, when not given) and projects it.
 */
export interface EventDraft<Type extends string = TaskEventType> {
  type: Type;
  actor: Actor;
  payload: Record<string, unknown>;
  notifications: NotificationMessage[];
  /** When it happened, if not at the workflow's present moment (a first event carries its own time). */
  at?: string;
}
