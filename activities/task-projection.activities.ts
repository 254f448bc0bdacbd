import type { NotificationDraft, TaskEventRecord, TaskProjection } from '../libs/contracts/src';
import type { CalendarSnapshot } from '../libs/domain/src/calendar';
import { storableCopy } from '../libs/domain/src/safe-text';

/** What the projection activities need from the worker's Nest context. */
export interface TaskProjectionPort {
  recordTaskEvent(event: TaskEventRecord, projection: TaskProjection, notifications?: NotificationDraft[]): Promise<void>;
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

    /** The working-day calendar with the admin's overrides as they are now. */
    async loadCalendar(args: { fromYear: number; toYear: number }): Promise<CalendarSnapshot> {
      return deps.calendar.snapshot(args.fromYear, args.toYear);
    },
  };
}

export type TaskActivities = ReturnType<typeof createActivities>;
