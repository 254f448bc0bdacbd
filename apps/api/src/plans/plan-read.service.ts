import { Injectable } from '@nestjs/common';
import {
  aggregateIndicatorActual,
  aggregatePlanTask,
  assessIndicator,
  describeIndicatorTarget,
  resolvePolicy,
  type IndicatorAssessment,
  type PlanTaskAggregate,
  type TaskCategory,
  type TaskPolicy,
  type TaskStatus,
} from '@giaoviec/domain';
import {
  PlanStore,
  TaskInputRepository,
  TaskRepository,
  type PlanIndicatorRecord,
  type PlanRecord,
  type PlanSummaryRecord,
  type PlanTaskRecord,
  type TaskInputRecord,
  type PageRequest,
} from '@giaoviec/persistence';
import { notFound } from '../common/route-ids';
import { taskCategoryAt } from '../tasks/task-read.service';


export type PlanSummaryView = PlanSummaryRecord;

/** One issued task of a plan task (one per member agency for a group task). */
export interface PlanChildTaskView {
  id: string;
  workflowId: string;
  leadAgency: string;
  coordinatingAgencies: string[];
  status: TaskStatus;
  category: TaskCategory;
  dueAt: string;
  completedAt: string | null;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: string | null;
  /** Inputs its coordinating agencies attached (POST /api/tasks/:id/inputs). */
  inputs: TaskInputRecord[];
}

export interface PlanTaskView extends PlanTaskRecord {
  /** Aggregated over the children (`not_issued` before issuing). */
  status: PlanTaskAggregate['status'];
  category: PlanTaskAggregate['category'];
  progressPercent: number;
  counts: Pick<PlanTaskAggregate, 'total' | 'byStatus' | 'byCategory'>;
  children: PlanChildTaskView[];
}

export interface PlanIndicatorView extends PlanIndicatorRecord {
  /** The target in words, e.g. "65–70%". */
  targetText: string;
  /** Aggregated over the agencies' latest reports; null before any report. */
  actual: number | null;
  met: boolean | null;
  assessment: IndicatorAssessment;
  reportCount: number;
  lastReportedAt: string | null;
}

type PlanReportingColumns = 'reportingDueDate' | 'reportingDueAt' | 'reportingRule' | 'reportingRecipient' | 'reportingParticipants' | 'reportingDescription';

export interface PlanView extends Omit<PlanRecord, PlanReportingColumns> {
  /** The policy tasks get unless they override it (default ← plan). */
  effectivePolicy: TaskPolicy;
  reporting: {
    dueDate: string;
    rule: string;
    dueAt: string;
    recipient: string;
    participants: string[] | null;
    description: string | null;
  } | null;
  summary: Pick<PlanTaskAggregate, 'byStatus' | 'byCategory'>;
  tasks: PlanTaskView[];
  indicators: PlanIndicatorView[];
}

/** Plans, their tasks aggregated over the issued children, and their indicators against their targets. */
@Injectable()
export class PlanReadService {
  constructor(
    private readonly plans: PlanStore,
    private readonly issuedTasks: TaskRepository,
    private readonly inputs: TaskInputRepository,
  ) {}

  async list(page: PageRequest, q?: string): Promise<{ items: PlanSummaryView[]; total: number }> {
    return this.plans.list({ page: page.page, limit: page.limit }, q);
  }

  /** 404 unless the plan exists. */
  async findPlan(id: string): Promise<{ id: string; code: string; closedAt: string | null }> {
    const plan = await this.plans.reference(id);
    if (!plan) throw notFound('plan');
    return { id: plan.id, code: plan.code, closedAt: plan.closedAt };
  }

  async get(id: string): Promise<PlanView> {
    const row = await this.plans.find(id);
    if (!row) throw notFound('plan');
    const [tasks, indicators] = await Promise.all([this.tasks(id), this.indicators(id)]);
    const summary = aggregatePlanTask(tasks.flatMap((task) => task.children));
    const { reportingDueDate, reportingDueAt, reportingRule, reportingRecipient, reportingParticipants, reportingDescription, ...plan } = row;
    return {
      ...plan,
      effectivePolicy: resolvePolicy(row.policy),
      reporting:
        reportingDueDate && reportingDueAt && reportingRule && reportingRecipient
          ? {
              dueDate: reportingDueDate,
              rule: reportingRule,
              dueAt: reportingDueAt,
              recipient: reportingRecipient,
              participants: reportingParticipants,
              description: reportingDescription,
            }
          : null,
      summary: { byStatus: summary.byStatus, byCategory: summary.byCategory },
      tasks,
      indicators,
    };
  }

  /** The plan's tasks in plan order, each with its issued children and their aggregate. */
  async tasks(planId: string): Promise<PlanTaskView[]> {
    const [planTasks, children] = await Promise.all([this.plans.tasks(planId), this.issuedTasks.forPlan(planId)]);
    const inputsByTask = new Map<string, TaskInputRecord[]>();
    for (const input of await this.inputs.forTasks(children.map((child) => child.id))) {
      inputsByTask.set(input.taskId, [...(inputsByTask.get(input.taskId) ?? []), input]);
    }
    const now = new Date();
    const byPlanTask = new Map<string, PlanChildTaskView[]>();
    for (const child of children) {
      if (!child.planTaskId) continue;
      const list = byPlanTask.get(child.planTaskId) ?? [];
      list.push({
        id: child.id,
        workflowId: child.workflowId,
        leadAgency: child.leadAgency,
        coordinatingAgencies: child.coordinatingAgencies,
        status: child.status,
        category: taskCategoryAt(child, now),
        dueAt: child.dueAt.toISOString(),
        completedAt: child.completedAt?.toISOString() ?? null,
        progressPercent: child.progressPercent,
        escalationLevel: child.escalationLevel,
        escalatedTo: child.escalatedTo,
        inputs: inputsByTask.get(child.id) ?? [],
      });
      byPlanTask.set(child.planTaskId, list);
    }
    return planTasks.map((task) => {
      // In the group's order (a child reassigned to an agency outside the group goes last).
      const order = (agency: string) => (task.assignees.indexOf(agency) + task.assignees.length + 1) % (task.assignees.length + 1);
      const taskChildren = (byPlanTask.get(task.id) ?? []).sort((a, b) => order(a.leadAgency) - order(b.leadAgency));
      const { status, category, progressPercent, total, byStatus, byCategory } = aggregatePlanTask(taskChildren);
      return { ...task, status, category, progressPercent, counts: { total, byStatus, byCategory }, children: taskChildren };
    });
  }

  async indicators(planId: string): Promise<PlanIndicatorView[]> {
    const [indicators, actuals] = await Promise.all([this.plans.indicators(planId), this.plans.actuals(planId)]);
    return indicators.map((indicator) => {
      const reports = actuals.filter((actual) => actual.indicatorId === indicator.id);
      const actual = aggregateIndicatorActual(indicator.aggregation, reports);
      const lastReportedAt = reports.map((report) => report.reportedAt).sort().at(-1) ?? null;
      return {
        ...indicator,
        targetText: describeIndicatorTarget(indicator.target, indicator.unit),
        actual,
        ...assessIndicator(indicator.target, actual),
        reportCount: reports.length,
        lastReportedAt,
      };
    });
  }
}
