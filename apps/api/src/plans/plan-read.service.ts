import { Injectable } from '@nestjs/common';
import {
  DomainError,
  aggregateIndicatorActual,
  aggregatePlanTask,
  assessIndicator,
  categorize,
  describeIndicatorTarget,
  resolvePolicy,
  type IndicatorAssessment,
  type PlanIndicatorAggregation,
  type PlanIndicatorTarget,
  type PlanTaskAggregate,
  type PlanWarning,
  type PolicyOverride,
  type TaskCategory,
  type TaskPolicy,
  type TaskStatus,
} from '@giaoviec/domain';
import { DataSource } from 'typeorm';
import { TaskInputService, type TaskInputView } from './task-input.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PlanSummaryView {
  id: string;
  code: string;
  title: string;
  number: string | null;
  issuer: string;
  issuedDate: string | null;
  year: number;
  templateYear: number;
  reportingDueDate: string | null;
  reportingDueAt: string | null;
  taskCount: number;
  agencyTaskCount: number;
  indicatorCount: number;
  warningCount: number;
  /** Task workflows issued so far (rows of `tasks` of this plan). */
  issuedTaskCount: number;
  createdAt: string;
  issuedAt: string | null;
}

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
  inputs: TaskInputView[];
}

export interface PlanTaskView {
  id: string;
  ref: string;
  section: string;
  title: string;
  description: string | null;
  /** As written: an agency code, or a group code whose members each got a child task. */
  leadAgency: string;
  isGroup: boolean;
  assignees: string[];
  /** As written (agency or group codes). */
  coordinatingCodes: string[];
  /** Groups expanded. */
  coordinatingAgencies: string[];
  dueDate: string;
  dueRule: string;
  dueSource: string;
  dueAt: string;
  policy: PolicyOverride | null;
  note: string | null;
  /** Aggregated over the children (`not_issued` before issuing). */
  status: PlanTaskAggregate['status'];
  category: PlanTaskAggregate['category'];
  progressPercent: number;
  counts: Pick<PlanTaskAggregate, 'total' | 'byStatus' | 'byCategory'>;
  children: PlanChildTaskView[];
}

export interface PlanIndicatorView {
  id: string;
  code: string;
  name: string;
  unit: string;
  target: PlanIndicatorTarget;
  /** The target in words, e.g. "65–70%". */
  targetText: string;
  aggregation: PlanIndicatorAggregation;
  reporters: string[];
  horizon: number;
  ref: string | null;
  note: string | null;
  /** Aggregated over the agencies' latest reports; null before any report. */
  actual: number | null;
  met: boolean | null;
  assessment: IndicatorAssessment;
  reportCount: number;
  lastReportedAt: string | null;
}

export interface PlanView extends Omit<PlanSummaryView, 'reportingDueDate' | 'reportingDueAt'> {
  deadlineRule: string;
  legalBases: string[];
  policy: PolicyOverride | null;
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
  sections: { ref: string; title: string }[];
  description: string | null;
  source: string | null;
  createdBy: Record<string, unknown>;
  issuedBy: Record<string, unknown> | null;
  warnings: PlanWarning[];
  summary: Pick<PlanTaskAggregate, 'byStatus' | 'byCategory'>;
  tasks: PlanTaskView[];
  indicators: PlanIndicatorView[];
}

const SUMMARY_COLUMNS = `
  p.id, p.code, p.title, p.number, p.issuer, to_char(p.issued_date, 'YYYY-MM-DD') AS "issuedDate", p.year,
  p.template_year AS "templateYear", to_char(p.reporting_due_date, 'YYYY-MM-DD') AS "reportingDueDate",
  p.reporting_due_at AS "reportingDueAt",
  (SELECT count(*)::int FROM plan_tasks pt WHERE pt.plan_id = p.id) AS "taskCount",
  (SELECT COALESCE(sum(cardinality(pt.assignees)), 0)::int FROM plan_tasks pt WHERE pt.plan_id = p.id) AS "agencyTaskCount",
  (SELECT count(*)::int FROM plan_indicators pi WHERE pi.plan_id = p.id) AS "indicatorCount",
  (SELECT count(*)::int FROM plan_warnings pw WHERE pw.plan_id = p.id) AS "warningCount",
  (SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id) AS "issuedTaskCount",
  p.created_at AS "createdAt", p.issued_at AS "issuedAt"`;

type SummaryRow = Omit<PlanSummaryView, 'reportingDueAt' | 'createdAt' | 'issuedAt'> & {
  reportingDueAt: Date | null;
  createdAt: Date;
  issuedAt: Date | null;
};

/** Plans, their tasks aggregated over the issued children, and their indicators against their targets. */
@Injectable()
export class PlanReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inputs: TaskInputService,
  ) {}

  async list(page: { page: number; limit: number }): Promise<{ items: PlanSummaryView[]; total: number }> {
    const rows: (SummaryRow & { total: number })[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, count(*) OVER ()::int AS total FROM plans p ORDER BY p.created_at DESC, p.code LIMIT $1 OFFSET $2`,
      [page.limit, (page.page - 1) * page.limit],
    );
    const [{ count }] = rows.length ? [{ count: rows[0].total }] : await this.dataSource.query(`SELECT count(*)::int AS count FROM plans`);
    return { items: rows.map(toSummary), total: count };
  }

  /** 404 unless the plan exists. */
  async findPlan(id: string): Promise<{ id: string; code: string }> {
    const notFound = new DomainError('NOT_FOUND', 'Không tìm thấy kế hoạch.');
    if (!UUID.test(id)) throw notFound;
    const [plan]: { id: string; code: string }[] = await this.dataSource.query(`SELECT id, code FROM plans WHERE id = $1`, [id]);
    if (!plan) throw notFound;
    return plan;
  }

  async get(id: string): Promise<PlanView> {
    await this.findPlan(id);
    const [row]: (SummaryRow & {
      deadlineRule: string;
      legalBases: string[];
      policy: PolicyOverride | null;
      reportingRule: string | null;
      reportingRecipient: string | null;
      reportingParticipants: string[] | null;
      reportingDescription: string | null;
      sections: { ref: string; title: string }[];
      description: string | null;
      source: string | null;
      createdBy: Record<string, unknown>;
      issuedBy: Record<string, unknown> | null;
    })[] = await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, p.deadline_rule AS "deadlineRule", p.legal_bases AS "legalBases", p.policy,
              p.reporting_rule AS "reportingRule", p.reporting_recipient AS "reportingRecipient",
              p.reporting_participants AS "reportingParticipants", p.reporting_description AS "reportingDescription",
              p.sections, p.description, p.source, p.created_by AS "createdBy", p.issued_by AS "issuedBy"
       FROM plans p WHERE p.id = $1`,
      [id],
    );
    const [warnings, tasks, indicators] = await Promise.all([
      this.dataSource.query(`SELECT path, message FROM plan_warnings WHERE plan_id = $1 ORDER BY position`, [id]) as Promise<
        { path: string | null; message: string }[]
      >,
      this.tasks(id),
      this.indicators(id),
    ]);
    const summary = aggregatePlanTask(tasks.flatMap((task) => task.children));
    const { reportingDueDate, reportingDueAt, ...plan } = toSummary(row);
    return {
      ...plan,
      deadlineRule: row.deadlineRule,
      legalBases: row.legalBases,
      policy: row.policy,
      effectivePolicy: resolvePolicy(row.policy),
      reporting:
        reportingDueDate && reportingDueAt && row.reportingRule && row.reportingRecipient
          ? {
              dueDate: reportingDueDate,
              rule: row.reportingRule,
              dueAt: reportingDueAt,
              recipient: row.reportingRecipient,
              participants: row.reportingParticipants,
              description: row.reportingDescription,
            }
          : null,
      sections: row.sections,
      description: row.description,
      source: row.source,
      createdBy: row.createdBy,
      issuedBy: row.issuedBy,
      warnings: warnings.map((warning) => (warning.path === null ? { message: warning.message } : { path: warning.path, message: warning.message })),
      summary: { byStatus: summary.byStatus, byCategory: summary.byCategory },
      tasks,
      indicators,
    };
  }

  /** The plan's tasks in plan order, each with its issued children and their aggregate. */
  async tasks(planId: string): Promise<PlanTaskView[]> {
    const [planTasks, children]: [
      (Omit<PlanTaskView, 'dueAt' | 'status' | 'category' | 'progressPercent' | 'counts' | 'children'> & { dueAt: Date })[],
      {
        id: string;
        workflow_id: string;
        plan_task_id: string | null;
        lead_agency: string;
        coordinating_agencies: string[];
        status: TaskStatus;
        due_at: Date;
        completed_at: Date | null;
        progress_percent: number;
        escalation_level: number;
        escalated_to: string | null;
      }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT id, ref, section_ref AS section, title, description, lead_code AS "leadAgency", is_group AS "isGroup", assignees,
                coordinating_codes AS "coordinatingCodes", coordinating_agencies AS "coordinatingAgencies",
                to_char(due_date, 'YYYY-MM-DD') AS "dueDate", due_rule AS "dueRule", due_source AS "dueSource", due_at AS "dueAt",
                policy, note
         FROM plan_tasks WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
      this.dataSource.query(
        `SELECT id, workflow_id, plan_task_id, lead_agency, coordinating_agencies, status, due_at, completed_at, progress_percent,
                escalation_level, escalated_to
         FROM tasks WHERE plan_id = $1`,
        [planId],
      ),
    ]);
    const inputsByTask = new Map<string, TaskInputView[]>();
    for (const input of await this.inputs.forTasks(children.map((child) => child.id))) {
      inputsByTask.set(input.taskId, [...(inputsByTask.get(input.taskId) ?? []), input]);
    }
    const nowMs = Date.now();
    const byPlanTask = new Map<string, PlanChildTaskView[]>();
    for (const child of children) {
      if (!child.plan_task_id) continue;
      const list = byPlanTask.get(child.plan_task_id) ?? [];
      list.push({
        id: child.id,
        workflowId: child.workflow_id,
        leadAgency: child.lead_agency,
        coordinatingAgencies: child.coordinating_agencies,
        status: child.status,
        category: categorize({
          status: child.status,
          dueAtMs: child.due_at.getTime(),
          completedAtMs: child.completed_at?.getTime() ?? null,
          nowMs,
        }),
        dueAt: child.due_at.toISOString(),
        completedAt: child.completed_at?.toISOString() ?? null,
        progressPercent: child.progress_percent,
        escalationLevel: child.escalation_level,
        escalatedTo: child.escalated_to,
        inputs: inputsByTask.get(child.id) ?? [],
      });
      byPlanTask.set(child.plan_task_id, list);
    }
    return planTasks.map((task) => {
      // In the group's order (a child reassigned to an agency outside the group goes last).
      const order = (agency: string) => (task.assignees.indexOf(agency) + task.assignees.length + 1) % (task.assignees.length + 1);
      const taskChildren = (byPlanTask.get(task.id) ?? []).sort((a, b) => order(a.leadAgency) - order(b.leadAgency));
      const { status, category, progressPercent, total, byStatus, byCategory } = aggregatePlanTask(taskChildren);
      return {
        ...task,
        dueAt: task.dueAt.toISOString(),
        status,
        category,
        progressPercent,
        counts: { total, byStatus, byCategory },
        children: taskChildren,
      };
    });
  }

  async indicators(planId: string): Promise<PlanIndicatorView[]> {
    const [indicators, actuals]: [
      (Omit<PlanIndicatorView, 'targetText' | 'actual' | 'met' | 'assessment' | 'reportCount' | 'lastReportedAt'>)[],
      { indicatorId: string; agency: string; value: number; reportedAt: Date }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT id, code, name, unit, target, aggregation, reporters, horizon, ref, note
         FROM plan_indicators WHERE plan_id = $1 ORDER BY position`,
        [planId],
      ),
      this.dataSource.query(
        `SELECT a.indicator_id AS "indicatorId", a.agency, a.value, a.reported_at AS "reportedAt"
         FROM indicator_actuals a JOIN plan_indicators i ON i.id = a.indicator_id WHERE i.plan_id = $1`,
        [planId],
      ),
    ]);
    return indicators.map((indicator) => {
      const reports = actuals
        .filter((actual) => actual.indicatorId === indicator.id)
        .map((actual) => ({ agency: actual.agency, value: Number(actual.value), reportedAt: actual.reportedAt.toISOString() }));
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

function toSummary(row: SummaryRow): PlanSummaryView {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    number: row.number,
    issuer: row.issuer,
    issuedDate: row.issuedDate,
    year: row.year,
    templateYear: row.templateYear,
    reportingDueDate: row.reportingDueDate,
    reportingDueAt: row.reportingDueAt?.toISOString() ?? null,
    taskCount: row.taskCount,
    agencyTaskCount: row.agencyTaskCount,
    indicatorCount: row.indicatorCount,
    warningCount: row.warningCount,
    issuedTaskCount: row.issuedTaskCount,
    createdAt: row.createdAt.toISOString(),
    issuedAt: row.issuedAt?.toISOString() ?? null,
  };
}
