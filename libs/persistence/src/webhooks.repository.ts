import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RegisteredWebhook } from '../../domain/src/delivery';

export interface WebhookView extends RegisteredWebhook {
  createdBy: string;
  createdAt: string;
}

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  created_by: string;
  created_at: Date;
}

const toView = (row: WebhookRow): WebhookView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

/** Webhook subscriptions of other systems. The secret is write-only: it never leaves the database but to sign. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(webhook: { url: string; events: readonly string[]; secret: string }, createdBy: string): Promise<WebhookView> {
    const [row]: WebhookRow[] = await this.dataSource.query(
      `INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING id, url, events, created_by, created_at`,
      [webhook.url, webhook.events, webhook.secret, createdBy],
    );
    return toView(row);
  }

  async list(): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await this.dataSource.query(`SELECT id, url, events, created_by, created_at FROM webhooks ORDER BY created_at, id`);
    return rows.map(toView);
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.dataSource.query(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    return (rows[0]?.length ?? rows.length) > 0;
  }

  /** Where to POST and what to sign with; null once the webhook is deleted. */
  async targetOf(id: string): Promise<{ url: string; secret: string } | null> {
    const rows: { url: string; secret: string }[] = await this.dataSource.query(`SELECT url, secret FROM webhooks WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
