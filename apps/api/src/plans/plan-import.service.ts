import { Injectable } from '@nestjs/common';
import {
  DomainError,
  followDirectory,
  localDateOfInstant,
  parsePlanFile,
  planDirectoryDate,
  planGroups,
  planImportWarnings,
  preparePlanTasks,
  rebasePlan,
  validatePlanData,
  validatePlanForIssue,
  validatePlanReferences,
  type ErrorDetail,
  type PlanIssue,
  type PlanWarning,
  type PreparedPlanTask,
} from '@giaoviec/domain';
import { PlanCodeTakenError, PlanStore } from '@giaoviec/persistence';
import { toActor } from '../auth/actor';
import type { AuthUser } from '../auth/auth.types';

/** Media types read as YAML plan files (registered as a text body parser in app.factory.ts). */
export const PLAN_YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export interface PlanImportResult {
  id: string;
  code: string;
  /** Tasks of the plan as written (a group task counts once). */
  taskCount: number;
  /** Task workflows issuing will start: one per task and member agency of its group. */
  agencyTaskCount: number;
  indicatorCount: number;
  warnings: PlanWarning[];
}

/** `POST /api/plans`: parse, validate against the directory, store in one transaction. */
@Injectable()
export class PlanImportService {
  constructor(private readonly store: PlanStore) {}

  async import(user: AuthUser, body: unknown, contentType: string | undefined, year?: number): Promise<PlanImportResult> {
    const format = planFormat(contentType);
    if (!format) {
      throw new DomainError('VALIDATION_FAILED', 'Tệp kế hoạch phải gửi với Content-Type: application/json hoặc application/yaml.', [
        { path: '', message: `Content-Type "${contentType ?? ''}" không được hỗ trợ` },
      ]);
    }
    const parsed = format === 'yaml' ? parsePlanFile(typeof body === 'string' ? body : '', 'yaml') : validatePlanData(body);
    if (!parsed.ok) throw invalidPlan(parsed.issues);
    const templateYear = parsed.plan.year;
    const written = year !== undefined && year !== templateYear ? rebasePlan(parsed.plan, year) : parsed.plan;
    // Agencies and groups a reorganisation ended before the plan's dates are replaced by their successors.
    const followed = followDirectory(written, await this.store.datedDirectory(), planDirectoryDate(written, localDateOfInstant(Date.now())));
    const plan = followed.plan;

    const directory = await this.store.directory();
    const problems = [...validatePlanReferences(plan, directory), ...validatePlanForIssue(plan)];
    if (problems.length) throw invalidPlan(problems);
    if (await this.store.codeExists(plan.code)) throw codeTaken(plan.code);

    const tasks = preparePlanTasks(plan, planGroups(plan, directory));
    const warnings = [...followed.warnings, ...planImportWarnings(plan, directory), ...pastDueWarnings(tasks, Date.now())];
    let id: string;
    try {
      ({ id } = await this.store.insert({ plan, templateYear, tasks, warnings, createdBy: toActor(user) }));
    } catch (error) {
      if (error instanceof PlanCodeTakenError) throw codeTaken(plan.code);
      throw error;
    }
    return {
      id,
      code: plan.code,
      taskCount: plan.tasks.length,
      agencyTaskCount: tasks.reduce((sum, task) => sum + task.assignees.length, 0),
      indicatorCount: plan.indicators.length,
      warnings,
    };
  }
}

function planFormat(contentType: string | undefined): 'yaml' | 'json' | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (PLAN_YAML_MEDIA_TYPES.includes(type)) return 'yaml';
  return type === 'application/json' ? 'json' : null;
}

/** 400 naming every problem; the position in the YAML text, where known, goes into the message. */
function invalidPlan(issues: readonly PlanIssue[]): DomainError {
  const details: ErrorDetail[] = issues.map((issue) => ({
    path: issue.path,
    message: issue.line !== undefined && !/\bline \d+/.test(issue.message) ? `${issue.message} (dòng ${issue.line}, cột ${issue.column})` : issue.message,
  }));
  const paths = [...new Set(details.map((detail) => detail.path || '(tệp)'))];
  const listed = paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, … (${paths.length} chỗ)` : '');
  return new DomainError('VALIDATION_FAILED', `Tệp kế hoạch không hợp lệ, không có gì được lưu (${details.length} lỗi): ${listed}`, details);
}

function codeTaken(code: string): DomainError {
  return new DomainError('CONFLICT', `Đã có kế hoạch mã ${code}; không nhập lại. Dùng ?year= để nhập kế hoạch cho năm khác.`, [
    { path: 'code', message: `mã kế hoạch "${code}" đã tồn tại` },
  ]);
}

/** Tasks already due when imported would be overdue from the moment they are issued: say so. */
function pastDueWarnings(tasks: readonly PreparedPlanTask[], nowMs: number): PlanWarning[] {
  const past = tasks.filter((task) => Date.parse(task.due.dueAt) <= nowMs);
  if (past.length === 0) return [];
  const earliest = past.map((task) => task.due.date).sort()[0].split('-').reverse().join('/');
  return [
    {
      path: 'year',
      message:
        `${past.length}/${tasks.length} nhiệm vụ có thời hạn đã qua (sớm nhất ${earliest}); nếu ban hành, các nhiệm vụ này quá hạn ngay. ` +
        'Dùng ?year= để nhập kế hoạch cho năm khác.',
    },
  ];
}
