import { DAILY_DIGEST_SCHEDULE_ID, DAILY_DIGEST_WORKFLOW_ID_PREFIX, DAILY_DIGEST_WORKFLOW_TYPE, DELIVERY_TASK_QUEUE } from '@giaoviec/contracts';
import { DIGEST_TIME } from '@giaoviec/domain';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createDigestActivities, type DigestDependencies } from '../../../../activities';
import { WORKFLOWS_PATH } from '../task-worker';

/** A worker for the delivery queue (the daily digest), same workflow code as the others. */
export function createDeliveryWorker(options: {
  connection: NativeConnection;
  namespace: string;
  deps: DigestDependencies;
  workflowBundle?: WorkflowBundleWithSourceMap;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: DELIVERY_TASK_QUEUE,
    activities: createDigestActivities(options.deps),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: '10 seconds',
  });
}

/**
 * Creates the daily digest's Temporal Schedule once (07:30 Asia/Ho_Chi_Minh, every day: the
 * workflow skips days off, and a make-up Saturday is a working day). Idempotent across workers.
 */
export async function ensureDigestSchedule(client: Client): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: DAILY_DIGEST_SCHEDULE_ID,
      spec: {
        calendars: [{ hour: DIGEST_TIME.hour, minute: DIGEST_TIME.minute, comment: 'giaoviec daily digest' }],
        timezone: 'Asia/Ho_Chi_Minh',
      },
      action: { type: 'startWorkflow', workflowType: DAILY_DIGEST_WORKFLOW_TYPE, workflowId: DAILY_DIGEST_WORKFLOW_ID_PREFIX, taskQueue: DELIVERY_TASK_QUEUE, args: [] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
    });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
}
