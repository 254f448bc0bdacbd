import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import {
  REORGANIZATION_REASON,
  agenciesLosingWork,
  roundParticipantMovesOf,
  taskMoveOf,
  type ReorganizationPlan,
  type TaskMove,
} from '../libs/domain/src/agency/reorganization';
import type { PolicyOverride } from '../libs/domain/src/policy';
import { SYSTEM_ACTOR } from '../libs/domain/src/task/task-events';
import { assignedTaskRecord, reassignUpdate, taskWorkflowStartOptions } from '../libs/contracts/src/task-workflow.contract';
import { buildPlanIssueUnits } from '../libs/contracts/src/plan-issue.contract';
import { replaceRoundParticipantsUpdate } from '../libs/contracts/src/reporting-round.contract';
import type { ReorganizationOutcome } from '../libs/contracts/src/reorganization.contract';
import { startWithFirstEvent } from '../libs/temporal/src/start-with-first-event';
import { taskIdForWorkflow } from './plan-issue.activities';
import type { TaskProjectionPort } from './task-projection.activities';
import type { OpenTaskOfAgency } from '../libs/persistence/src/reorganization.repository';

/** An open task as the reorganisation reads it (ReorganizationRepository.openTasksOf). */
export type ReorganizedTask = OpenTaskOfAgency;

/** What the reorganisation activity needs from the worker's Nest context (ReorganizationRepository). */
export interface ReorganizationPort {
  get(id: string): Promise<{ id: string; title: string; status: string; plan: ReorganizationPlan } | null>;
  applyDirectory(id: string): Promise<boolean>;
  openTasksOf(codes: readonly string[]): Promise<ReorganizedTask[]>;
  openRoundsOf(codes: readonly string[]): Promise<{ workflowId: string; participants: string[] }[]>;
  coordinatorAgency(): Promise<string>;
  recordOutcome(id: string, outcome: { movedTasks: number; movedRoundParticipants: number; createdTasks: number }): Promise<void>;
}

export interface ReorganizationDependencies {
  reorganizations: ReorganizationPort;
  taskProjection: TaskProjectionPort;
}

export type ReorganizationActivities = ReturnType<typeof createReorganizationActivities>;

/** Memo of a task a reorganisation split off: which reorganisation started it. */
const MEMO_KEY = 'reorganization';

interface Reorganization {
  id: string;
  title: string;
}

export function createReorganizationActivities(deps: ReorganizationDependencies) {
  return {
    /**
     * Applies a reorganisation: the directory once (a transaction that does nothing the second time), then
     * every open task of an ended agency through its workflow's `reassign` update and every open round
     * through its `replaceRoundParticipants` update, each under an update ID of the reorganisation, so a
     * retry neither moves anything twice nor records a second event. A task or round that closed meanwhile
     * refuses the update and keeps its agencies. A task fanned out to each successor starts the others'
     * tasks under business keys (never twice).
     */
    async applyReorganization({ reorganizationId }: { reorganizationId: string }): Promise<ReorganizationOutcome> {
      const reorganization = await deps.reorganizations.get(reorganizationId);
      if (!reorganization || reorganization.status === 'cancelled') return { applied: false, movedTasks: 0, movedRoundParticipants: 0, createdTasks: 0 };
      await deps.reorganizations.applyDirectory(reorganizationId);
      const { client } = Context.current();
      const named = { id: reorganizationId, title: reorganization.title };
      const losing = agenciesLosingWork(reorganization.plan);
      let movedTasks = 0;
      let createdTasks = 0;
      for (const task of await deps.reorganizations.openTasksOf(losing)) {
        const move = taskMoveOf(reorganization.plan, task);
        if (!move) continue;
        if (!(await moveTask(client, task, move, named))) continue;
        movedTasks++;
        if (move.fanOut) createdTasks += await startFanOut(client, deps, task, move, named);
        Context.current().heartbeat({ movedTasks });
      }
      let movedRoundParticipants = 0;
      for (const round of await deps.reorganizations.openRoundsOf(losing)) {
        movedRoundParticipants += await moveRoundParticipants(client, round, reorganization.plan, named);
        Context.current().heartbeat({ movedTasks, movedRoundParticipants });
      }
      const outcome = { movedTasks, movedRoundParticipants, createdTasks };
      await deps.reorganizations.recordOutcome(reorganizationId, outcome);
      return { applied: true, ...outcome };
    },
  };
}

/** The task's `reassign` update naming the reorganisation; false when the task refused it (it closed since it was listed). */
async function moveTask(client: Client, task: ReorganizedTask, move: TaskMove, reorganization: Reorganization): Promise<boolean> {
  try {
    await client.workflow.getHandle(task.workflowId).executeUpdate(reassignUpdate, {
      updateId: `reorganization:${reorganization.id}`,
      args: [
        {
          actor: SYSTEM_ACTOR,
          agency: move.agency,
          coordinatingAgencies: move.coordinatingAgencies,
          reason: REORGANIZATION_REASON,
          reorganization: move.fanOut ? { ...reorganization, fanOut: [move.agency, ...move.fanOut] } : reorganization,
        },
      ],
    });
    return true;
  } catch (error) {
    // Refused: the task closed since it was listed; it keeps the agency it was done by.
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    return false;
  }
}

/**
 * The tasks of the other successors of an abolished agency whose open tasks go to each of them: built as plan
 * issuing builds a group task's children (same plan task, so the plan task aggregates them; business-key
 * IDs), with the due date in force, each started with its first event naming the reorganisation. Answers
 * how many this call started.
 */
async function startFanOut(client: Client, deps: ReorganizationDependencies, task: ReorganizedTask, move: TaskMove, reorganization: Reorganization): Promise<number> {
  const coordinatorAgency = await deps.reorganizations.coordinatorAgency();
  const assignedAt = new Date().toISOString();
  const units = buildPlanIssueUnits(
    {
      plan: { id: task.planId ?? '', code: task.planCode, policy: null },
      tasks: [
        {
          id: task.planTaskId ?? '',
          ref: task.taskRef,
          title: task.title,
          description: task.description,
          assignees: move.fanOut ?? [],
          coordinatingAgencies: move.coordinatingAgencies,
          dueAt: task.dueAt,
          policy: task.policy as PolicyOverride | null,
        },
      ],
    },
    { issuedAt: assignedAt, issuedBy: SYSTEM_ACTOR, taskIdOf: taskIdForWorkflow },
  );
  let started = 0;
  for (const { workflowId, input: built } of units) {
    const input = {
      ...built,
      planId: task.planId,
      planTaskId: task.planTaskId,
      coordinatorAgency,
      reorganization: { ...reorganization, reason: REORGANIZATION_REASON, from: task.leadAgency, fromTaskId: task.taskId },
    };
    const outcome = await startWithFirstEvent(client, {
      workflowType: 'taskWorkflow',
      options: { ...taskWorkflowStartOptions(workflowId, input), memo: { [MEMO_KEY]: reorganization.id } },
      recordFirstEvent: () => deps.taskProjection.recordFirstTaskEvents([assignedTaskRecord(workflowId, input)]),
      // Started by an earlier attempt of this same reorganisation (its memo says so): still counted as created.
      isEarlierAttempt: async (handle) => (await handle.describe()).memo?.[MEMO_KEY] === reorganization.id,
    });
    if (outcome !== 'already_started') started++;
  }
  return started;
}

/** The round's `replaceRoundParticipants` update; how many participants it replaced (0 when the round refused: closed meanwhile). */
async function moveRoundParticipants(
  client: Client,
  round: { workflowId: string; participants: string[] },
  plan: ReorganizationPlan,
  reorganization: Reorganization,
): Promise<number> {
  const moves = roundParticipantMovesOf(plan, round.participants);
  if (moves.length === 0) return 0;
  try {
    const result = await client.workflow.getHandle(round.workflowId).executeUpdate(replaceRoundParticipantsUpdate, {
      updateId: `reorganization:${reorganization.id}`,
      args: [
        {
          actor: SYSTEM_ACTOR,
          replacements: Object.fromEntries(moves.map(({ from, to }) => [from, to])),
          reorganization,
          agencyNames: Object.fromEntries(plan.created.map(({ code, name }) => [code, name])),
        },
      ],
    });
    return result.moved.length;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    return 0;
  }
}
