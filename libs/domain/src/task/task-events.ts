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
