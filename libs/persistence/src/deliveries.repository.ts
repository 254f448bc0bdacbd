import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { primarySuccessorOn } from '../../domain/src/agency/reorganization';
import { AgencyRepository } from './agency.repository';
import { localDateOfInstant } from '../../domain/src/calendar/local-date';
import {
  isWorkingDayEvent,
  planDeliveries,
  type DeliveryChannel,
  type DeliveryContext,
  type RecipientDirectory,
} from '../../domain/src/delivery';
import { ContactsRepository } from './contacts.repository';
import { WebhooksRepository } from './webhooks.repository';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'dead';

export interface DeliveryView {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  recipient: string;
  recipientName: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  attemptLog: { attempt: number; startedAt: string; finishedAt: string | null; outcome: 'sent' | 'failed' | null; error: string | null }[];
}

/** A delivery claimed by one dispatcher for one attempt, with what its message says. */
export interface ClaimedDelivery {
  id: string;
  channel: DeliveryChannel;
  recipient: string;
  webhookId: string | null;
  attempt: number;
  /** Attempts counted against the retry budget (since the admin's last retry). */
  budgetAttempts: number;
  officeHours: boolean;
  context: DeliveryContext;
}

export interface PlanningOptions {
  zaloEnabled: boolean;
  /** Zalo by phone number (ZNS) too; by default whenever Zalo is on. */
  znsEnabled?: boolean;
  smsEnabled: boolean;
  /** The coordinating office; by default the directory's (the agency that `coordinates`, issue 11). */
  coordinatingAgency?: string;
  publicUrl: string;
}

const DELIVERY_COLUMNS = `d.id::text, d.notification_id::text AS "notificationId", d.channel, d.recipient, d.recipient_name AS "recipientName",
  d.status, d.attempts, d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt", d.sent_at AS "sentAt",
  COALESCE((SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'finishedAt', a.finished_at, 'outcome', a.outcome, 'error', a.error) ORDER BY a.attempt)
            FROM delivery_attempts a WHERE a.delivery_id = d.id), '[]') AS "attemptLog"`;

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

function toView(row: DeliveryView & { nextAttemptAt: Date | null; createdAt: Date; sentAt: Date | null }): DeliveryView {
  return {
    ...row,
    nextAttemptAt: row.status === 'sent' || row.status === 'dead' ? null : iso(row.nextAttemptAt),
    createdAt: iso(row.createdAt) as string,
    sentAt: iso(row.sentAt),
    attemptLog: row.attemptLog.map((entry) => ({ ...entry, startedAt: iso(entry.startedAt) as string, finishedAt: iso(entry.finishedAt) })),
  };
}

/**
 * The deliveries of the notification outbox: planned from each new outbox row (contacts and
 * webhooks at that moment), claimed for one attempt at a time under a lease, and recorded.
 */
@Injectable()
export class DeliveriesRepository {
  private readonly contacts: ContactsRepository;
  private readonly webhooks: WebhooksRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgencyRepository = new AgencyRepository(dataSource),
  ) {
    this.contacts = new ContactsRepository(dataSource);
    this.webhooks = new WebhooksRepository(dataSource);
  }

  /** Deliveries per status (the outbox's backlog, for the metrics). */
  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const rows: { status: DeliveryStatus; count: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS count FROM deliveries GROUP BY status`,
    );
    const counts: Record<DeliveryStatus, number> = { pending: 0, sent: 0, failed: 0, dead: 0 };
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  /**
   * Turns up to `limit` outbox rows not yet planned into deliveries, in one transaction with
   * marking them planned (rows locked with SKIP LOCKED, so dispatchers on several workers share
   * the work). Returns how many notifications were planned.
   */
  async planNext(limit: number, options: PlanningOptions): Promise<number> {
    return this.dataSource.transaction(async (db) => {
      const rows: {
        id: string;
        recipient_role: 'agency' | 'agency_head' | 'coordinator' | 'leader';
        recipient_agency: string | null;
        kind: string;
        policy: Record<string, unknown> | null;
      }[] = await db.query(
        `SELECT n.id::text, n.recipient_role, n.recipient_agency, n.kind, COALESCE(t.policy, r.policy) AS policy
         FROM notifications n LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN reporting_rounds r ON r.id = n.reporting_round_id
         WHERE n.deliveries_planned_at IS NULL ORDER BY n.id LIMIT $1 FOR UPDATE OF n SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const coordinatingAgency = options.coordinatingAgency ?? (await this.agencies.coordinatorFor(null));
      // A message recorded for an agency a reorganisation has since ended goes to its successor.
      const datedAgencies = await this.agencies.dated();
      const today = localDateOfInstant(Date.now());
      for (const row of rows) {
        if (row.recipient_agency) row.recipient_agency = primarySuccessorOn(datedAgencies, row.recipient_agency, today) ?? row.recipient_agency;
      }
      const agencies = [...new Set([...rows.map((row) => row.recipient_agency).filter((code): code is string => !!code), coordinatingAgency, 'UBND-TP'])];
      const [contacts, emailOff, webhooks] = await Promise.all([
        this.contacts.listMany(agencies),
        this.contacts.perEventEmailOff(agencies),
        this.webhooks.list(),
      ]);
      const directory: RecipientDirectory = {
        contactsOf: (agency) => contacts.get(agency) ?? [],
        perEventEmail: (agency) => !emailOff.has(agency),
        webhooks,
        zaloEnabled: options.zaloEnabled,
        znsEnabled: options.znsEnabled ?? options.zaloEnabled,
        smsEnabled: options.smsEnabled,
        coordinatingAgency,
      };
      for (const row of rows) {
        const notification = { recipientRole: row.recipient_role, recipientAgency: row.recipient_agency, kind: row.kind };
        const officeHours = isWorkingDayEvent(row.kind, row.policy ?? {});
        for (const delivery of planDeliveries(notification, directory)) {
          await db.query(
            `INSERT INTO deliveries (notification_id, channel, recipient, recipient_name, webhook_id, status, office_hours, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, now()) ON CONFLICT (notification_id, channel, recipient) DO NOTHING`,
            [row.id, delivery.channel, delivery.recipient, delivery.recipientName, delivery.webhookId ?? null, officeHours],
          );
        }
      }
      await db.query(`UPDATE notifications SET deliveries_planned_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

  /**
   * Claims up to `limit` due deliveries for one attempt each: the attempt is counted and the
   * delivery leased for `leaseMs` (its next attempt moves past the lease), so a dispatcher that
   * dies mid-send leaves it to be retried — with the same delivery ID, for the receiver to drop
   * a repeat — once the lease runs out.
   */
  async claimDue(limit: number, leaseMs: number, publicUrl: string): Promise<ClaimedDelivery[]> {
    const rows: {
      id: string;
      channel: DeliveryChannel;
      recipient: string;
      recipient_name: string;
      webhook_id: string | null;
      attempts: number;
      attempts_before_retry: number;
      office_hours: boolean;
      n_id: string;
      n_kind: string;
      n_title: string;
      n_body: string;
      n_role: string;
      n_agency: string | null;
      n_created_at: Date;
      t_id: string | null;
      t_title: string | null;
      t_lead: string | null;
      t_lead_name: string | null;
      t_due_at: Date | null;
      t_status: string | null;
      r_id: string | null;
      r_title: string | null;
      r_due_text: string | null;
    }[] = await this.dataSource.transaction(async (db) => {
      const claimed: { id: string }[] = await db.query(
        `UPDATE deliveries SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now()
         WHERE id IN (SELECT id FROM deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id::text`,
        [limit, leaseMs],
      ).then((result: [{ id: string }[], number]) => result[0]);
      if (claimed.length === 0) return [];
      const ids = claimed.map((row) => row.id);
      await db.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, started_at) SELECT id, attempts, now() FROM deliveries WHERE id = ANY($1::uuid[])
         ON CONFLICT DO NOTHING`,
        [ids],
      );
      return db.query(
        `SELECT d.id::text, d.channel, d.recipient, d.recipient_name, d.webhook_id::text, d.attempts, d.attempts_before_retry, d.office_hours,
                n.id::text AS n_id, n.kind AS n_kind, n.title AS n_title, n.body AS n_body, n.recipient_role AS n_role, n.recipient_agency AS n_agency,
                n.created_at AS n_created_at,
                t.id::text AS t_id, t.title AS t_title, t.lead_agency AS t_lead, a.name AS t_lead_name, t.due_at AS t_due_at, t.status AS t_status,
                r.id::text AS r_id, r.title AS r_title, r.due_text AS r_due_text
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id
         LEFT JOIN tasks t ON t.id = n.task_id LEFT JOIN agencies a ON a.code = t.lead_agency
         LEFT JOIN reporting_rounds r ON r.id = n.reporting_round_id
         WHERE d.id = ANY($1::uuid[])`,
        [ids],
      );
    });
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      webhookId: row.webhook_id,
      attempt: row.attempts,
      budgetAttempts: row.attempts - row.attempts_before_retry,
      officeHours: row.office_hours,
      context: {
        deliveryId: row.id,
        notification: {
          id: row.n_id,
          kind: row.n_kind,
          title: row.n_title,
          body: row.n_body,
          recipientRole: row.n_role,
          recipientAgency: row.n_agency,
          createdAt: row.n_created_at.toISOString(),
        },
        ...(row.t_id
          ? {
              task: {
                id: row.t_id,
                title: row.t_title as string,
                leadAgency: row.t_lead as string,
                leadAgencyName: row.t_lead_name ?? (row.t_lead as string),
                dueAt: (row.t_due_at as Date).toISOString(),
                status: row.t_status as string,
              },
            }
          : {}),
        ...(row.r_id ? { round: { id: row.r_id, title: row.r_title as string, dueText: row.r_due_text as string } } : {}),
        recipientName: row.recipient_name,
        publicUrl,
      },
    }));
  }

  async markSent(id: string, attempt: number): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(`UPDATE deliveries SET status = 'sent', sent_at = COALESCE(sent_at, now()), last_error = NULL, updated_at = now() WHERE id = $1`, [id]);
      await db.query(`UPDATE delivery_attempts SET finished_at = now(), outcome = 'sent' WHERE delivery_id = $1 AND attempt = $2`, [id, attempt]);
    });
  }

  /** Records a failed attempt: `failed` with the next attempt's time, or `dead` (`nextAttemptAt` null). Never undoes a `sent`. */
  async markFailed(id: string, attempt: number, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(
        `UPDATE deliveries SET status = $2, last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at), updated_at = now()
         WHERE id = $1 AND status <> 'sent' AND attempts = $5`,
        [id, nextAttemptAt ? 'failed' : 'dead', error.slice(0, 2000), nextAttemptAt, attempt],
      );
      await db.query(`UPDATE delivery_attempts SET finished_at = now(), outcome = 'failed', error = $3 WHERE delivery_id = $1 AND attempt = $2`, [
        id,
        attempt,
        error.slice(0, 2000),
      ]);
    });
  }

  async forNotification(notificationId: string): Promise<DeliveryView[] | null> {
    const exists = await this.dataSource.query(`SELECT 1 FROM notifications WHERE id = $1`, [notificationId]);
    if (exists.length === 0) return null;
    const rows = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.notification_id = $1 ORDER BY d.channel, d.recipient`,
      [notificationId],
    );
    return rows.map(toView);
  }

  async list(filter: { status?: DeliveryStatus; limit: number; offset: number }): Promise<{ items: DeliveryView[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM deliveries WHERE ($1::text IS NULL OR status = $1)`, [
      filter.status ?? null,
    ]);
    const rows = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE ($1::text IS NULL OR d.status = $1) ORDER BY d.updated_at DESC, d.id LIMIT $2 OFFSET $3`,
      [filter.status ?? null, filter.limit, filter.offset],
    );
    return { items: rows.map(toView), total };
  }

  /** The admin's retry of a dead delivery: pending again at once, with a fresh retry budget. */
  async retry(id: string): Promise<DeliveryView | 'not_found' | 'not_dead'> {
    const rows = await this.dataSource.query(`SELECT status FROM deliveries WHERE id = $1`, [id]);
    if (rows.length === 0) return 'not_found';
    const [updated] = await this.dataSource
      .query(
        `UPDATE deliveries SET status = 'pending', attempts_before_retry = attempts, next_attempt_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'dead' RETURNING id`,
        [id],
      )
      .then((result: [{ id: string }[], number]) => result);
    if (updated.length === 0) return 'not_dead';
    const [view] = await this.dataSource.query(`SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.id = $1`, [id]);
    return toView(view);
  }
}
