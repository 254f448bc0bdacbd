import { AGENCY_KINDS, type AgencyKind } from './agency';
import type { ErrorDetail } from '../errors';
import { addDays, isLocalDate as isCalendarDate } from '../calendar/local-date';

/**
 * A reorganisation of the administration (issue 11): agencies created, renamed, merged and abolished
 * on one effective date. Pure rules: what a valid request is (every problem names `changes[i]…`),
 * what the dated directory becomes, where an agency's open work goes.
 */
export type ReorganizationChange =
  | { kind: 'create'; code: string; name: string; agencyKind: AgencyKind; groups?: string[] }
  | { kind: 'rename'; code: string; name: string }
  | { kind: 'merge'; from: string[]; into: string }
  | { kind: 'abolish'; code: string; successors: string[]; openTasksTo: string };

export interface ReorganizationRequest {
  effectiveDate: string;
  title: string;
  legalBasis?: string;
  changes: ReorganizationChange[];
}

/** `openTasksTo` of an abolished agency whose open tasks fan out to every successor. */
export const OPEN_TASKS_TO_EACH = 'each';

/** The reason of the `reassigned` event of every task a reorganisation moves. */
export const REORGANIZATION_REASON = 'tổ chức lại bộ máy';

/** One row of the dated directory: an agency from `validFrom` to the end of `validTo` (dates in Vietnam time). */
export interface DatedAgency {
  code: string;
  name: string;
  kind: string;
  groups: string[];
  /** The body the agency answers to (UBND-TP for a department or a district). */
  parentCode?: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** The agency its open work went to when it ended. */
  successorCode: string | null;
  /** Every agency formed from it (an abolished district's wards). */
  successorCodes?: string[];
}

export interface DatedGroup {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
}

/** What applying a reorganisation does to the directory and to open work. */
export interface ReorganizationPlan {
  /** `parentCode`: that of the agencies it was formed from (merged into it, or abolished into it), when they agree. */
  created: { code: string; name: string; kind: string; groups: string[]; parentCode?: string }[];
  renamed: { code: string; name: string }[];
  /** Agencies that end the day before the effective date, with where their work goes. */
  ended: { code: string; successorCode: string; successorCodes: string[] }[];
  /** Where the open tasks led by an ended agency go: one agency, or each of several (fan-out). */
  openTasksTo: Record<string, string[]>;
  /** Where an ended agency goes in coordinating-agency lists and round participants. */
  replacements: Record<string, string>;
  /**
   * Groups an existing agency joins because agencies merged into it were members ("các Sở, ban, ngành"): the
   * merged body takes over their duties. (An agency a merge creates gets them in `created[].groups`.)
   */
  joinedGroups?: Record<string, string[]>;
  /** Groups created (a created agency named a group that does not exist) and groups left without members. */
  groupsCreated: string[];
  groupsEnded: string[];
  /** The day before the effective date: the last day of the ended agencies. */
  lastDayOfEnded: string;
}

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

/** Names of the groups a reorganisation may create; another group code is named by itself. */
export const KNOWN_GROUP_NAMES: Record<string, string> = {
  COMMUNES: 'Ủy ban nhân dân các xã, phường',
};

/** Whether the agency (or group) exists on `date`. */
export function validOn(entry: { validFrom: string | null; validTo: string | null }, date: string): boolean {
  return (entry.validFrom === null || entry.validFrom <= date) && (entry.validTo === null || entry.validTo >= date);
}

/** The directory of `date`: the agencies that existed that day. */
export function directoryAt<T extends DatedAgency>(directory: readonly T[], date: string): T[] {
  return directory.filter((agency) => validOn(agency, date));
}

/**
 * The agencies holding `code`'s work on `date`: the agency itself when it exists that day, else its
 * successors' holders, followed along the chain (a district → its wards; SKHDT → STC). A chain that
 * loops or ends nowhere yields nothing for that branch.
 */
export function successorsOn(directory: readonly DatedAgency[], code: string, date: string): string[] {
  const byCode = new Map(directory.map((agency) => [agency.code, agency]));
  const found: string[] = [];
  const visit = (current: string, seen: Set<string>) => {
    const agency = byCode.get(current);
    if (!agency || seen.has(current)) return;
    if (validOn(agency, date)) {
      if (!found.includes(current)) found.push(current);
      return;
    }
    const next = agency.successorCodes?.length ? agency.successorCodes : agency.successorCode ? [agency.successorCode] : [];
    const seenNow = new Set(seen).add(current);
    for (const successor of next) visit(successor, seenNow);
  };
  visit(code, new Set());
  return found;
}

/** The single agency that holds `code`'s work on `date` following primary successors, or null. */
export function primarySuccessorOn(directory: readonly DatedAgency[], code: string, date: string): string | null {
  const byCode = new Map(directory.map((agency) => [agency.code, agency]));
  const seen = new Set<string>();
  let current: string | null = code;
  while (current && !seen.has(current)) {
    const agency = byCode.get(current);
    if (!agency) return null;
    if (validOn(agency, date)) return current;
    seen.add(current);
    current = agency.successorCode;
  }
  return null;
}

/**
 * Every problem of `request` against the directory of its effective date, each naming its field
 * (`changes[2].successors[1]`); empty when the request can be applied.
 */
export function validateReorganization(request: unknown, directory: readonly DatedAgency[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return [{ path: 'body', message: 'phải là một đối tượng JSON' }];
  }
  const body = request as Record<string, unknown>;
  if (!isCalendarDate(body.effectiveDate)) problem('effectiveDate', 'phải là một ngày dạng YYYY-MM-DD');
  if (typeof body.title !== 'string' || body.title.trim() === '') problem('title', 'không được để trống');
  if (body.legalBasis !== undefined && typeof body.legalBasis !== 'string') problem('legalBasis', 'phải là chuỗi ký tự');
  if (!Array.isArray(body.changes) || body.changes.length === 0) {
    problem('changes', 'phải có ít nhất một thay đổi');
    return problems;
  }
  const date = isCalendarDate(body.effectiveDate) ? body.effectiveDate : null;
  const byCode = new Map(directory.map((agency) => [agency.code, agency]));
  // On the effective date's eve: what exists just before the change.
  const existsBefore = (code: string) => {
    const agency = byCode.get(code);
    return !!agency && (date === null || validOn(agency, addDays(date, -1)) || validOn(agency, date));
  };
  const changes = body.changes as unknown[];
  const created = new Map<string, number>();
  const ending = new Map<string, number>();
  const changedAt = new Map<string, number>();
  const markChanged = (code: string, index: number, path: string) => {
    const earlier = changedAt.get(code);
    if (earlier !== undefined && earlier !== index) problem(path, `cơ quan ${code} đã được thay đổi ở changes[${earlier}]`);
    else changedAt.set(code, index);
  };

  // First pass: shapes, creations, and what ends.
  changes.forEach((raw, index) => {
    const at = `changes[${index}]`;
    if (typeof raw !== 'object' || raw === null) return problem(at, 'phải là một đối tượng');
    const change = raw as Record<string, unknown>;
    switch (change.kind) {
      case 'create': {
        if (!isCode(change.code)) problem(`${at}.code`, 'mã cơ quan gồm chữ in hoa, chữ số và dấu gạch ngang');
        else if (byCode.has(change.code)) problem(`${at}.code`, `mã ${change.code} đã có trong danh mục`);
        else if (created.has(change.code)) problem(`${at}.code`, `mã ${change.code} đã được tạo ở changes[${created.get(change.code)}]`);
        else created.set(change.code, index);
        if (typeof change.name !== 'string' || change.name.trim() === '') problem(`${at}.name`, 'không được để trống');
        if (!AGENCY_KINDS.includes(change.agencyKind as AgencyKind)) problem(`${at}.agencyKind`, `phải là một trong ${AGENCY_KINDS.join(', ')}`);
        if (change.groups !== undefined) {
          if (!Array.isArray(change.groups)) problem(`${at}.groups`, 'phải là danh sách mã nhóm');
          else change.groups.forEach((group, g) => {
            if (!isCode(group)) problem(`${at}.groups[${g}]`, 'mã nhóm gồm chữ in hoa, chữ số và dấu gạch ngang');
          });
        }
        return;
      }
      case 'rename':
        if (!isCode(change.code) || !existsBefore(change.code)) problem(`${at}.code`, `không có cơ quan ${String(change.code)} trong danh mục`);
        else markChanged(change.code, index, `${at}.code`);
        if (typeof change.name !== 'string' || change.name.trim() === '') problem(`${at}.name`, 'không được để trống');
        return;
      case 'merge': {
        if (!Array.isArray(change.from) || change.from.length < 2) {
          problem(`${at}.from`, 'phải có ít nhất hai cơ quan');
          return;
        }
        change.from.forEach((code, f) => {
          if (!isCode(code) || !existsBefore(code)) return problem(`${at}.from[${f}]`, `không có cơ quan ${String(code)} trong danh mục`);
          markChanged(code, index, `${at}.from[${f}]`);
          if (code !== change.into) ending.set(code, index);
        });
        if (!isCode(change.into)) problem(`${at}.into`, 'phải là mã một cơ quan');
        return;
      }
      case 'abolish':
        if (!isCode(change.code) || !existsBefore(change.code)) problem(`${at}.code`, `không có cơ quan ${String(change.code)} trong danh mục`);
        else {
          markChanged(change.code, index, `${at}.code`);
          ending.set(change.code, index);
        }
        if (!Array.isArray(change.successors) || change.successors.length === 0) problem(`${at}.successors`, 'phải có ít nhất một cơ quan kế thừa');
        return;
      default:
        problem(`${at}.kind`, 'phải là create, rename, merge hoặc abolish');
    }
  });

  // Second pass: successors exist, do not end themselves, do not loop.
  const successorProblem = (code: unknown, self: string | undefined): string | null => {
    if (!isCode(code)) return 'phải là mã một cơ quan';
    if (code === self) return `cơ quan ${code} không thể kế thừa chính nó (vòng lặp)`;
    if (!created.has(code) && !existsBefore(code)) return `không có cơ quan ${code} trong danh mục`;
    if (ending.has(code)) return `cơ quan ${code} cũng bị giải thể hoặc hợp nhất ở changes[${ending.get(code)}]`;
    return null;
  };
  changes.forEach((raw, index) => {
    const at = `changes[${index}]`;
    const change = raw as Record<string, unknown> | null;
    if (!change) return;
    if (change.kind === 'merge' && Array.isArray(change.from) && change.from.length >= 2 && isCode(change.into)) {
      if (!change.from.includes(change.into) && !created.has(change.into)) {
        problem(`${at}.into`, 'phải là một trong các cơ quan hợp nhất hoặc một cơ quan được tạo trong cùng đợt');
      } else if (ending.has(change.into)) {
        problem(`${at}.into`, `cơ quan ${change.into} cũng bị giải thể hoặc hợp nhất ở changes[${ending.get(change.into)}]`);
      }
    }
    if (change.kind === 'abolish' && Array.isArray(change.successors)) {
      const self = isCode(change.code) ? change.code : undefined;
      change.successors.forEach((code, s) => {
        const why = successorProblem(code, self);
        if (why) problem(`${at}.successors[${s}]`, why);
      });
      if (change.openTasksTo !== OPEN_TASKS_TO_EACH && !change.successors.includes(change.openTasksTo)) {
        problem(`${at}.openTasksTo`, 'phải là một trong các cơ quan kế thừa hoặc "each"');
      }
    }
  });
  // In the order of the request: the problems of changes[0] first.
  const order = (path: string) => Number(/^changes\[(\d+)\]/.exec(path)?.[1] ?? -1);
  return problems.map((problem, index) => ({ problem, index })).sort((a, b) => order(a.problem.path) - order(b.problem.path) || a.index - b.index).map(({ problem }) => problem);
}

/** What `request` (valid against `directory`) does; see ReorganizationPlan. */
export function planReorganization(request: ReorganizationRequest, directory: readonly DatedAgency[], groups: readonly DatedGroup[] = []): ReorganizationPlan {
  const lastDayOfEnded = addDays(request.effectiveDate, -1);
  const plan: ReorganizationPlan = { created: [], renamed: [], ended: [], openTasksTo: {}, replacements: {}, groupsCreated: [], groupsEnded: [], lastDayOfEnded };
  const existingGroups = new Set(groups.filter((group) => group.validTo === null || group.validTo >= request.effectiveDate).map((group) => group.code));
  for (const change of request.changes) {
    switch (change.kind) {
      case 'create': {
        const memberOf = change.groups ?? [];
        plan.created.push({ code: change.code, name: change.name.trim(), kind: change.agencyKind, groups: memberOf });
        for (const group of memberOf) {
          if (!existingGroups.has(group) && !plan.groupsCreated.includes(group)) plan.groupsCreated.push(group);
        }
        break;
      }
      case 'rename':
        plan.renamed.push({ code: change.code, name: change.name.trim() });
        break;
      case 'merge':
        for (const code of change.from) {
          if (code === change.into) continue;
          plan.ended.push({ code, successorCode: change.into, successorCodes: [change.into] });
          plan.openTasksTo[code] = [change.into];
          plan.replacements[code] = change.into;
        }
        break;
      case 'abolish': {
        const primary = change.openTasksTo === OPEN_TASKS_TO_EACH ? change.successors[0] : change.openTasksTo;
        plan.ended.push({ code: change.code, successorCode: primary, successorCodes: [...change.successors] });
        plan.openTasksTo[change.code] = change.openTasksTo === OPEN_TASKS_TO_EACH ? [...change.successors] : [change.openTasksTo];
        plan.replacements[change.code] = primary;
        break;
      }
    }
  }
  const eve = directoryAt(directory, lastDayOfEnded);
  inheritGroupsOfMerged(request, plan, eve, existingGroups);
  inheritParentOfPredecessors(request, plan, eve);
  // A group whose every member on the eve ends with this reorganisation ends with them.
  const endedCodes = new Set(plan.ended.map((entry) => entry.code));
  const joined = Object.values(plan.joinedGroups ?? {}).flat();
  for (const group of existingGroups) {
    const members = eve.filter((agency) => agency.groups.includes(group));
    if (members.length > 0 && members.every((agency) => endedCodes.has(agency.code)) && !plan.created.some((c) => c.groups.includes(group)) && !joined.includes(group)) {
      plan.groupsEnded.push(group);
    }
  }
  return plan;
}

/** The agency a merge forms (or keeps) becomes a member of every group its merged agencies were in on the eve. */
function inheritGroupsOfMerged(request: ReorganizationRequest, plan: ReorganizationPlan, eve: readonly DatedAgency[], existingGroups: ReadonlySet<string>): void {
  const groupsOf = new Map(eve.map((agency) => [agency.code, agency.groups]));
  for (const change of request.changes) {
    if (change.kind !== 'merge') continue;
    const inherited = [...new Set(change.from.filter((code) => code !== change.into).flatMap((code) => groupsOf.get(code) ?? []))].filter((group) => existingGroups.has(group));
    const created = plan.created.find((entry) => entry.code === change.into);
    const already = created ? created.groups : (groupsOf.get(change.into) ?? []);
    const added = inherited.filter((group) => !already.includes(group));
    if (added.length === 0) continue;
    if (created) created.groups = [...created.groups, ...added];
    else plan.joinedGroups = { ...plan.joinedGroups, [change.into]: [...(plan.joinedGroups?.[change.into] ?? []), ...added] };
  }
}

/** A created agency answers to the body its predecessors answered to (a ward formed from a district: UBND-TP). */
function inheritParentOfPredecessors(request: ReorganizationRequest, plan: ReorganizationPlan, eve: readonly DatedAgency[]): void {
  const parentOf = new Map(eve.map((agency) => [agency.code, agency.parentCode ?? null]));
  const predecessors = new Map<string, string[]>();
  const add = (successor: string, predecessor: string) => predecessors.set(successor, [...(predecessors.get(successor) ?? []), predecessor]);
  for (const change of request.changes) {
    if (change.kind === 'merge') for (const code of change.from) if (code !== change.into) add(change.into, code);
    if (change.kind === 'abolish') for (const successor of change.successors) add(successor, change.code);
  }
  for (const created of plan.created) {
    const parents = new Set((predecessors.get(created.code) ?? []).map((code) => parentOf.get(code) ?? null));
    const [parent] = [...parents];
    if (parents.size === 1 && parent) created.parentCode = parent;
  }
}

/** The directory after `plan` (what `GET /api/agencies?at=` answers from). */
export function applyToDirectory(directory: readonly DatedAgency[], plan: ReorganizationPlan, effectiveDate: string): DatedAgency[] {
  const renamed = new Map(plan.renamed.map((entry) => [entry.code, entry.name]));
  const ended = new Map(plan.ended.map((entry) => [entry.code, entry]));
  const next = directory.map((agency) => {
    const end = ended.get(agency.code);
    return {
      ...agency,
      groups: [...agency.groups, ...(plan.joinedGroups?.[agency.code] ?? [])],
      name: renamed.get(agency.code) ?? agency.name,
      ...(end ? { validTo: plan.lastDayOfEnded, successorCode: end.successorCode, successorCodes: end.successorCodes } : {}),
    };
  });
  for (const agency of plan.created) {
    next.push({ code: agency.code, name: agency.name, kind: agency.kind, groups: agency.groups, parentCode: agency.parentCode ?? null, validFrom: effectiveDate, validTo: null, successorCode: null, successorCodes: [] });
  }
  return next;
}

/**
 * The warning of a plan whose agency was replaced: "SKHDT đã hợp nhất vào STC từ 01/3/2025" (merged), or
 * "UBND-BA-DINH đã giải thể từ 01/7/2025; thay bằng P-BA-DINH" (abolished). `since`: the effective date.
 */
export function replacementWarning(code: string, successors: readonly string[], since: string | null, kind: 'merge' | 'abolish' = 'merge'): string {
  const [year, month, day] = (since ?? '').split('-');
  const when = since ? ` từ ${day}/${Number(month)}/${year}` : '';
  return kind === 'merge' && successors.length === 1
    ? `${code} đã hợp nhất vào ${successors[0]}${when}`
    : `${code} đã giải thể${when}; thay bằng ${successors.join(', ')}`;
}

function isCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value);
}

/** An open task as a reorganisation sees it. */
export interface TaskHolders {
  leadAgency: string;
  coordinatingAgencies: readonly string[];
}

/**
 * Where a reorganisation moves one open task: its new lead and coordinating agencies, and with `openTasksTo:
 * "each"` the other successors that each get a task of their own (`fanOut`, in the change's order); null
 * when it does not touch the task.
 */
export interface TaskMove {
  agency: string;
  coordinatingAgencies: string[];
  fanOut?: string[];
}

/**
 * The task's holders after `plan`: an ended lead's work goes to its `openTasksTo` — with `each`, the first
 * successor takes this task and every other successor gets a task of its own, the parent (the plan task)
 * aggregating them as it does a group task's children; an ended coordinating agency is replaced by its
 * successor; a code appears once and the lead never coordinates its own task.
 */
export function taskMoveOf(plan: ReorganizationPlan, task: TaskHolders): TaskMove | null {
  const [lead, ...fanOut] = plan.openTasksTo[task.leadAgency] ?? [task.leadAgency];
  const coordinating: string[] = [];
  for (const code of task.coordinatingAgencies.map((code) => plan.replacements[code] ?? code)) {
    if (code !== lead && !coordinating.includes(code)) coordinating.push(code);
  }
  const same = lead === task.leadAgency && coordinating.length === task.coordinatingAgencies.length && coordinating.every((code, i) => code === task.coordinatingAgencies[i]);
  if (same) return null;
  return fanOut.length ? { agency: lead, coordinatingAgencies: coordinating, fanOut } : { agency: lead, coordinatingAgencies: coordinating };
}

/** Which of a round's `participants` a plan replaces, and by whom (the primary successor: see ReorganizationPlan.replacements). */
export function roundParticipantMovesOf(plan: ReorganizationPlan, participants: readonly string[]): { from: string; to: string }[] {
  return participants.filter((code) => plan.replacements[code] !== undefined).map((code) => ({ from: code, to: plan.replacements[code] }));
}

/** Every agency whose open work a plan moves (led or coordinated). */
export function agenciesLosingWork(plan: ReorganizationPlan): string[] {
  return [...new Set([...Object.keys(plan.openTasksTo), ...Object.keys(plan.replacements)])];
}
