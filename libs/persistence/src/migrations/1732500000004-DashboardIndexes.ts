import { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `status NOT IN ('completed', 'cancelled')`;

/** The triggers that keep `task_counts`; a bulk load may disable them and then run {@link RECOUNT_TASKS_SQL}. */
export const TASK_COUNTS_TRIGGERS = ['task_counts_on_insert_or_delete', 'task_counts_on_update', 'task_counts_on_truncate'] as const;

/** Counts every task into `task_counts` (empty it first; lock `tasks` against writers meanwhile). */
export const RECOUNT_TASKS_SQL = `INSERT INTO task_counts (lead_agency, bucket, count)
  SELECT lead_agency, task_count_bucket(status, due_at, completed_at), count(*) FROM tasks GROUP BY 1, 2`;

/**
 * What keeps `GET /api/dashboard/overview` fast at a million tasks (bench/dashboard.bench.ts).
 *
 * - City-wide counts: counting a million rows by category is a full scan (~0.1–0.3 s on two
 *   vCPUs) that no index avoids, so `task_counts` keeps, per lead agency, how many tasks sit in
 *   each time-independent bucket (`task_count_bucket`, twin of `countBucketOf` in libs/domain),
 *   maintained by a trigger in the writer's own transaction. Only a change of bucket or lead
 *   agency writes to it (an insert, completion, cancellation, reassignment, deletion), not the
 *   many updates in between. Whether an open task is overdue depends on the time of the read,
 *   so that part is counted at read time from the partial index below.
 * - One plan's counts: an index holding every column the count reads (index-only scan of the
 *   plan's entries).
 * - The overdue list, most overdue first, and the live overdue counts: partial indexes over open
 *   tasks only, in due order, so `ORDER BY due_at, id LIMIT n` reads n entries. Their predicate
 *   is written exactly as the dashboard's queries write it, so that the planner matches them.
 * - Completed tasks without a completion time (which the workflow never writes, but
 *   `categorize` defines): a partial index that is normally empty.
 */
export class DashboardIndexes1732500000004 implements MigrationInterface {
  name = 'DashboardIndexes1732500000004';

  async up(db: QueryRunner): Promise<void> {
    // No task may change between the backfill below and the trigger taking over.
    await db.query(`LOCK TABLE tasks IN SHARE ROW EXCLUSIVE MODE`);
    await db.query(`CREATE INDEX tasks_dashboard_counts_idx ON tasks (plan_id, lead_agency, status) INCLUDE (due_at, completed_at)`);
    await db.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_at, id) INCLUDE (lead_agency) WHERE ${OPEN}`);
    await db.query(`CREATE INDEX tasks_plan_open_due_idx ON tasks (plan_id, due_at, id) INCLUDE (lead_agency) WHERE ${OPEN}`);
    await db.query(
      `CREATE INDEX tasks_completed_undated_idx ON tasks (due_at) INCLUDE (lead_agency, plan_id) WHERE status = 'completed' AND completed_at IS NULL`,
    );

    await db.query(`
      CREATE FUNCTION task_count_bucket(status text, due_at timestamptz, completed_at timestamptz) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN status = 'cancelled' THEN 'cancelled'
          WHEN status <> 'completed' THEN 'open'
          WHEN completed_at IS NULL THEN 'completed_undated'
          WHEN completed_at <= due_at THEN 'completed_on_time'
          ELSE 'completed_late'
        END
      $$`);
    await db.query(`
      CREATE TABLE task_counts (
        lead_agency varchar(64) NOT NULL,
        bucket varchar(24) NOT NULL CHECK (bucket IN ('open', 'completed_on_time', 'completed_late', 'completed_undated', 'cancelled')),
        count integer NOT NULL,
        PRIMARY KEY (lead_agency, bucket)
      )`);
    await db.query(`
      CREATE FUNCTION task_counts_add(agency varchar, bucket varchar, delta integer) RETURNS void LANGUAGE sql AS $$
        INSERT INTO task_counts (lead_agency, bucket, count) VALUES (agency, bucket, delta)
        ON CONFLICT (lead_agency, bucket) DO UPDATE SET count = task_counts.count + EXCLUDED.count
      $$`);
    await db.query(`
      CREATE FUNCTION task_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_key text[];
        new_key text[];
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          old_key := ARRAY[OLD.lead_agency, task_count_bucket(OLD.status, OLD.due_at, OLD.completed_at)];
        END IF;
        IF TG_OP <> 'DELETE' THEN
          new_key := ARRAY[NEW.lead_agency, task_count_bucket(NEW.status, NEW.due_at, NEW.completed_at)];
        END IF;
        IF old_key = new_key THEN
          RETURN NULL;
        END IF;
        -- Rows are always locked in key order, so two tasks moving in opposite directions cannot deadlock.
        IF new_key IS NULL OR (old_key IS NOT NULL AND old_key < new_key) THEN
          PERFORM task_counts_add(old_key[1], old_key[2], -1);
          IF new_key IS NOT NULL THEN
            PERFORM task_counts_add(new_key[1], new_key[2], 1);
          END IF;
        ELSE
          PERFORM task_counts_add(new_key[1], new_key[2], 1);
          IF old_key IS NOT NULL THEN
            PERFORM task_counts_add(old_key[1], old_key[2], -1);
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION task_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM task_counts;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER task_counts_on_insert_or_delete AFTER INSERT OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION task_counts_track()`);
    // Most updates (progress, reminders, escalations) cannot change the bucket and skip the
    // function; the condition is plain column comparisons, cheaper than computing both buckets.
    await db.query(`
      CREATE TRIGGER task_counts_on_update AFTER UPDATE OF lead_agency, status, due_at, completed_at ON tasks FOR EACH ROW
      WHEN (OLD.lead_agency IS DISTINCT FROM NEW.lead_agency OR OLD.status IS DISTINCT FROM NEW.status
            OR (NEW.status = 'completed' AND (OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.completed_at IS DISTINCT FROM NEW.completed_at)))
      EXECUTE FUNCTION task_counts_track()`);
    await db.query(`CREATE TRIGGER task_counts_on_truncate AFTER TRUNCATE ON tasks FOR EACH STATEMENT EXECUTE FUNCTION task_counts_reset()`);
    await db.query(RECOUNT_TASKS_SQL);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER task_counts_on_truncate ON tasks`);
    await db.query(`DROP TRIGGER task_counts_on_update ON tasks`);
    await db.query(`DROP TRIGGER task_counts_on_insert_or_delete ON tasks`);
    await db.query(`DROP FUNCTION task_counts_reset()`);
    await db.query(`DROP FUNCTION task_counts_track()`);
    await db.query(`DROP FUNCTION task_counts_add(varchar, varchar, integer)`);
    await db.query(`DROP TABLE task_counts`);
    await db.query(`DROP FUNCTION task_count_bucket(text, timestamptz, timestamptz)`);
    await db.query(`DROP INDEX tasks_completed_undated_idx`);
    await db.query(`DROP INDEX tasks_plan_open_due_idx`);
    await db.query(`DROP INDEX tasks_open_due_idx`);
    await db.query(`DROP INDEX tasks_dashboard_counts_idx`);
  }
}
