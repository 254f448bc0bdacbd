import { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification outbox, admin calendar overrides, and the columns plans and extensions need on tasks. */
export class LifecycleNotificationsCalendar1732500000002 implements MigrationInterface {
  name = 'LifecycleNotificationsCalendar1732500000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        task_id uuid,
        recipient_agency varchar(64),
        recipient_role varchar(32) NOT NULL CHECK (recipient_role IN ('agency', 'agency_head', 'coordinator', 'leader')),
        kind varchar(48) NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        read_at timestamptz,
        read_by varchar(128),
        delivered_at timestamptz
      )`);
    await db.query(`CREATE INDEX notifications_inbox_idx ON notifications (recipient_role, recipient_agency, created_at DESC)`);
    await db.query(`CREATE INDEX notifications_task_idx ON notifications (task_id)`);
    await db.query(`
      CREATE TABLE calendar_overrides (
        date date PRIMARY KEY,
        kind varchar(16) NOT NULL CHECK (kind IN ('day_off', 'working_day')),
        name text,
        updated_by varchar(128) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE tasks ADD COLUMN plan_task_id uuid`);
    await db.query(`ALTER TABLE tasks ADD COLUMN submitted_at timestamptz`);
    await db.query(`ALTER TABLE tasks ADD COLUMN extension_count smallint NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE tasks ADD COLUMN pending_extension jsonb`);
    await db.query(`CREATE INDEX tasks_plan_task_idx ON tasks (plan_task_id) WHERE plan_task_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX tasks_plan_task_idx`);
    await db.query(`ALTER TABLE tasks DROP COLUMN pending_extension, DROP COLUMN extension_count, DROP COLUMN submitted_at, DROP COLUMN plan_task_id`);
    await db.query(`DROP TABLE calendar_overrides`);
    await db.query(`DROP TABLE notifications`);
  }
}
