import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../domain/src/roles';

export interface NotificationRecord {
  id: string;
  taskId: string | null;
  reportingRoundId: string | null;
  recipientAgency: string | null;
  recipientRole: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** Whose inbox: an agency reads its agency's messages (its head's included), the coordinator and a leader their role's. */
export interface NotificationReader {
  role: Role;
  agency?: string;
}

/** The notification outbox read as inboxes (the writes go with each event: see `insertOutboxNotifications`). */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async inbox(
    reader: NotificationReader,
    options: { unreadOnly: boolean; page: number; limit: number },
  ): Promise<{ items: NotificationRecord[]; total: number; unread: number }> {
    const { where, params } = inboxScope(reader);
    const unreadFilter = options.unreadOnly ? ' AND read_at IS NULL' : '';
    const [[{ total, unread }], rows] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE TRUE ${unreadFilter})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
         FROM notifications WHERE ${where}`,
        params,
      ) as Promise<{ total: number; unread: number }[]>,
      this.dataSource.query(
        `SELECT id::text, task_id AS "taskId", reporting_round_id AS "reportingRoundId", recipient_agency AS "recipientAgency",
                recipient_role AS "recipientRole", kind, title, body, created_at AS "createdAt", read_at AS "readAt"
         FROM notifications WHERE ${where}${unreadFilter}
         ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, options.limit, (options.page - 1) * options.limit],
      ) as Promise<(NotificationRecord & { createdAt: Date; readAt: Date | null })[]>,
    ]);
    const items = rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null }));
    return { items, total, unread };
  }

  /** Marks one message of the reader's inbox read (the first reading counts); null when it is not in that inbox. */
  async markRead(reader: NotificationReader, id: string, readBy: string): Promise<{ id: string; readAt: string } | null> {
    const { where, params } = inboxScope(reader);
    const [rows]: [{ id: string; readAt: Date }[], number] = await this.dataSource.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()), read_by = COALESCE(read_by, $${params.length + 2})
       WHERE id = $${params.length + 1} AND ${where} RETURNING id::text, read_at AS "readAt"`,
      [...params, id, readBy],
    );
    const [row] = rows;
    return row ? { id: row.id, readAt: row.readAt.toISOString() } : null;
  }
}

function inboxScope(reader: NotificationReader): { where: string; params: unknown[] } {
  switch (reader.role) {
    case 'agency':
      return { where: `recipient_agency = $1 AND recipient_role IN ('agency', 'agency_head')`, params: [reader.agency] };
    case 'coordinator':
      return { where: `recipient_role = 'coordinator'`, params: [] };
    case 'leader':
      return { where: `recipient_role = 'leader'`, params: [] };
    default:
      return { where: 'FALSE', params: [] };
  }
}
