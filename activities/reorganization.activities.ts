import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { REORGANIZATION_REASON, agenciesLosingWork, taskMoveOf, type ReorganizationPlan } from '../libs/domain/src/agency/reorganization';
import { SYSTEM_ACTOR } from '../libs/domain/src/task/task-events';
import { reassignUpdate } from '../libs/contracts/src/task-workflow.contract';
import type { ReorganizationOutcome } from '../libs/contracts/src/reorganization.contract';

/** What the reorganisation activity needs from the worker's Nest context (ReorganizationRepository). */
export interface ReorganizationPort {
  get(id: string): Promise<{ id: string; title: string; status: string; plan: ReorganizationPlan } | null>;
  applyDirectory(id: string): Promise<boolean>;
  openTasksOf(codes: readonly string[]): Promise<{ workflowId: string; leadAgency: string; coordinatingAgencies: string[] }[]>;
  recordOutcome(id: string, movedTasks: number, movedRoundParticipants: number): Promise<void>;
}

export interface ReorganizationDependencies {
  reorganizations: ReorganizationPort;
}

export type ReorganizationActivities = ReturnType<typeof createReorganizationActivities>;

export function createReorganizationActivities(deps: ReorganizationDependencies) {
  return {
    /**
     * Applies a reorganisation: the directory once (a transaction that does nothing the second time),
     * then every open task of an ended agency through its workflow's `reassign` update, under an update
     * ID of the reorganisation, so a retry neither moves a task twice nor records a second event. A task
     * that closed meanwhile refuses the update and keeps its agency.
     */
    async applyReorganization({ reorganizationId }: { reorganizationId: string }): Promise<ReorganizationOutcome> {
      const reorganization = await deps.reorganizations.get(reorganizationId);
      if (!reorganization || reorganization.status === 'cancelled') return { applied: false, movedTasks: 0, movedRoundParticipants: 0 };
      await deps.reorganizations.applyDirectory(reorganizationId);
      const { client } = Context.current();
      let movedTasks = 0;
      for (const task of await deps.reorganizations.openTasksOf(agenciesLosingWork(reorganization.plan))) {
        const move = taskMoveOf(reorganization.plan, task);
        if (!move) continue;
        try {
          await client.workflow.getHandle(task.workflowId).executeUpdate(reassignUpdate, {
            updateId: `reorganization:${reorganizationId}`,
            args: [
              {
                actor: SYSTEM_ACTOR,
                agency: move.agency,
                coordinatingAgencies: move.coordinatingAgencies,
                reason: REORGANIZATION_REASON,
                reorganization: { id: reorganizationId, title: reorganization.title },
              },
            ],
          });
          movedTasks++;
        } catch (error) {
          // Refused: the task closed since it was listed; it keeps the agency it was done by.
          if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        }
        Context.current().heartbeat(movedTasks);
      }
      await deps.reorganizations.recordOutcome(reorganizationId, movedTasks, 0);
      return { applied: true, movedTasks, movedRoundParticipants: 0 };
    },
  };
}
