import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reorganisations move open rounds and fan tasks out (issue 11): a round participant remembers the former
 * participants it took over (their reports stay theirs and count for it), and a reorganisation counts the
 * tasks it created for the successors of an agency whose open tasks went to each of them; the tasks a fan-out
 * made of a task outside any plan task (same plan code and reference) are found by an index.
 */
export class ReorganizationMoves1732500000014 implements MigrationInterface {
  name = 'ReorganizationMoves1732500000014';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reporting_round_participants ADD COLUMN predecessors varchar(64)[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE reorganizations ADD COLUMN created_tasks integer NOT NULL DEFAULT 0`);
    await db.query(`CREATE INDEX tasks_unplanned_ref_idx ON tasks (plan_code, task_ref) WHERE plan_task_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tasks_unplanned_ref_idx`);
    await db.query(`ALTER TABLE reorganizations DROP COLUMN created_tasks`);
    await db.query(`ALTER TABLE reporting_round_participants DROP COLUMN predecessors`);
  }
}
