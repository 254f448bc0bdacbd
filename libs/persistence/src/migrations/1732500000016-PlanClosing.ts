import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan can be closed (`POST /api/plans/:id/close`): its periodic reporting schedule stops and it is not issued
 * again. The columns record when, by whom and why; NULL `closed_at` is an open plan.
 */
export class PlanClosing1732500000016 implements MigrationInterface {
  name = 'PlanClosing1732500000016';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE plans ADD COLUMN closed_at timestamptz, ADD COLUMN closed_by jsonb, ADD COLUMN close_reason text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE plans DROP COLUMN closed_at, DROP COLUMN closed_by, DROP COLUMN close_reason`);
  }
}
