import { ApplicationFailure } from '@temporalio/common';
import { PROJECTION_REJECTED_FAILURE, type NotificationDraft, type TaskEventRecord, type TaskProjection } from '../libs/contracts/src';
import type { CalendarSnapshot } from '../libs/domain/src/calendar';
import { storableCopy } from '../libs/domain/src/safe-text';

/** What the projection activities need from the worker's Nest context. */
export interface TaskProjectionPort {
  recordTaskEvent(event: TaskEventRecord, projection: TaskProjection, notifications?: NotificationDraft[]): Promise<void>;
  /** Many tasks' first events and views in one round trip (plan issuing). */
  recordFirstTaskEvents(records: { event: TaskEventRecord; projection: TaskProjection }[]): Promise<void>;
  /** In place of an event the read model refused for good: a `projection_failed` event, and an entry in the admins' audit log. */
  recordTaskFailure(failure: TaskFailure): Promise<void>;
}

/** An event whose projection failed for good, and why. */
export interface TaskFailure {
  event: Pick<TaskEventRecord, 'taskId' | 'workflowId' | 'seq' | 'at' | 'type'>;
  error: string;
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
      try {
        await deps.taskProjection.recordTaskEvent(event, projection, notifications ?? []);
      } catch (error) {
        throw rejectedForGood(error) ?? error;
      }
    },

    async recordTaskFailure(failure: TaskFailure): Promise<void> {
      await deps.taskProjection.recordTaskFailure(storableCopy(failure));
    },

    /** The working-day calendar with the admin's overrides as they are now (at most a second old). */
    async loadCalendar(args: { fromYear: number; toYear: number }): Promise<CalendarSnapshot> {
      return calendars.snapshot(args.fromYear, args.toYear);
    },
  };
}

/**
 * PostgreSQL's refusals of the data itself (SQLSTATE class 22, data exception, and 23, integrity —
 * but not 23505, which a concurrent write can cause): the same write fails on every retry, so it
 * becomes a non-retryable failure instead of an endless loop. Anything else (connection lost,
 * timeout, deadlock) stays retryable.
 */
export function rejectedForGood(error: unknown): ApplicationFailure | undefined {
  const failure = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown };
  const code = String(failure.driverError?.code ?? failure.code ?? '');
  if (!/^2[23][0-9A-Z]{3}$/.test(code) || code === '23505') return undefined;
  return ApplicationFailure.create({ type: PROJECTION_REJECTED_FAILURE, message: `PostgreSQL ${code}: ${String(failure.message ?? error)}`.slice(0, 500), nonRetryable: true });
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
