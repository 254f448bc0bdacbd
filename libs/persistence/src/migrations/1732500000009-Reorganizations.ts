import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reorganisations (issue 11): each admin request with what it does (its plan) and its outcome; every
 * successor of an ended agency (an abolished district's wards), dated groups, and which agency
 * coordinates (data, no longer the constant SKHDT).
 */
export class Reorganizations1732500000009 implements MigrationInterface {
  name = 'Reorganizations1732500000009';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reorganizations (
        id uuid PRIMARY KEY,
        effective_date date NOT NULL,
        title text NOT NULL,
        legal_basis text,
        changes jsonb NOT NULL,
        plan jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('scheduled', 'applied', 'cancelled')),
        workflow_id text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        applied_at timestamptz,
        moved_tasks integer NOT NULL DEFAULT 0,
        moved_round_participants integer NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE INDEX reorganizations_effective_idx ON reorganizations (effective_date DESC)`);
    await db.query(`ALTER TABLE agencies ADD COLUMN successor_codes varchar(64)[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE agencies ADD COLUMN coordinates boolean NOT NULL DEFAULT false`);
    await db.query(`UPDATE agencies SET coordinates = true WHERE code = 'SKHDT'`);
    await db.query(`ALTER TABLE agency_groups ADD COLUMN valid_from date, ADD COLUMN valid_to date`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE agency_groups DROP COLUMN valid_from, DROP COLUMN valid_to`);
    await db.query(`ALTER TABLE agencies DROP COLUMN coordinates`);
    await db.query(`ALTER TABLE agencies DROP COLUMN successor_codes`);
    await db.query(`DROP TABLE reorganizations`);
  }
}
