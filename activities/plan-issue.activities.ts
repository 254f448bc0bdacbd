import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { nameBasedUuid } from '../libs/infra/src/name-based-uuid';
import {
  TASK_QUEUE,
  assignedTaskRecord,
  buildPlanIssueUnits,
  taskWorkflowStartOptions,
  type PlanIssueSource,
  type PlanIssueUnit,
} from '../libs/contracts/src';
import type { Actor } from '../libs/domain/src/task';
import { startWithFirstEvent } from '../libs/temporal/src/start-with-first-event';
import { waitForWorkflowTaskBacklog } from '../libs/temporal/src/task-queue-backlog';
import type { TaskProjectionPort } from './task-projection.activities';

/** What the plan-issue activities need from the worker's Nest context (PlanStore, TaskProjectionStore). */
export interface PlanIssuePort {
  issueSource(planId: string): Promise<PlanIssueSource | null>;
  markIssued(planId: string, issuedAt: string, issuedBy: Actor): Promise<void>;
}

export interface PlanIssueDependencies {
  planIssue: PlanIssuePort;
  taskProjection: TaskProjectionPort;
}

/** ApplicationFailure type when the plan to issue does not exist (not retried). */
export const PLAN_NOT_FOUND_FAILURE = 'PlanNotFound';

/** Starts in flight at once. */
const CONCURRENCY = 32;
/** First events written to the read model per round trip (24 values a row, far below PostgreSQL's 65,535 parameters). */
const FIRST_EVENTS_PER_WRITE = 100;
/**
 * Starts between two looks at the task queue: the issue starts more only once at most MAX_QUEUED_WORKFLOW_TASKS
 * wait there, so a running task's timer (its workflow task queued behind the new ones) is late by a few
 * workflow tasks at most, not by the whole plan's first tasks (issue 14). The issue goes at the worker's pace.
 */
const STARTS_PER_LOOK = 20;
const MAX_QUEUED_WORKFLOW_TASKS = 10;
/** A task queue no worker polls never drains: the issue then goes on after this long. */
const MAX_WAIT_FOR_QUEUE_MS = 30_000;
const MEMO_KEY = 'planIssue';

/** Fixed namespace of task IDs derived from workflow IDs (UUID v5, RFC 4122 §4.3). */
const TASK_ID_NAMESPACE = 'a3d8b0f2-5c41-4e8e-9b7a-2f6c1d9e4b10';

/** The task ID of a workflow ID: a name-based UUID, the same on every call, so a retried issue never makes a second row. */
export function taskIdForWorkflow(workflowId: string): string {
  return nameBasedUuid(TASK_ID_NAMESPACE, workflowId);
}

export function createPlanIssueActivities(deps: PlanIssueDependencies) {
  return {
    /**
     * Starts the next slice of a plan's task workflows (from `offset`, at most `limit`) under their
     * business-key IDs, never twice (`REJECT_DUPLICATE`), each with its first event projected in the one
     * order `POST /api/tasks` uses too (`startWithFirstEvent`: start, then write), so the plan reads
     * complete as soon as the issue answers. Safe to retry:
     * the slice is the same every time, and a workflow this very issue started on an earlier attempt
     * (its memo says so) still counts as issued, not as already running.
     */
    async issuePlanTaskBatch(args: {
      planId: string;
      offset: number;
      limit: number;
      issuedAt: string;
      issuedBy: Actor;
      /** Identifies this issue (the plan-issue workflow's first run): written into each task workflow's memo. */
      issueKey: string;
    }): Promise<{ total: number; count: number; issued: number; alreadyRunning: number }> {
      const context = Context.current();
      const source = await deps.planIssue.issueSource(args.planId);
      if (!source) {
        throw ApplicationFailure.create({ type: PLAN_NOT_FOUND_FAILURE, message: `plan ${args.planId} not found`, nonRetryable: true });
      }
      const all = buildPlanIssueUnits(source, { issuedAt: args.issuedAt, issuedBy: args.issuedBy, taskIdOf: taskIdForWorkflow });
      const units = all.slice(args.offset, args.offset + args.limit);
      let issued = 0;
      let alreadyRunning = 0;
      // Start, then write (startWithFirstEvent's order), a slice at a time: one write per slice, not per task.
      for (let from = 0; from < units.length; from += FIRST_EVENTS_PER_WRITE) {
        const firstEvents: ReturnType<typeof assignedTaskRecord>[] = [];
        const slice = units.slice(from, from + FIRST_EVENTS_PER_WRITE);
        for (let look = 0; look < slice.length; look += STARTS_PER_LOOK) {
          await waitForWorkflowTaskBacklog(context.client, TASK_QUEUE, {
            maxBacklog: MAX_QUEUED_WORKFLOW_TASKS,
            maxWaitMs: MAX_WAIT_FOR_QUEUE_MS,
            whileWaiting: () => context.heartbeat(),
          });
          await forEachConcurrently(slice.slice(look, look + STARTS_PER_LOOK), CONCURRENCY, async (unit) => {
            const outcome = await startTaskWorkflow(context.client, unit, args.issueKey, context.info.attempt > 1, (record) => firstEvents.push(record));
            if (outcome !== 'already_started') issued += 1;
            else alreadyRunning += 1;
            context.heartbeat();
          });
        }
        await deps.taskProjection.recordFirstTaskEvents(firstEvents);
        context.heartbeat();
      }
      return { total: all.length, count: units.length, issued, alreadyRunning };
    },

    async completePlanIssue(args: { planId: string; issuedAt: string; issuedBy: Actor }): Promise<void> {
      await deps.planIssue.markIssued(args.planId, args.issuedAt, args.issuedBy);
    },
  };
}

export type PlanIssueActivities = ReturnType<typeof createPlanIssueActivities>;

/**
 * Starts one task's workflow with its first event (as the workflow itself will record it: same key, same
 * content). A workflow this very issue started on an earlier attempt (its memo says so) counts as issued
 * (`resumed`), one started by an earlier issue as already running.
 */
function startTaskWorkflow(
  client: Client,
  { workflowId, input }: PlanIssueUnit,
  issueKey: string,
  retried: boolean,
  /** Takes the first event to write once started (the batch writes them together). */
  gatherFirstEvent: (record: ReturnType<typeof assignedTaskRecord>) => void,
) {
  return startWithFirstEvent(client, {
    workflowType: 'taskWorkflow',
    options: { ...taskWorkflowStartOptions(workflowId, input), memo: { [MEMO_KEY]: issueKey } },
    recordFirstEvent: async () => gatherFirstEvent(assignedTaskRecord(workflowId, input)),
    // An earlier attempt of this same issue may have started it before its worker died.
    isEarlierAttempt: async (handle) => retried && (await handle.describe()).memo?.[MEMO_KEY] === issueKey,
  });
}

/** Runs `run` over `items`, `concurrency` at a time; the first failure stops the others from taking more. */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (!failed && next < items.length) {
      try {
        await run(items[next++]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(lanes);
}
