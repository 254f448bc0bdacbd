import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pageOffset, type PageRequest } from './page';

/** What the audit log records: sign-ins, failed sign-ins, lockouts, an admin's changes to users, password resets. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_locked',
  'user_created',
  'user_updated',
  'password_reset_requested',
  'password_reset',
  // A task event the read model refused for good (the worker, issue 13): the admins are told here.
  'activity_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  /** Who did it (`sub` of the token, or the e-mail tried at sign-in); null when unknown. */
  actor: string | null;
  /** What it was done to (a user id). */
  target: string | null;
  /** From where: the client's address. */
  address: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: string;
  at: string;
  details: Record<string, unknown>;
}

/** The append-only audit log (table `audit_log`). */
@Injectable()
export class AuditLogStore {
  constructor(private readonly dataSource: DataSource) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.dataSource.query(`INSERT INTO audit_log (action, actor, target, address, details) VALUES ($1, $2, $3, $4, $5)`, [
      entry.action,
      entry.actor,
      entry.target,
      entry.address,
      JSON.stringify(entry.details ?? {}),
    ]);
  }

  /** Newest first. */
  async list(query: PageRequest & { action?: AuditAction }): Promise<{ items: AuditRecord[]; total: number }> {
    const rows: (Omit<AuditRecord, 'at'> & { at: Date; total: number })[] = await this.dataSource.query(
      `SELECT id::text, at, action, actor, target, address, details, count(*) OVER ()::int AS total FROM audit_log
       WHERE ($3::text IS NULL OR action = $3) ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2`,
      [query.limit, pageOffset(query), query.action ?? null],
    );
    return {
      items: rows.map(({ total: _total, at, ...row }) => ({ ...row, at: at.toISOString() })),
      total: rows[0]?.total ?? 0,
    };
  }
}
