import { Injectable } from '@nestjs/common';
import { DomainError } from '../../domain/src/errors';
import type { Role } from '../../domain/src/roles';
import { DataSource } from 'typeorm';
import { pageOffset, type PageRequest } from './page';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  agency: string | null;
  active: boolean;
  hasPassword: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  /** When the password was last set: tokens issued before it are refused. */
  passwordChangedAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** What sign-in needs besides the public record: the hash and the failure counter. */
export interface UserCredentials extends UserRecord {
  passwordHash: string | null;
  failedSignIns: number;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  agency: string | null;
  passwordHash: string | null;
  createdBy: string;
}

export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'agency' | 'passwordHash'> & { active: boolean }>;

const COLUMNS = `id, email, name, role, agency, active, password_hash IS NOT NULL AS "hasPassword",
  locked_until AS "lockedUntil", last_sign_in_at AS "lastSignInAt", password_changed_at AS "passwordChangedAt", created_at AS "createdAt", created_by AS "createdBy",
  updated_at AS "updatedAt"`;

const CHANGE_COLUMNS: Record<keyof UserChanges, string> = {
  name: 'name',
  role: 'role',
  agency: 'agency',
  passwordHash: 'password_hash',
  active: 'active',
};

/** Built-in accounts (table `users`); e-mail addresses are unique without regard to case. */
@Injectable()
export class UserStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(user: NewUser): Promise<UserRecord> {
    try {
      const [row] = await this.dataSource.query(
        `INSERT INTO users (email, name, role, agency, password_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [user.email, user.name, user.role, user.agency, user.passwordHash, user.createdBy],
      );
      return toRecord(row);
    } catch (error) {
      throw duplicateEmail(error) ?? error;
    }
  }

  async count(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM users`);
    return count;
  }

  async list(page: PageRequest): Promise<{ items: UserRecord[]; total: number }> {
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM users ORDER BY lower(email) LIMIT $1 OFFSET $2`,
      [page.limit, pageOffset(page)],
    );
    const total = rows[0]?.total ?? (await this.count());
    return { items: rows.map(toRecord), total };
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ? toRecord(row) : undefined;
  }

  async findCredentials(email: string): Promise<UserCredentials | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS}, password_hash AS "passwordHash", failed_sign_ins AS "failedSignIns" FROM users WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ? { ...toRecord(row), passwordHash: row.passwordHash, failedSignIns: row.failedSignIns } : undefined;
  }

  /** The account an OpenID provider's user signed in with before (issuer and subject). */
  async findByOidcSubject(issuer: string, subject: string): Promise<UserRecord | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, [issuer, subject]);
    return row ? toRecord(row) : undefined;
  }

  /**
   * Ties an account found by e-mail to the provider's subject, once: an account already tied to
   * another subject of that provider is not taken over (false).
   */
  async linkOidcSubject(id: string, issuer: string, subject: string): Promise<boolean> {
    const [, count] = await this.dataSource.query(
      `UPDATE users SET oidc_issuer = $2, oidc_subject = $3, updated_at = now()
       WHERE id = $1 AND (oidc_subject IS NULL OR oidc_issuer IS DISTINCT FROM $2 OR oidc_subject = $3)`,
      [id, issuer, subject],
    );
    return count === 1;
  }

  async update(id: string, changes: UserChanges): Promise<UserRecord | undefined> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as [keyof UserChanges, unknown][];
    if (!UUID.test(id)) return undefined;
    if (entries.length === 0) return this.findById(id);
    const assignments = entries.map(([key], index) => `${CHANGE_COLUMNS[key]} = $${index + 2}`);
    // Reactivating or setting a new password also lifts a sign-in lock; a new password ends the old sessions.
    const unlock = changes.passwordHash !== undefined || changes.active === true ? ', failed_sign_ins = 0, locked_until = NULL' : '';
    const changed = changes.passwordHash !== undefined ? ', password_changed_at = now()' : '';
    const [rows] = await this.dataSource.query(
      `UPDATE users SET ${assignments.join(', ')}${unlock}${changed}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...entries.map(([, value]) => value)],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Counts a failed sign-in; the `maxFailures`-th in a row locks the account for `lockSeconds` and restarts the count. */
  async recordFailedSignIn(id: string, maxFailures: number, lockSeconds: number): Promise<{ lockedUntil: string | null }> {
    const [rows] = await this.dataSource.query(
      `UPDATE users SET
         locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE locked_until END,
         failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= $2 THEN 0 ELSE failed_sign_ins + 1 END
       WHERE id = $1 RETURNING locked_until AS "lockedUntil"`,
      [id, maxFailures, lockSeconds],
    );
    return { lockedUntil: rows[0]?.lockedUntil ? new Date(rows[0].lockedUntil).toISOString() : null };
  }

  async recordSignIn(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = now() WHERE id = $1`, [id]);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: Record<string, unknown>): UserRecord {
  const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
  return {
    id: row.id as string,
    email: row.email as string,
    name: row.name as string,
    role: row.role as Role,
    agency: (row.agency as string | null) ?? null,
    active: row.active as boolean,
    hasPassword: row.hasPassword as boolean,
    lockedUntil: iso(row.lockedUntil),
    lastSignInAt: iso(row.lastSignInAt),
    passwordChangedAt: iso(row.passwordChangedAt),
    createdAt: iso(row.createdAt)!,
    createdBy: row.createdBy as string,
    updatedAt: iso(row.updatedAt)!,
  };
}

function duplicateEmail(error: unknown): DomainError | undefined {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
  return code === '23505' ? new DomainError('CONFLICT', 'Địa chỉ e-mail này đã có tài khoản.', [{ path: 'email', message: 'đã có tài khoản' }]) : undefined;
}
