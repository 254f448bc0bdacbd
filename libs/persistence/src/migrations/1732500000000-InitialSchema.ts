import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732500000000 implements MigrationInterface {
  name = 'InitialSchema1732500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agencies (
        code varchar(64) PRIMARY KEY,
        name text NOT NULL,
        kind varchar(32) NOT NULL,
        parent_code varchar(64) REFERENCES agencies(code),
        valid_from date,
        valid_to date,
        successor_code varchar(64) REFERENCES agencies(code),
        contacts jsonb NOT NULL DEFAULT '[]'
      )`);
    await db.query(`CREATE TABLE agency_groups (code varchar(64) PRIMARY KEY, name text NOT NULL)`);
    await db.query(`
      CREATE TABLE agency_group_members (
        group_code varchar(64) NOT NULL REFERENCES agency_groups(code) ON DELETE CASCADE,
        agency_code varchar(64) NOT NULL REFERENCES agencies(code),
        PRIMARY KEY (group_code, agency_code)
      )`);
    await db.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        plan_id uuid,
        plan_code varchar(64) NOT NULL,
        task_ref varchar(128) NOT NULL,
        title text NOT NULL,
        description text,
        lead_agency varchar(64) NOT NULL REFERENCES agencies(code),
        coordinating_agencies varchar(64)[] NOT NULL DEFAULT '{}',
        status varchar(32) NOT NULL,
        due_at timestamptz NOT NULL,
        original_due_at timestamptz NOT NULL,
        completed_at timestamptz,
        progress_percent smallint NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
        escalation_level smallint NOT NULL DEFAULT 0,
        escalated_to varchar(32),
        policy jsonb,
        assigned_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await db.query(`CREATE INDEX tasks_lead_agency_idx ON tasks (lead_agency, status)`);
    await db.query(`CREATE INDEX tasks_status_due_idx ON tasks (status, due_at)`);
    await db.query(`CREATE INDEX tasks_plan_idx ON tasks (plan_id)`);
    await db.query(`CREATE INDEX tasks_coordinating_idx ON tasks USING gin (coordinating_agencies)`);
    await db.query(`
      CREATE TABLE task_events (
        id bigserial PRIMARY KEY,
        task_id uuid NOT NULL,
        workflow_id text NOT NULL,
        seq integer NOT NULL,
        type varchar(48) NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        UNIQUE (workflow_id, seq)
      )`);
    await db.query(`CREATE INDEX task_events_task_idx ON task_events (task_id, seq)`);
    // The history is a record: it may grow, never change.
    await db.query(`
      CREATE FUNCTION task_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'task_events is append-only';
      END $$`);
    await db.query(`
      CREATE TRIGGER task_events_no_update_or_delete
      BEFORE UPDATE OR DELETE ON task_events
      FOR EACH ROW EXECUTE FUNCTION task_events_append_only()`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        subject varchar(128) NOT NULL,
        key varchar(255) NOT NULL,
        method varchar(8) NOT NULL,
        path text NOT NULL,
        request_hash varchar(64) NOT NULL,
        status_code smallint,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
    await db.query(`DROP TABLE task_events`);
    await db.query(`DROP FUNCTION task_events_append_only`);
    await db.query(`DROP TABLE tasks`);
    await db.query(`DROP TABLE agency_group_members`);
    await db.query(`DROP TABLE agency_groups`);
    await db.query(`DROP TABLE agencies`);
  }
}
