import { Injectable } from '@nestjs/common';
import {
  addWorkingDays,
  buildCalendarSnapshot,
  DomainError,
  extraWorkingDaysOfYear,
  holidaysOfYear,
  isWorkingDay,
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  validateOverride,
  yearOf,
  type CalendarOverride,
  type DayOff,
  type ExtraWorkingDay,
  type LocalDate,
} from '@giaoviec/domain';
import { CalendarStore } from '@giaoviec/persistence';
import type { AuthUser } from '../auth/auth.types';

export interface CalendarOverrideView {
  date: LocalDate;
  kind: CalendarOverride['kind'];
  name: string | null;
  /** `sub` of the admin who set it last. */
  updatedBy: string;
  updatedAt: string;
  /**
   * Whether it changes if the date is worked: false when the law's calendar already has the date
   * that way (e.g. `working_day` on an ordinary Tuesday). Such an override is kept, since it
   * records the official decision, but it only renames (a day off) or does nothing.
   */
  effective: boolean;
}

// Fewer than 200 working days in any year, so this many years always hold |days| working days.
const WORKING_DAYS_PER_YEAR_AT_LEAST = 200;

/** The working-day calendar over HTTP: computed holidays, admin overrides, working-day arithmetic. */
@Injectable()
export class CalendarService {
  constructor(private readonly store: CalendarStore) {}

  /** The year's days off other than plain weekends, overrides applied. */
  async holidays(year: number): Promise<DayOff[]> {
    return holidaysOfYear(await this.store.snapshot(year, year), year);
  }

  /** The year's days worked although otherwise off (làm bù Saturdays, cancelled holidays). */
  async workingDays(year: number): Promise<ExtraWorkingDay[]> {
    return extraWorkingDaysOfYear(await this.store.snapshot(year, year), year);
  }

  async addWorkingDays(from: LocalDate, days: number): Promise<{ date: LocalDate }> {
    // Load the overrides of every year the count can cross; past 2100 only weekends are known.
    const fromYear = yearOf(from);
    const span = Math.ceil(Math.abs(days) / WORKING_DAYS_PER_YEAR_AT_LEAST) + 1;
    const snapshot =
      days >= 0
        ? await this.store.snapshot(fromYear, Math.min(LUNAR_MAX_YEAR, fromYear + span))
        : await this.store.snapshot(Math.max(LUNAR_MIN_YEAR, fromYear - span), fromYear);
    return { date: addWorkingDays(snapshot, from, days) };
  }

  async listOverrides(year?: number): Promise<CalendarOverrideView[]> {
    const overrides = await this.store.overrides(year, year);
    return overrides.map(toView);
  }

  /**
   * Sets (or replaces) the override of a date. Idempotent: the same request again stores the same
   * thing; an override that matches the law's calendar is accepted and reported `effective: false`.
   */
  async setOverride(user: AuthUser, date: LocalDate, request: { kind: CalendarOverride['kind']; name?: string | null }): Promise<CalendarOverrideView> {
    const override: CalendarOverride = { date, kind: request.kind, ...(request.name ? { name: request.name } : {}) };
    try {
      validateOverride(override);
    } catch {
      // The DTOs check the same rules first; this guards callers that bypass them.
      throw new DomainError('VALIDATION_FAILED', `Điều chỉnh lịch cho ngày ${date} không hợp lệ.`);
    }
    await this.store.setOverride(override, user.sub);
    const stored = (await this.store.overrides(yearOf(date), yearOf(date))).find((o) => o.date === date);
    if (!stored) throw new Error(`Calendar override ${date} was not stored`);
    return toView(stored);
  }

  async removeOverride(date: LocalDate): Promise<void> {
    if (!(await this.store.removeOverride(date))) {
      throw new DomainError('NOT_FOUND', `Ngày ${date} không có điều chỉnh nào của quản trị viên.`);
    }
  }
}

function toView(override: CalendarOverride & { updatedBy: string; updatedAt: string }): CalendarOverrideView {
  const year = yearOf(override.date);
  // A snapshot without overrides: what the law alone computes for that date.
  const lawWorks = isWorkingDay(buildCalendarSnapshot({ fromYear: year, toYear: year }), override.date);
  return {
    date: override.date,
    kind: override.kind,
    name: override.name ?? null,
    updatedBy: override.updatedBy,
    updatedAt: override.updatedAt,
    effective: lawWorks !== (override.kind === 'working_day'),
  };
}
