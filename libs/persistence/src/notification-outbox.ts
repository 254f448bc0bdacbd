import type { EntityManager } from 'typeorm';
import type { NotificationDraft } from '../../contracts/src';

/**
 * Writes the notifications an event sends into the outbox, in the caller's transaction. Each is
 * keyed by (workflow ID, event sequence, index), so a retried projection writes none twice.
 */
export async function insertOutboxNotifications(
  db: EntityManager,
  /** `variant` (the event's type) keys apart the notifications of an event that replaced another at its seq. */
  source: { workflowId: string; seq: number; at: string; taskId?: string; reportingRoundId?: string; variant?: string },
  notifications: readonly NotificationDraft[],
): Promise<void> {
  for (const [index, notification] of notifications.entries()) {
    await db.query(
      `INSERT INTO notifications (idempotency_key, task_id, reporting_round_id, recipient_agency, recipient_role, kind, title, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        `${source.workflowId}#${source.seq}#${index}${source.variant ? `#${source.variant}` : ''}`,
        source.taskId ?? null,
        source.reportingRoundId ?? null,
        notification.recipientAgency,
        notification.recipientRole,
        notification.kind,
        notification.title,
        notification.body,
        source.at,
      ],
    );
  }
}
