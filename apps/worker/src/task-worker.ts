import { PLAN_ISSUE_TASK_QUEUE, TASK_QUEUE } from '@giaoviec/contracts';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  createActivities,
  createPlanIssueActivities,
  createReportingRoundActivities,
  type ActivityDependencies,
  type PlanIssueDependencies,
  type ReportingRoundDependencies,
} from '../../../activities';

/** The workflow code the worker bundles: the pure `workflows/` folder. */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');

/** A worker for the task queue (task and reporting-round workflows), with activities bound to `deps` (from the worker's Nest context). */
export async function createTaskWorker(options: {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDependencies & ReportingRoundDependencies;
  workflowBundle?: WorkflowBundleWithSourceMap;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: TASK_QUEUE,
    activities: { ...createActivities(options.deps), ...createReportingRoundActivities(options.deps) },
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: '10 seconds',
  });
}

/**
 * A worker for plan issuing, on a task queue of its own so that an issue never waits behind the
 * task workflows it (or an earlier issue) has just started. Same process, same workflow code.
 */
export async function createPlanIssueWorker(options: {
  connection: NativeConnection;
  namespace: string;
  deps: PlanIssueDependencies;
  workflowBundle?: WorkflowBundleWithSourceMap;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: PLAN_ISSUE_TASK_QUEUE,
    activities: createPlanIssueActivities(options.deps),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: '10 seconds',
  });
}
