import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imported plans: the plan, its template tasks (a group task is one row here; its issued children are
 * rows of `tasks` with `plan_task_id`), its indicators with the actuals agencies report, and the
 * consistency warnings of its import; and the inputs coordinating agencies attach to tasks.
 */
export class Plans1732500000003 implements MigrationInterface {
  name = 'Plans1732500000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE plans (
        id uuid PRIMARY KEY,
        code varchar(64) NOT NULL UNIQUE,
        title text NOT NULL,
        number text,
        issuer varchar(64) NOT NULL REFERENCES agencies(code),
        issued_date date,
        year integer NOT NULL,
        template_year integer NOT NULL,
        deadline_rule varchar(8) NOT NULL CHECK (deadline_rule IN ('before', 'by')),
        legal_bases jsonb NOT NULL DEFAULT '[]',
        policy jsonb,
        reporting_due_date date,
        reporting_rule varchar(8) CHECK (reporting_rule IN ('before', 'by')),
        reporting_due_at timestamptz,
        reporting_recipient varchar(64) REFERENCES agencies(code),
        reporting_participants varchar(64)[],
        reporting_description text,
        sections jsonb NOT NULL DEFAULT '[]',
        description text,
        source text,
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by jsonb NOT NULL,
        issued_at timestamptz,
        issued_by jsonb
      )`);
    await db.query(`
      CREATE TABLE plan_tasks (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        ref varchar(128) NOT NULL,
        section_ref varchar(128) NOT NULL,
        title text NOT NULL,
        description text,
        lead_code varchar(64) NOT NULL,
        is_group boolean NOT NULL,
        assignees varchar(64)[] NOT NULL,
        coordinating_codes varchar(64)[] NOT NULL DEFAULT '{}',
        coordinating_agencies varchar(64)[] NOT NULL DEFAULT '{}',
        due_date date NOT NULL,
        due_rule varchar(8) NOT NULL CHECK (due_rule IN ('before', 'by')),
        due_source varchar(24) NOT NULL CHECK (due_source IN ('task', 'reporting', 'fallback_reporting', 'fallback_year_end')),
        due_at timestamptz NOT NULL,
        policy jsonb,
        note text,
        UNIQUE (plan_id, ref),
        UNIQUE (plan_id, position)
      )`);
    await db.query(`
      CREATE TABLE plan_indicators (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        code varchar(128) NOT NULL,
        name text NOT NULL,
        unit text NOT NULL,
        target jsonb NOT NULL,
        aggregation varchar(16) NOT NULL CHECK (aggregation IN ('sum', 'average', 'latest')),
        reporters varchar(64)[] NOT NULL DEFAULT '{}',
        horizon integer NOT NULL,
        ref text,
        note text,
        UNIQUE (plan_id, code),
        UNIQUE (plan_id, position)
      )`);
    // Filled by the reporting rounds (issue 5); source_ref (e.g. the report's ID) keeps a repeat from counting twice.
    await db.query(`
      CREATE TABLE indicator_actuals (
        id bigserial PRIMARY KEY,
        indicator_id uuid NOT NULL REFERENCES plan_indicators(id) ON DELETE CASCADE,
        agency varchar(64) NOT NULL REFERENCES agencies(code),
        value double precision NOT NULL,
        reported_at timestamptz NOT NULL,
        source_ref text NOT NULL,
        recorded_by jsonb,
        UNIQUE (indicator_id, agency, source_ref)
      )`);
    await db.query(`
      CREATE TABLE plan_warnings (
        plan_id uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        position integer NOT NULL,
        path text,
        message text NOT NULL,
        PRIMARY KEY (plan_id, position)
      )`);
    // Inputs (ý kiến phối hợp) that coordinating agencies attach to a task; the task workflow is not involved.
    await db.query(`
      CREATE TABLE task_inputs (
        id uuid PRIMARY KEY,
        -- no foreign key, like task_events: the task view may be rebuilt (or truncated) without losing the record
        task_id uuid NOT NULL,
        agency varchar(64) NOT NULL REFERENCES agencies(code),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX task_inputs_task_idx ON task_inputs (task_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE task_inputs`);
    await db.query(`DROP TABLE plan_warnings`);
    await db.query(`DROP TABLE indicator_actuals`);
    await db.query(`DROP TABLE plan_indicators`);
    await db.query(`DROP TABLE plan_tasks`);
    await db.query(`DROP TABLE plans`);
  }
}
