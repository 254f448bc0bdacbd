import type { TaskEventRecord, TaskProjection } from '../libs/contracts/src';

/** What the projection activities need from the worker's Nest context. */
export interface TaskProjectionStore {
  recordTaskEvent(event: TaskEventRecord, projection: TaskProjection): Promise<void>;
}

export interface ActivityDependencies {
  taskProjection: TaskProjectionStore;
}

/**
 * Activities are created from the worker's Nest context (see apps/worker), so they get their
 * dependencies injected rather than reaching for globals. Every write is idempotent: the event is
 * keyed by (workflowId, seq) and the task view only moves forward in `seq`.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    async recordTaskEvent(args: { event: TaskEventRecord; projection: TaskProjection }): Promise<void> {
      await deps.taskProjection.recordTaskEvent(args.event, args.projection);
    },
  };
}

export type TaskActivities = ReturnType<typeof createActivities>;
