import { MigrationInterface, QueryRunner } from 'typeorm';
import { OFFICIAL_SWAPS_2024_2026 } from '../../../domain/src/calendar/official-swaps';

export const OFFICIAL_SWAPS_AUTHOR = 'migration:official-swaps-2024-2026';

/** The officially announced swaps of 2024–2026 as admin overrides; an admin's own override of a date is kept. */
export class SeedOfficialSwaps1732500000005 implements MigrationInterface {
  name = 'SeedOfficialSwaps1732500000005';

  async up(db: QueryRunner): Promise<void> {
    for (const swap of OFFICIAL_SWAPS_2024_2026) {
      await db.query(
        `INSERT INTO calendar_overrides (date, kind, name, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (date) DO NOTHING`,
        [swap.date, swap.kind, swap.name ?? null, OFFICIAL_SWAPS_AUTHOR],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM calendar_overrides WHERE updated_by = $1`, [OFFICIAL_SWAPS_AUTHOR]);
  }
}
