import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of the notification outbox: agency contacts and settings, webhooks, and one row per
 * (notification, channel, recipient) with its status. Notifications written before this
 * migration count as already planned, so upgrading sends no old news.
 */
export class NotificationDelivery1732500000008 implements MigrationInterface {
  name = 'NotificationDelivery1732500000008';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agency_contacts (
        agency_code varchar(64) NOT NULL REFERENCES agencies(code),
        position smallint NOT NULL,
        name text NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('head', 'officer', 'clerk')),
        email text,
        phone varchar(20),
        zalo_user_id varchar(32),
        PRIMARY KEY (agency_code, position)
      )`);
    await db.query(`
      CREATE TABLE agency_delivery_settings (
        agency_code varchar(64) PRIMARY KEY REFERENCES agencies(code),
        per_event_email boolean NOT NULL,
        updated_by varchar(128) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        created_by varchar(128) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE notifications ADD COLUMN deliveries_planned_at timestamptz`);
    await db.query(`UPDATE notifications SET deliveries_planned_at = now()`);
    await db.query(`CREATE INDEX notifications_unplanned_idx ON notifications (id) WHERE deliveries_planned_at IS NULL`);
    await db.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id bigint NOT NULL REFERENCES notifications(id),
        channel varchar(16) NOT NULL CHECK (channel IN ('email', 'webhook', 'zalo', 'sms')),
        recipient text NOT NULL,
        recipient_name text NOT NULL,
        webhook_id uuid REFERENCES webhooks(id) ON DELETE SET NULL,
        status varchar(8) NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
        attempts integer NOT NULL DEFAULT 0,
        -- attempts made before the admin's last retry: the retry budget counts from here
        attempts_before_retry integer NOT NULL DEFAULT 0,
        last_error text,
        -- retries of a working-day event keep to office hours
        office_hours boolean NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (notification_id, channel, recipient)
      )`);
    await db.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed')`);
    await db.query(`CREATE INDEX deliveries_dead_idx ON deliveries (updated_at DESC) WHERE status = 'dead'`);
    await db.query(`
      CREATE TABLE delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES deliveries(id),
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome varchar(8) CHECK (outcome IN ('sent', 'failed')),
        error text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery_attempts`);
    await db.query(`DROP TABLE deliveries`);
    await db.query(`DROP INDEX notifications_unplanned_idx`);
    await db.query(`ALTER TABLE notifications DROP COLUMN deliveries_planned_at`);
    await db.query(`DROP TABLE webhooks`);
    await db.query(`DROP TABLE agency_delivery_settings`);
    await db.query(`DROP TABLE agency_contacts`);
  }
}
