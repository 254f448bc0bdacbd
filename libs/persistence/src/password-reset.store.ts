import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PASSWORD_RESET_KIND } from '../../domain/src/delivery/password-reset';

/** The mail that carries a reset link, to one user's address. */
export interface ResetMail {
  to: string;
  toName: string;
  title: string;
  body: string;
}

/**
 * One-time password-reset tokens (table `password_resets`, only their SHA-256 kept) and their mail,
 * which goes into the notification outbox already planned: one e-mail delivery to the user, which
 * the worker's dispatcher sends and retries like any other.
 */
@Injectable()
export class PasswordResetStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether a link was sent to this account within the last `seconds` (one mail a minute is enough). */
  async requestedWithin(userId: string, seconds: number): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM password_resets WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2) LIMIT 1`, [
      userId,
      seconds,
    ]);
    return rows.length > 0;
  }

  /** Stores the token's hash and enqueues its mail, in one transaction. */
  async create(reset: { userId: string; tokenHash: string; ttlSeconds: number; address: string | null; mail: ResetMail }): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(`INSERT INTO password_resets (token_hash, user_id, expires_at, address) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`, [
        reset.tokenHash,
        reset.userId,
        reset.ttlSeconds,
        reset.address,
      ]);
      const [{ id }]: { id: string }[] = await db.query(
        `INSERT INTO notifications (idempotency_key, recipient_role, kind, title, body, created_at, deliveries_planned_at)
         VALUES ($1, 'user', $2, $3, $4, now(), now()) RETURNING id::text`,
        [`password-reset#${reset.tokenHash}`, PASSWORD_RESET_KIND, reset.mail.title, reset.mail.body],
      );
      await db.query(
        `INSERT INTO deliveries (notification_id, channel, recipient, recipient_name, status, office_hours, next_attempt_at)
         VALUES ($1, 'email', $2, $3, 'pending', false, now())`,
        [id, reset.mail.to, reset.mail.toName],
      );
    });
  }

  /**
   * Uses a token once: the user it was for, when it is known, unused and not expired; every other
   * outstanding link of that user stops working too.
   */
  async consume(tokenHash: string): Promise<string | undefined> {
    return this.dataSource.transaction(async (db) => {
      const [rows]: [{ userId: string }[], number] = await db.query(
        `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id::text AS "userId"`,
        [tokenHash],
      );
      const userId = rows[0]?.userId;
      if (userId) await db.query(`UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
      return userId;
    });
  }
}
