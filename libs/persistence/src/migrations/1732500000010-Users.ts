import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Built-in accounts (issue 13): users with an argon2 password hash (none for accounts that sign in
 * elsewhere), a counter of failed sign-ins and a lock; and the audit log of sign-ins, failed
 * sign-ins and admin changes (who, when, from where), append-only.
 */
export class Users1732500000010 implements MigrationInterface {
  name = 'Users1732500000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        name text NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('coordinator', 'agency', 'leader', 'admin')),
        agency varchar(64) REFERENCES agencies(code),
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        failed_sign_ins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'agency' OR agency IS NOT NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        action varchar(32) NOT NULL,
        actor text,
        target text,
        address text,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP TABLE users`);
  }
}
