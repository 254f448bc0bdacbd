import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an account's password was last set: a token issued before it is refused, so a password reset (or an
 * admin setting a new password) also ends every session the old password opened.
 */
export class PasswordChangedAt1732500000018 implements MigrationInterface {
  name = 'PasswordChangedAt1732500000018';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN password_changed_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN password_changed_at`);
  }
}
