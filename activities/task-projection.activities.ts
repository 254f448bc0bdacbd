import type { NotificationDraft, TaskEventRecord, TaskProjection } from '../libs/contracts/src';
import type { CalendarSnapshot } from '../libs/domain/src/calendar';
import { storableCopy } from '../libs/domain/src/safe-text';

/** What the projection activities need from the worker's Nest context. */
export interface TaskProjectionPort {
  recordTaskEvent(event: TaskEventRecord, projection: TaskProjection, notifications?: NotificationDraft[]): Promise<void>;
  /** Many tasks' first events and views in one round trip (plan issuing). */
  recordFirstTaskEvents(records: { event: TaskEventRecord; projection: TaskProjection }[]): Promise<void>;
}

export interface CalendarPort {
  snapshot(fromYear: number, toYear: number): Promise<CalendarSnapshot>;
}

export interface ActivityDependencies {
  taskProjection: TaskProjectionPort;
  calendar: CalendarPort;
}

/**
 * Activities are created from the worker's Nest context (see apps/worker), so they get their
 * dependencies injected rather than reaching for globals. Every write is idempotent: the event is
 * keyed by (workflowId, seq), its notifications by (workflowId, seq, index), and the task view
 * only moves forward in `seq`.
 */
export function createActivities(deps: ActivityDependencies) {
  const calendars = sharedCalendars(deps.calendar);
  return {
    async recordTaskEvent(args: {
      event: TaskEventRecord;
      projection: TaskProjection;
      notifications?: NotificationDraft[];
    }): Promise<void> {
      // Text PostgreSQL cannot store would fail this write on every retry and wedge the task: store it replaced.
      const { event, projection, notifications } = storableCopy(args);
      await deps.taskProjection.recordTaskEvent(event, projection, notifications ?? []);
    },

    /** The working-day calendar with the admin's overrides as they are now (at most a second old). */
    async loadCalendar(args: { fromYear: number; toYear: number }): Promise<CalendarSnapshot> {
      return calendars.snapshot(args.fromYear, args.toYear);
    },
  };
}

/** How long one worker reuses a calendar it loaded: a second, so an admin's change still reaches every workflow at once. */
const CALENDAR_FRESH_MS = 1_000;

/**
 * One calendar load per worker, not per workflow (issue 14): while a plan's thousand tasks settle, each
 * plans its timers on the calendar, and the loads of the same years within a second (those in flight
 * included) share one database query.
 */
function sharedCalendars(calendar: CalendarPort): CalendarPort {
  const loads = new Map<string, { at: number; snapshot: Promise<CalendarSnapshot> }>();
  return {
    snapshot(fromYear, toYear) {
      const key = `${fromYear}-${toYear}`;
      const now = Date.now();
      const cached = loads.get(key);
      if (cached && now - cached.at < CALENDAR_FRESH_MS) return cached.snapshot;
      const snapshot = calendar.snapshot(fromYear, toYear);
      loads.set(key, { at: now, snapshot });
      // A failed load is not shared: the next call (an activity retry) queries again.
      snapshot.catch(() => loads.get(key)?.snapshot === snapshot && loads.delete(key));
      return snapshot;
    },
  };
}

export type TaskActivities = ReturnType<typeof createActivities>;
