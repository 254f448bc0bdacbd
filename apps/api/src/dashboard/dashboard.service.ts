import { Injectable } from '@nestjs/common';
import { assembleOverview, buildCalendarSnapshot, countsFromBuckets, overviewCalendarYears, type DashboardOverview } from '@giaoviec/domain';
import { AgencyRepository, CalendarStore, DashboardRepository } from '@giaoviec/persistence';

/** The leadership overview, read from PostgreSQL only (the tasks view the workflows keep current). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly agencies: AgencyRepository,
    private readonly calendar: CalendarStore,
  ) {}

  async overview(query: { planId?: string; limit: number }, now: Date = new Date()): Promise<DashboardOverview> {
    const planId = query.planId ?? null;
    // The overrides table holds a handful of dates a year, so all of it is read and the snapshot
    // below keeps the years the overdue list needs.
    const [{ counts, overdue }, agencyNames, overrides] = await Promise.all([
      this.dashboard.overview({ now, planId, limit: query.limit }),
      this.agencies.names(),
      this.calendar.calendarOverrides(),
    ]);
    // Overdue days are counted with the admin's swaps of every year the list reaches back to.
    const years = overviewCalendarYears(
      overdue.map((row) => row.dueAtMs),
      now.getTime(),
    );
    const snapshot = buildCalendarSnapshot({ ...years, overrides });
    return assembleOverview({
      nowMs: now.getTime(),
      planId,
      snapshot,
      byAgency: countsFromBuckets(counts),
      agencyNames,
      overdue,
      limit: query.limit,
    });
  }
}
