import { resolvePolicy, type PolicyOverride } from '../../domain/src/policy';
import type { Actor } from '../../domain/src/task';
import type { TaskWorkflowInput } from './task-workflow.contract';
import { taskWorkflowId } from './workflow-ids';

/** Task queue of `planIssueWorkflow` and its activities (served by the worker process next to TASK_QUEUE). */
export const PLAN_ISSUE_TASK_QUEUE = 'giaoviec-plans';

/** How many task workflows one activity of the plan-issue workflow starts. */
export const PLAN_ISSUE_BATCH_SIZE = 500;
/** Batches per run before continue-as-new (a 20 000-task plan still fits one history). */
export const PLAN_ISSUE_BATCHES_PER_RUN = 200;

/** What `POST /api/plans/:id/issue` hands to `planIssueWorkflow`. */
export interface PlanIssueWorkflowInput {
  planId: string;
  planCode: string;
  /** The tasks' `assignedAt`: one instant for the whole issue. */
  issuedAt: string;
  issuedBy: Actor;
  batchSize?: number;
  /** Carried across continue-as-new. */
  progress?: { offset: number; issued: number; alreadyRunning: number };
}

export interface PlanIssueResult {
  planId: string;
  /** Task workflows (after fan-out) the plan has. */
  total: number;
  /** Started by this issue. */
  issued: number;
  /** Started before (by an earlier issue): not started again. */
  alreadyRunning: number;
}

/** One issue per plan at a time; a repeat after it finished runs again and finds every task already started. */
export function planIssueWorkflowId(planCode: string): string {
  return `plan-issue:${planCode}`;
}

export function planIssueWorkflowStartOptions(input: PlanIssueWorkflowInput) {
  return {
    taskQueue: PLAN_ISSUE_TASK_QUEUE,
    workflowId: planIssueWorkflowId(input.planCode),
    args: [input] as [PlanIssueWorkflowInput],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
    // A retry while an issue is still running (e.g. its worker died) joins it instead of racing it.
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
  };
}

/** A stored plan as issuing needs it: tasks in plan order, groups already expanded at import. */
export interface PlanIssueSource {
  plan: { id: string; code: string; policy: PolicyOverride | null };
  tasks: {
    id: string;
    ref: string;
    title: string;
    description: string | null;
    /** One agency, or every member of the group the task was given to. */
    assignees: string[];
    coordinatingAgencies: string[];
    dueAt: string;
    policy: PolicyOverride | null;
  }[];
}

/** One task workflow to start. */
export interface PlanIssueUnit {
  workflowId: string;
  input: TaskWorkflowInput;
}

/**
 * Every task workflow of a plan, in a stable order (plan order, then group order), so that a batch is
 * the same slice on every call. Task IDs come from `taskIdOf(workflowId)` — deterministic, so that a
 * retried issue never makes a second task row.
 */
export function buildPlanIssueUnits(
  source: PlanIssueSource,
  options: { issuedAt: string; issuedBy: Actor; taskIdOf: (workflowId: string) => string },
): PlanIssueUnit[] {
  const units: PlanIssueUnit[] = [];
  for (const task of source.tasks) {
    const policy = resolvePolicy(source.plan.policy, task.policy);
    for (const leadAgency of task.assignees) {
      const workflowId = taskWorkflowId(source.plan.code, task.ref, leadAgency);
      units.push({
        workflowId,
        input: {
          taskId: options.taskIdOf(workflowId),
          planId: source.plan.id,
          planTaskId: task.id,
          planCode: source.plan.code,
          taskRef: task.ref,
          title: task.title,
          description: task.description,
          leadAgency,
          coordinatingAgencies: task.coordinatingAgencies.filter((code) => code !== leadAgency),
          dueAt: task.dueAt,
          policy,
          assignedAt: options.issuedAt,
          assignedBy: options.issuedBy,
        },
      });
    }
  }
  return units;
}
