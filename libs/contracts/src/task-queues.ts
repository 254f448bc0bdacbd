/** Task queue served by apps/worker for task workflows and their activities. */
export const TASK_QUEUE = 'giaoviec-tasks';

/**
 * How task and round workflows are started: on the task queue (next to the calendar activity they
 * share), under their business-key ID, and never again once that ID has been used — even after the
 * first run closed (Temporal's default would allow a second run).
 */
export function startOnceOptions<Input>(workflowId: string, input: Input) {
  return {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input] as [Input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
  };
}
