import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AgencyContact } from '../../domain/src/delivery';

interface ContactRow {
  agency_code: string;
  name: string;
  role: AgencyContact['role'];
  email: string | null;
  phone: string | null;
  zalo_user_id: string | null;
}

const toContact = (row: ContactRow): AgencyContact => ({
  name: row.name,
  role: row.role,
  ...(row.email ? { email: row.email } : {}),
  ...(row.phone ? { phone: row.phone } : {}),
  ...(row.zalo_user_id ? { zaloUserId: row.zalo_user_id } : {}),
});

/** Each agency's contacts (who receives its notifications) and its delivery settings. */
@Injectable()
export class ContactsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async agencyExists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM agencies WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  async list(agency: string): Promise<AgencyContact[]> {
    const rows: ContactRow[] = await this.dataSource.query(
      `SELECT agency_code, name, role, email, phone, zalo_user_id FROM agency_contacts WHERE agency_code = $1 ORDER BY position`,
      [agency],
    );
    return rows.map(toContact);
  }

  /** The contacts of several agencies at once, keyed by agency code. */
  async listMany(agencies: readonly string[]): Promise<Map<string, AgencyContact[]>> {
    const rows: ContactRow[] = await this.dataSource.query(
      `SELECT agency_code, name, role, email, phone, zalo_user_id FROM agency_contacts WHERE agency_code = ANY($1) ORDER BY agency_code, position`,
      [agencies],
    );
    const byAgency = new Map<string, AgencyContact[]>();
    for (const row of rows) byAgency.set(row.agency_code, [...(byAgency.get(row.agency_code) ?? []), toContact(row)]);
    return byAgency;
  }

  /** Replaces the agency's whole list in one transaction. */
  async replace(agency: string, contacts: readonly AgencyContact[]): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(`DELETE FROM agency_contacts WHERE agency_code = $1`, [agency]);
      for (const [position, contact] of contacts.entries()) {
        await db.query(
          `INSERT INTO agency_contacts (agency_code, position, name, role, email, phone, zalo_user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [agency, position, contact.name, contact.role, contact.email ?? null, contact.phone ?? null, contact.zaloUserId ?? null],
        );
      }
    });
  }

  /** Agencies that turned per-event e-mails off (they keep the digest). */
  async perEventEmailOff(agencies: readonly string[]): Promise<Set<string>> {
    const rows: { agency_code: string }[] = await this.dataSource.query(
      `SELECT agency_code FROM agency_delivery_settings WHERE agency_code = ANY($1) AND NOT per_event_email`,
      [agencies],
    );
    return new Set(rows.map((row) => row.agency_code));
  }

  async settings(agency: string): Promise<{ perEventEmail: boolean }> {
    const off = await this.perEventEmailOff([agency]);
    return { perEventEmail: !off.has(agency) };
  }

  async setSettings(agency: string, settings: { perEventEmail: boolean }, updatedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO agency_delivery_settings (agency_code, per_event_email, updated_by, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (agency_code) DO UPDATE SET per_event_email = EXCLUDED.per_event_email, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [agency, settings.perEventEmail, updatedBy],
    );
  }
}
