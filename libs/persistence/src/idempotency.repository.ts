import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Whose key it is and where it was used: the principal (subject, role, agency — empty when none) and the
 * route (method, path). Two requests share a stored answer only when all of these and the key are equal.
 */
export interface IdempotencyScope {
  subject: string;
  role: string;
  agency: string;
  method: string;
  path: string;
  key: string;
}

/** What an earlier request with the same key left: its hash, and its answer once it has one. */
export interface IdempotencyRecord {
  requestHash: string;
  statusCode: number | null;
  response: unknown;
}

const SCOPE_MATCHES = `subject = $1 AND role = $2 AND agency = $3 AND method = $4 AND path = $5 AND key = $6`;
const scopeParameters = (scope: IdempotencyScope) => [scope.subject, scope.role, scope.agency, scope.method, scope.path, scope.key];

/** The `idempotency_keys` table: one claim, then one remembered answer, per principal, route and key. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key for this request; false when another request holds it. A claim neither answered nor
   * renewed (`renew`) for `abandonedAfterSeconds` belongs to a request whose process died, and a repeat of
   * that request takes it over.
   */
  async claim(scope: IdempotencyScope, requestHash: string, abandonedAfterSeconds: number): Promise<boolean> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (subject, role, agency, method, path, key, request_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (subject, role, agency, method, path, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - make_interval(secs => $8)
       RETURNING key`,
      [...scopeParameters(scope), requestHash, abandonedAfterSeconds],
    );
    return claimed.length > 0;
  }

  /** Keeps a claim alive while its request is being served (a live claim is never taken over). */
  async renew(scope: IdempotencyScope): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET created_at = now() WHERE ${SCOPE_MATCHES} AND status_code IS NULL`, scopeParameters(scope));
  }

  async find(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    const [row]: IdempotencyRecord[] = await this.dataSource.query(
      `SELECT request_hash AS "requestHash", status_code AS "statusCode", response FROM idempotency_keys WHERE ${SCOPE_MATCHES}`,
      scopeParameters(scope),
    );
    return row ?? null;
  }

  async remember(scope: IdempotencyScope, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_keys SET status_code = $7, response = $8 WHERE ${SCOPE_MATCHES}`, [
      ...scopeParameters(scope),
      statusCode,
      JSON.stringify(body),
    ]);
  }

  /** Gives the key up (the request failed on the server's side: the client may retry it). */
  async release(scope: IdempotencyScope): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE ${SCOPE_MATCHES}`, scopeParameters(scope));
  }
}
