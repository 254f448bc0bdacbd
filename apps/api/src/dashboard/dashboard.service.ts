import { Injectable } from '@nestjs/common';
import {
  assembleOverview,
  buildCalendarSnapshot,
  countsFromBuckets,
  countsUnderHoldersOn,
  endOfLocalDay,
  isLocalDate,
  localDateOfInstant,
  overdueUnderHoldersOn,
  overviewCalendarYears,
  validationFailed,
  type DashboardOverview,
} from '@giaoviec/domain';
import { AgencyRepository, CalendarStore, DashboardRepository } from '@giaoviec/persistence';

/** The leadership overview, read from PostgreSQL only (the tasks view the workflows keep current). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly agencies: AgencyRepository,
    private readonly calendar: CalendarStore,
  ) {}

  /**
   * Every task under the agency holding its work today (an agency a reorganisation ended counts under its
   * successor); with `asOf`, the tasks assigned by the end of that day under the agencies that led them then
   * (a task an agency ended before that day had closed: under the agency holding its work that day).
   */
  async overview(query: { planId?: string; limit: number; asOf?: string }, now: Date = new Date()): Promise<DashboardOverview> {
    const planId = query.planId ?? null;
    const asOf = query.asOf;
    if (asOf !== undefined && !isLocalDate(asOf)) throw validationFailed([{ path: 'asOf', message: 'không phải là một ngày có thật' }]);
    const today = localDateOfInstant(now.getTime());
    // The overrides table holds a handful of dates a year, so all of it is read and the snapshot
    // below keeps the years the overdue list needs.
    const [{ counts, overdue }, agencyNames, overrides, directory] = await Promise.all([
      this.dashboard.overview({ now, planId, limit: query.limit, heldAt: asOf ? new Date(endOfLocalDay(asOf)) : null }),
      this.agencies.names(),
      this.calendar.calendarOverrides(),
      this.agencies.dated(),
    ]);
    // Overdue days are counted with the admin's swaps of every year the list reaches back to.
    const years = overviewCalendarYears(
      overdue.map((row) => row.dueAtMs),
      now.getTime(),
    );
    const snapshot = buildCalendarSnapshot({ ...years, overrides });
    // Work of an agency ended by then (a task it completed) counts under the agency holding its work that day.
    const day = asOf ?? today;
    const byAgency = countsUnderHoldersOn(countsFromBuckets(counts), directory, day);
    return assembleOverview({
      nowMs: now.getTime(),
      planId,
      agenciesOn: day,
      snapshot,
      byAgency,
      agencyNames,
      overdue: overdueUnderHoldersOn(overdue, directory, day),
      limit: query.limit,
    });
  }
}
