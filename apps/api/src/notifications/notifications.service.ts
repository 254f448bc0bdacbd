import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/route-ids';

export interface NotificationView {
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

/**
 * The signed-in user's inbox over the notification outbox: an agency sees its agency's messages
 * (including those for its head), the coordinator the coordinating office's, a leader the
 * escalations to leadership.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  async inbox(user: AuthUser, options: { unreadOnly: boolean; page: number; limit: number }) {
    const { where, params } = this.scope(user);
    const unreadFilter = options.unreadOnly ? ' AND read_at IS NULL' : '';
    const [{ total, unread }] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE TRUE ${unreadFilter})::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notifications WHERE ${where}`,
      params,
    );
    const rows = await this.dataSource.query(
      `SELECT id::text, task_id AS "taskId", reporting_round_id AS "reportingRoundId", recipient_agency AS "recipientAgency", recipient_role AS "recipientRole",
              kind, title, body, created_at AS "createdAt", read_at AS "readAt"
       FROM notifications WHERE ${where}${unreadFilter}
       ORDER BY created_at DESC, id DESC LIMIT ${options.limit} OFFSET ${(options.page - 1) * options.limit}`,
      params,
    );
    const items: NotificationView[] = rows.map((row: NotificationView & { createdAt: Date; readAt: Date | null }) => ({
      ...row,
      createdAt: new Date(row.createdAt).toISOString(),
      readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
    }));
    return { items, total, unread, page: options.page, limit: options.limit };
  }

  async markRead(user: AuthUser, id: string): Promise<{ id: string; readAt: string }> {
    const { where, params } = this.scope(user);
    const rows = await this.dataSource.query(
      `UPDATE notifications SET read_at = COALESCE(read_at, now()), read_by = COALESCE(read_by, $${params.length + 2})
       WHERE id = $${params.length + 1} AND ${where} RETURNING id::text, read_at AS "readAt"`,
      [...params, id, user.sub],
    );
    const [row] = rows[0] ?? [];
    if (!row) throw notFound('notification');
    return { id: row.id, readAt: new Date(row.readAt).toISOString() };
  }

  private scope(user: AuthUser): { where: string; params: unknown[] } {
    switch (user.role) {
      case 'agency':
        return { where: `recipient_agency = $1 AND recipient_role IN ('agency', 'agency_head')`, params: [user.agency] };
      case 'coordinator':
        return { where: `recipient_role = 'coordinator'`, params: [] };
      case 'leader':
        return { where: `recipient_role = 'leader'`, params: [] };
      default:
        return { where: 'FALSE', params: [] };
    }
  }
}
