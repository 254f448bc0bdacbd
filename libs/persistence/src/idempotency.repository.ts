import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A request's claim on an Idempotency-Key: who sent it, the key, and what the request was. */
export interface IdempotencyClaim {
  subject: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** What an earlier request with the same key left: its hash, and its answer once it has one. */
export interface IdempotencyRecord {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

/** The `idempotency_keys` table: one claim, then one remembered answer, per user and key. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for this request; false when another request holds it. A claim left unanswered for
   * `abandonedAfterMinutes` belongs to a request whose process died, and a repeat of that request takes it over.
   */
  async claim(claim: IdempotencyClaim, abandonedAfterMinutes: number): Promise<boolean> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (subject, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (subject, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - make_interval(mins => $6)
       RETURNING key`,
      [claim.subject, claim.key, claim.method, claim.path, claim.requestHash, abandonedAfterMinutes],
    );
    return claimed.length > 0;
  }

  async find(subject: string, key: string): Promise<IdempotencyRecord | null> {
    const [row]: IdempotencyRecord[] = await this.dataSource.query(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", response FROM idempotency_keys WHERE subject = $1 AND key = $2`,
      [subject, key],
    );
    return row ?? null;
  }

  async remember(subject: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE subject = $1 AND key = $2`, [
      subject,
      key,
      statusCode,
      JSON.stringify(body),
    ]);
  }

  /** Gives the key up (the request failed on the server's side: the client may retry it). */
  async release(subject: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE subject = $1 AND key = $2`, [subject, key]);
  }
}
