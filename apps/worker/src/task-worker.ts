import { PLAN_ISSUE_TASK_QUEUE, TASK_QUEUE } from '@giaoviec/contracts';
import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import {
  createActivities,
  createPlanIssueActivities,
  createReportingRoundActivities,
  createReportingScheduleActivities,
  createReorganizationActivities,
  type ActivityDependencies,
  type ReorganizationDependencies,
  type PlanIssueDependencies,
  type ReportingRoundDependencies,
  type ReportingScheduleDependencies,
} from '../../../activities';

/** The workflow code the worker bundles: the pure `workflows/` folder. */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');

interface WorkerOptions<Deps> {
  connection: NativeConnection;
  namespace: string;
  deps: Deps;
  /** A prebuilt bundle (main.ts and the tests bundle once); otherwise the worker bundles WORKFLOWS_PATH itself. */
  workflowBundle?: WorkflowBundleWithSourceMap;
}

/** A worker for the task queue (task and reporting-round workflows), with activities bound to `deps` (from the worker's Nest context). */
export function createTaskWorker(options: WorkerOptions<ActivityDependencies & ReportingRoundDependencies & ReportingScheduleDependencies & ReorganizationDependencies>): Promise<Worker> {
  return createWorker(options, TASK_QUEUE, {
    ...createActivities(options.deps),
    ...createReportingRoundActivities(options.deps),
    ...createReorganizationActivities(options.deps),
    ...createReportingScheduleActivities(options.deps),
  });
}

/**
 * A worker for plan issuing, on a task queue of its own so that an issue never waits behind the
 * task workflows it (or an earlier issue) has just started. Same process, same workflow code.
 */
export function createPlanIssueWorker(options: WorkerOptions<PlanIssueDependencies>): Promise<Worker> {
  return createWorker(options, PLAN_ISSUE_TASK_QUEUE, createPlanIssueActivities(options.deps));
}

function createWorker(options: WorkerOptions<unknown>, taskQueue: string, activities: object): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue,
    activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: '10 seconds',
  });
}
