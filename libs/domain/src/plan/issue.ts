import { dueInstant } from '../calendar/offset';
import type { ErrorDetail } from '../errors';
import { validatePolicyOverride } from '../policy/policy';
import { checkPlanConsistency, type PlanWarning } from './consistency';
import { knownPlanCodes, type PlanDirectory } from './references';
import { resolvePlanTaskDue, type PlanDeadlineRule, type PlanFile, type PlanTask } from './schema';

/**
 * Where a task's due date comes from: its own date as the document states it (`task`), a date the plan file marks
 * `assumed` (the document states none), the plan's reporting deadline (`due: reporting`), or — for a task the file
 * gives no deadline — a fallback: the reporting deadline when the plan has one, else the end of the plan's year.
 */
export type PlanTaskDueSource = 'task' | 'assumed' | 'reporting' | 'fallback_reporting' | 'fallback_year_end';

export interface ResolvedPlanTaskDue {
  date: string;
  rule: PlanDeadlineRule;
  source: PlanTaskDueSource;
  /** The due instant in Asia/Ho_Chi_Minh (DESIGN §2: "trước ngày D" = 00:00 of D, "chậm nhất ngày D" = end of D). */
  dueAt: string;
}

/** The due date a task is issued with; never undefined (see `PlanTaskDueSource`). */
export function resolvePlanTaskDueOrFallback(
  plan: Pick<PlanFile, 'deadlineRule' | 'reporting' | 'year'>,
  task: Pick<PlanTask, 'due'>,
): ResolvedPlanTaskDue {
  const own = resolvePlanTaskDue(plan, task);
  const [due, source]: [{ date: string; rule: PlanDeadlineRule }, PlanTaskDueSource] = own
    ? [own, task.due === 'reporting' ? 'reporting' : task.due?.assumed ? 'assumed' : 'task']
    : plan.reporting
      ? [{ date: plan.reporting.dueDate, rule: plan.reporting.rule }, 'fallback_reporting']
      : [{ date: `${String(plan.year).padStart(4, '0')}-12-31`, rule: 'by' }, 'fallback_year_end'];
  return { ...due, source, dueAt: new Date(dueInstant(due.date, due.rule)).toISOString() };
}

/** Agency codes with every group replaced by its members, in order, without repeats. */
export function expandAgencyCodes(codes: readonly string[], groups: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const code of codes) {
    for (const agency of groups.get(code) ?? [code]) if (!out.includes(agency)) out.push(agency);
  }
  return out;
}

/** Who a plan task is given to: one agency, or every member of a group (one child task each). */
export interface PlanTaskAssignment {
  /** The lead code as written (an agency or a group). */
  leadCode: string;
  isGroup: boolean;
  /** The agencies that each get a task, in the group's order. */
  assignees: string[];
  /** Coordinating agencies (groups expanded). */
  coordinatingAgencies: string[];
}

/** Resolves a task's lead and coordinating codes against the plan's groups and the directory's. */
export function planTaskAssignment(
  task: Pick<PlanTask, 'leadAgency' | 'coordinatingAgencies'>,
  groups: ReadonlyMap<string, readonly string[]>,
): PlanTaskAssignment {
  const members = groups.get(task.leadAgency);
  return {
    leadCode: task.leadAgency,
    isGroup: members !== undefined,
    assignees: members ? [...new Set(members)] : [task.leadAgency],
    coordinatingAgencies: expandAgencyCodes(task.coordinatingAgencies ?? [], groups),
  };
}

/**
 * The tasks a plan task fans out into: one per assignee, each coordinated by the task's coordinating
 * agencies minus the assignee itself (an agency does not coordinate its own task).
 */
export function fanOutPlanTask(
  assignment: Pick<PlanTaskAssignment, 'assignees' | 'coordinatingAgencies'>,
): { leadAgency: string; coordinatingAgencies: string[] }[] {
  return assignment.assignees.map((leadAgency) => ({
    leadAgency,
    coordinatingAgencies: assignment.coordinatingAgencies.filter((code) => code !== leadAgency),
  }));
}

/**
 * What else a plan must satisfy to be stored and issued, beyond `validatePlanReferences`: policy offsets
 * within bounds (the task workflow schedules them), task refs usable in a workflow ID (no ":"), no task without
 * content (`placeholder`): such a plan is refused, naming each of them, rather than issuing empty work.
 */
export function validatePlanForIssue(plan: PlanFile): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (plan.policy) issues.push(...validatePolicyOverride(plan.policy, 'policy'));
  plan.tasks.forEach((task, i) => {
    if (task.placeholder) {
      issues.push({
        path: `tasks[${i}]`,
        message:
          `nhiệm vụ ${task.ref} chưa có nội dung (văn bản chỉ nêu số lượng) nên không thể giao: ` +
          'bổ sung nội dung rồi bỏ "placeholder", hoặc bỏ nhiệm vụ khỏi tệp (ghi số lượng vào statedCounts)',
      });
    }
    if (task.ref.includes(':')) issues.push({ path: `tasks[${i}].ref`, message: 'mã nhiệm vụ không được chứa dấu ":"' });
    if (task.policy) issues.push(...validatePolicyOverride(task.policy, `tasks[${i}].policy`));
  });
  return issues;
}

const formatDate = (date: string) => date.split('-').reverse().join('/');

/**
 * The warnings an import returns and keeps with the plan: `checkPlanConsistency`'s, with the warning about
 * a task without a due date saying which deadline the task will be issued with, and group declarations
 * that differ from the directory's group of the same code.
 */
export function planImportWarnings(plan: PlanFile, directory?: PlanDirectory): PlanWarning[] {
  const undated = new Map<string, PlanTask>();
  plan.tasks.forEach((task, i) => {
    if (!resolvePlanTaskDue(plan, task)) undated.set(`tasks[${i}].due`, task);
  });
  const warnings = checkPlanConsistency(plan).map((warning) => {
    const task = warning.path !== undefined ? undated.get(warning.path) : undefined;
    if (!task) return warning;
    const due = resolvePlanTaskDueOrFallback(plan, task);
    const fallback =
      due.source === 'fallback_reporting'
        ? `hạn báo cáo của kế hoạch (${due.rule === 'before' ? 'trước ngày' : 'chậm nhất ngày'} ${formatDate(due.date)})`
        : `ngày cuối năm kế hoạch (${formatDate(due.date)})`;
    return { path: warning.path, message: `Nhiệm vụ ${task.ref} chưa có thời hạn hoàn thành; khi ban hành sẽ lấy ${fallback}.` };
  });
  if (directory) {
    (plan.groups ?? []).forEach((group, i) => {
      const existing = directory.groups[group.code];
      if (existing && !sameMembers(existing, group.members)) {
        warnings.push({
          path: `groups[${i}]`,
          message:
            `Nhóm ${group.code} đã có trong danh bạ với thành phần khác; kế hoạch này giao việc theo danh sách ` +
            `${group.members.length} cơ quan của chính nó, danh bạ giữ nguyên ${existing.length} cơ quan.`,
        });
      }
    });
  }
  return warnings;
}

/** The groups a plan's tasks resolve against: the directory's, overridden by the plan's own declarations. */
export function planGroups(plan: Pick<PlanFile, 'agencies' | 'groups'>, directory: PlanDirectory): Map<string, readonly string[]> {
  return knownPlanCodes(plan, directory).groups;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((code) => right.has(code));
}

/** A plan task as stored: its assignment resolved and its due date fixed. */
export interface PreparedPlanTask extends PlanTaskAssignment {
  position: number;
  ref: string;
  section: string;
  title: string;
  description: string | null;
  due: ResolvedPlanTaskDue;
  policy: PlanTask['policy'] | null;
  note: string | null;
}

/** Every task of a (validated) plan as it will be stored, groups resolved against `groups` (see `planGroups`). */
export function preparePlanTasks(plan: PlanFile, groups: ReadonlyMap<string, readonly string[]>): PreparedPlanTask[] {
  return plan.tasks.map((task, position) => ({
    position,
    ref: task.ref,
    section: task.section,
    title: task.title,
    description: task.description?.trim() || null,
    ...planTaskAssignment(task, groups),
    due: resolvePlanTaskDueOrFallback(plan, task),
    policy: task.policy ?? null,
    note: task.note ?? null,
  }));
}
