import { Injectable } from '@nestjs/common';
import { NotificationRepository, type NotificationRecord } from '@giaoviec/persistence';
import { notFound } from '../common/route-ids';
import type { AuthUser } from '../auth/auth.types';

export type NotificationView = NotificationRecord;

/**
 * The signed-in user's inbox over the notification outbox: an agency sees its agency's messages
 * (including those for its head), the coordinator the coordinating office's, a leader the
 * escalations to leadership.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationRepository) {}

  async inbox(user: AuthUser, options: { unreadOnly: boolean; page: number; limit: number }) {
    const { items, total, unread } = await this.notifications.inbox(user, options);
    return { items, total, unread, page: options.page, limit: options.limit };
  }

  async markRead(user: AuthUser, id: string): Promise<{ id: string; readAt: string }> {
    const read = await this.notifications.markRead(user, id, user.sub);
    if (!read) throw notFound('notification');
    return read;
  }
}
