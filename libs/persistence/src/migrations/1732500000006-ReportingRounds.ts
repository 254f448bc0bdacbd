import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting rounds (issue 5): the round view and its participants, kept current by the round workflow's
 * projection; the append-only history of each round; every version of every report (nothing a user
 * submitted is lost); and a link from the notification outbox to the round that sent a message. The
 * indicator actuals a report carries go into `indicator_actuals` (source_ref `reporting-round:<id>`).
 */
export class ReportingRounds1732500000006 implements MigrationInterface {
  name = 'ReportingRounds1732500000006';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reporting_rounds (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        plan_id uuid NOT NULL REFERENCES plans(id),
        plan_code varchar(64) NOT NULL,
        round_key varchar(128) NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('plan', 'ad_hoc')),
        title text NOT NULL,
        due_at timestamptz NOT NULL,
        due_text text NOT NULL,
        coordinator_agency varchar(64) NOT NULL REFERENCES agencies(code),
        policy jsonb NOT NULL,
        status varchar(8) NOT NULL CHECK (status IN ('open', 'closed')),
        escalation_level smallint NOT NULL DEFAULT 0,
        escalated_to varchar(32),
        opened_at timestamptz NOT NULL,
        opened_by jsonb NOT NULL,
        closed_at timestamptz,
        closed_by jsonb,
        updated_at timestamptz NOT NULL,
        -- sequence number of the last projected event: the view only moves forward
        version integer NOT NULL,
        UNIQUE (plan_id, round_key)
      )`);
    await db.query(`CREATE INDEX reporting_rounds_plan_idx ON reporting_rounds (plan_id, due_at)`);
    await db.query(`
      CREATE TABLE reporting_round_participants (
        round_id uuid NOT NULL REFERENCES reporting_rounds(id),
        agency varchar(64) NOT NULL REFERENCES agencies(code),
        position integer NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending', 'submitted', 'late', 'submitted_late')),
        submitted_at timestamptz,
        last_reported_at timestamptz,
        report_version integer NOT NULL DEFAULT 0,
        PRIMARY KEY (round_id, agency)
      )`);
    await db.query(`CREATE INDEX reporting_round_participants_agency_idx ON reporting_round_participants (agency)`);
    await db.query(`
      CREATE TABLE reporting_round_reports (
        id bigserial PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES reporting_rounds(id),
        agency varchar(64) NOT NULL REFERENCES agencies(code),
        -- 1 for the report, 2… for each amendment; the latest version is the one that counts
        version integer NOT NULL CHECK (version >= 1),
        content text NOT NULL,
        indicator_actuals jsonb NOT NULL DEFAULT '[]',
        attachments jsonb NOT NULL DEFAULT '[]',
        submitted_at timestamptz NOT NULL,
        submitted_by jsonb NOT NULL,
        late boolean NOT NULL,
        workflow_id text NOT NULL,
        event_seq integer NOT NULL,
        UNIQUE (round_id, agency, version)
      )`);
    await db.query(`
      CREATE TABLE reporting_round_events (
        id bigserial PRIMARY KEY,
        -- no foreign key, like task_events: the record outlives any rebuild of the view
        round_id uuid NOT NULL,
        workflow_id text NOT NULL,
        seq integer NOT NULL,
        type varchar(48) NOT NULL,
        at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        UNIQUE (workflow_id, seq)
      )`);
    await db.query(`CREATE INDEX reporting_round_events_round_idx ON reporting_round_events (round_id, seq)`);
    // Reports and the round history are a record: they may grow, never change.
    await db.query(`
      CREATE FUNCTION reporting_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['reporting_round_reports', 'reporting_round_events']) {
      await db.query(`
        CREATE TRIGGER ${table}_no_update_or_delete
        BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION reporting_record_append_only()`);
    }
    await db.query(`ALTER TABLE notifications ADD COLUMN reporting_round_id uuid`);
    await db.query(`CREATE INDEX notifications_round_idx ON notifications (reporting_round_id) WHERE reporting_round_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX notifications_round_idx`);
    await db.query(`ALTER TABLE notifications DROP COLUMN reporting_round_id`);
    await db.query(`DROP TABLE reporting_round_events`);
    await db.query(`DROP TABLE reporting_round_reports`);
    await db.query(`DROP FUNCTION reporting_record_append_only`);
    await db.query(`DROP TABLE reporting_round_participants`);
    await db.query(`DROP TABLE reporting_rounds`);
  }
}
