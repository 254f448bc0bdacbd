import { MigrationInterface, QueryRunner } from 'typeorm';

/** A plan task's due date may be one the document does not state: `due_source = 'assumed'` (issue 12). */
export class AssumedTaskDue1732500000007 implements MigrationInterface {
  name = 'AssumedTaskDue1732500000007';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE plan_tasks DROP CONSTRAINT IF EXISTS plan_tasks_due_source_check`);
    await db.query(`ALTER TABLE plan_tasks ADD CONSTRAINT plan_tasks_due_source_check
      CHECK (due_source IN ('task', 'assumed', 'reporting', 'fallback_reporting', 'fallback_year_end'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE plan_tasks SET due_source = 'task' WHERE due_source = 'assumed'`);
    await db.query(`ALTER TABLE plan_tasks DROP CONSTRAINT IF EXISTS plan_tasks_due_source_check`);
    await db.query(`ALTER TABLE plan_tasks ADD CONSTRAINT plan_tasks_due_source_check
      CHECK (due_source IN ('task', 'reporting', 'fallback_reporting', 'fallback_year_end'))`);
  }
}
