import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { PROJECTION_REJECTED_FAILURE } from '../../libs/contracts/src/task-workflow.contract';

/**
 * A projection PostgreSQL refused for good (non-retryable) no longer fails the workflow: it records
 * `projection_failed` in the event's place and goes on. Only runs that meet such a failure take the
 * new path, so histories recorded before it replay unchanged.
 */
export const SURFACE_FAILURES_PATCH = 'surface-failures-v6';

/** The refusal's message, when `error` is a projection rejected for good; else undefined. */
export function rejectedProjection(error: unknown): string | undefined {
  // A remote activity's failure comes wrapped in an ActivityFailure; a local activity's as it was thrown.
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === PROJECTION_REJECTED_FAILURE ? failure.message : undefined;
}
