import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task event a workflow task wrote through a local activity, in a workflow task Temporal never committed (its
 * worker or Temporal killed before the completion was stored), may differ from the event the workflow records at
 * the same sequence number when it runs again (an update now ordered before a timer). The projection replaces such
 * an event (`TaskProjectionStore.recordTaskEvent`) and marks the row: the one change the append-only history
 * allows, and only under an explicit transaction-local setting.
 */
export class ReplacedTaskEvents1732500000019 implements MigrationInterface {
  name = 'ReplacedTaskEvents1732500000019';

  async up(db: QueryRunner): Promise<void> {
    // When the event was replaced, and the type of the first event written at its number (the one replaced).
    await db.query(`ALTER TABLE task_events ADD COLUMN replaced_at timestamptz, ADD COLUMN replaced_type varchar(48)`);
    await db.query(`
      CREATE OR REPLACE FUNCTION task_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('giaoviec.replacing_uncommitted_event', true) = 'on'
           AND NEW.workflow_id = OLD.workflow_id AND NEW.seq = OLD.seq AND NEW.task_id = OLD.task_id
           AND NEW.replaced_at IS NOT NULL THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'task_events is append-only';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION task_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'task_events is append-only';
      END $$`);
    await db.query(`ALTER TABLE task_events DROP COLUMN replaced_at, DROP COLUMN replaced_type`);
  }
}
