import { MigrationInterface, QueryRunner } from 'typeorm';
import { HANOI_AGENCIES, HANOI_AGENCY_GROUPS } from '../../../domain/src/agency';

/** Hanoi's directory as the seed plan names it; later changes come as new migrations. */
export class SeedHanoiAgencies1732500000001 implements MigrationInterface {
  name = 'SeedHanoiAgencies1732500000001';

  async up(db: QueryRunner): Promise<void> {
    // Parents first, so the foreign key holds row by row.
    const ordered = [...HANOI_AGENCIES].sort((a, b) => Number(Boolean(a.parentCode)) - Number(Boolean(b.parentCode)));
    for (const agency of ordered) {
      await db.query(
        `INSERT INTO agencies (code, name, kind, parent_code) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [agency.code, agency.name, agency.kind, agency.parentCode ?? null],
      );
    }
    for (const group of HANOI_AGENCY_GROUPS) {
      await db.query(`INSERT INTO agency_groups (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING`, [
        group.code,
        group.name,
      ]);
      for (const member of group.members) {
        await db.query(
          `INSERT INTO agency_group_members (group_code, agency_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [group.code, member],
        );
      }
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const group of HANOI_AGENCY_GROUPS) {
      await db.query(`DELETE FROM agency_groups WHERE code = $1`, [group.code]);
    }
    const codes = HANOI_AGENCIES.map((agency) => agency.code);
    await db.query(`UPDATE agencies SET parent_code = NULL WHERE code = ANY($1)`, [codes]);
    await db.query(`DELETE FROM agencies WHERE code = ANY($1)`, [codes]);
  }
}
