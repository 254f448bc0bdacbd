import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored idempotent answer belongs to one principal (subject, role, agency) on one route (method, path):
 * a token with the same `sub` but another role or agency never gets it back (issue 13). Answers kept before
 * this migration have no role: they are dropped rather than replayed to a principal they were not scoped to.
 */
export class IdempotencyScopedToPrincipal1732500000012 implements MigrationInterface {
  name = 'IdempotencyScopedToPrincipal1732500000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys`);
    await db.query(`ALTER TABLE idempotency_keys ADD COLUMN role varchar(32) NOT NULL, ADD COLUMN agency varchar(64) NOT NULL`);
    await db.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await db.query(`ALTER TABLE idempotency_keys ADD PRIMARY KEY (subject, role, agency, method, path, key)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM idempotency_keys`);
    await db.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await db.query(`ALTER TABLE idempotency_keys DROP COLUMN role, DROP COLUMN agency`);
    await db.query(`ALTER TABLE idempotency_keys ADD PRIMARY KEY (subject, key)`);
  }
}
