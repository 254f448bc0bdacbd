import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildCalendarSnapshot, type CalendarOverride, type CalendarSnapshot } from '../../domain/src/calendar';

/** The working-day calendar: computed holidays plus the admin's overrides (official swaps) from PostgreSQL. */
@Injectable()
export class CalendarStore {
  constructor(private readonly dataSource: DataSource) {}

  async overrides(fromYear?: number, toYear?: number): Promise<(CalendarOverride & { updatedBy: string; updatedAt: string })[]> {
    const rows: { date: string; kind: CalendarOverride['kind']; name: string | null; updated_by: string; updated_at: Date }[] =
      await this.dataSource.query(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name, updated_by, updated_at FROM calendar_overrides
         WHERE ($1::int IS NULL OR date >= make_date($1::int, 1, 1)) AND ($2::int IS NULL OR date <= make_date($2::int, 12, 31))
         ORDER BY date`,
        [fromYear ?? null, toYear ?? null],
      );
    return rows.map((row) => ({
      date: row.date,
      kind: row.kind,
      ...(row.name ? { name: row.name } : {}),
      updatedBy: row.updated_by,
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  /** The overrides as the calendar computation takes them (every year's when no range is given). */
  async calendarOverrides(fromYear?: number, toYear?: number): Promise<CalendarOverride[]> {
    const overrides = await this.overrides(fromYear, toYear);
    return overrides.map(({ date, kind, name }) => ({ date, kind, ...(name ? { name } : {}) }));
  }

  async snapshot(fromYear: number, toYear: number): Promise<CalendarSnapshot> {
    return buildCalendarSnapshot({ fromYear, toYear, overrides: await this.calendarOverrides(fromYear, toYear) });
  }

  async setOverride(override: CalendarOverride, updatedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO calendar_overrides (date, kind, name, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [override.date, override.kind, override.name ?? null, updatedBy],
    );
  }

  async removeOverride(date: string): Promise<boolean> {
    const [{ removed }] = await this.dataSource.query(
      `WITH removed AS (DELETE FROM calendar_overrides WHERE date = $1 RETURNING 1) SELECT count(*)::int AS removed FROM removed`,
      [date],
    );
    return removed > 0;
  }
}
