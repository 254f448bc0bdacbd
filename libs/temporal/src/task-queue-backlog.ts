import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** How often the backlog is read while waiting for it to drain. */
const POLL_INTERVAL_MS = 100;

/** The approximate number of workflow tasks waiting in `taskQueue` for a worker (Temporal's task queue stats). */
export async function workflowTaskBacklog(client: Client, taskQueue: string): Promise<number> {
  const response = await client.workflowService.describeTaskQueue({
    namespace: client.options.namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    reportStats: true,
  });
  return Number(response.stats?.approximateBacklogCount ?? 0);
}

/**
 * Waits while more than `maxBacklog` workflow tasks wait in `taskQueue`, at most `maxWaitMs` (a queue no worker
 * polls never drains: then the caller goes on, as it did before it waited). Whoever starts workflows in bulk
 * calls it between slices, so a running workflow's timer, queued behind them, waits for a few tasks at most.
 * Answers how long it waited.
 */
export async function waitForWorkflowTaskBacklog(
  client: Client,
  taskQueue: string,
  options: { maxBacklog: number; maxWaitMs: number; whileWaiting?: () => void },
): Promise<number> {
  const started = Date.now();
  while ((await workflowTaskBacklog(client, taskQueue)) > options.maxBacklog && Date.now() - started < options.maxWaitMs) {
    options.whileWaiting?.();
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return Date.now() - started;
}
