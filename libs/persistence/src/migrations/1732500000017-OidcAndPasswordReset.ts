import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, the rest of sign-in: a user who signed in through the OpenID provider keeps the
 * provider's subject (issuer + `sub`), so that a later change of e-mail still finds the account;
 * one-time password-reset tokens, stored only as their SHA-256; and e-mails to one user (the reset
 * link) through the notification outbox, as `recipient_role = 'user'`, which no inbox shows.
 */
export class OidcAndPasswordReset1732500000017 implements MigrationInterface {
  name = 'OidcAndPasswordReset1732500000017';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`);
    await db.query(`CREATE UNIQUE INDEX users_oidc_subject_key ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`);
    await db.query(`
      CREATE TABLE password_resets (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        address text
      )`);
    await db.query(`CREATE INDEX password_resets_user_idx ON password_resets (user_id, created_at DESC)`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_recipient_role_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_recipient_role_check CHECK (recipient_role IN ('agency', 'agency_head', 'coordinator', 'leader', 'user'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT d.id FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.recipient_role = 'user')`);
    await db.query(`DELETE FROM deliveries WHERE notification_id IN (SELECT id FROM notifications WHERE recipient_role = 'user')`);
    await db.query(`DELETE FROM notifications WHERE recipient_role = 'user'`);
    await db.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_recipient_role_check`);
    await db.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_recipient_role_check CHECK (recipient_role IN ('agency', 'agency_head', 'coordinator', 'leader'))`,
    );
    await db.query(`DROP TABLE password_resets`);
    await db.query(`DROP INDEX users_oidc_subject_key`);
    await db.query(`ALTER TABLE users DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject`);
  }
}
