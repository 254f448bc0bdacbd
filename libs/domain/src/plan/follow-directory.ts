import {
  primarySuccessorOn,
  replacementWarning,
  successorsOn,
  validOn,
  type DatedAgency,
  type DatedGroup,
} from '../agency/reorganization';
import { addDays } from '../calendar/local-date';
import type { PlanWarning } from './consistency';
import type { PlanFile } from './schema';

/** The dated directory a plan follows: every agency row (ended ones with their successors) and every group with its dates. */
export interface DatedPlanDirectory {
  agencies: readonly DatedAgency[];
  groups: readonly DatedGroup[];
}

/**
 * The day a plan's codes are resolved on: the day its work starts (its issue date, else 1 January of its
 * year), but never before `today` — its tasks are assigned when it is issued, to the agencies of then.
 */
export function planDirectoryDate(plan: Pick<PlanFile, 'year' | 'issuedDate'>, today: string): string {
  const start = plan.issuedDate ?? `${String(plan.year).padStart(4, '0')}-01-01`;
  return start > today ? start : today;
}

/**
 * The plan with every agency or group of the directory that no longer exists on `date` replaced by the one
 * that holds its work that day, and one warning per replacement naming the field ("SKHDT đã hợp nhất vào
 * STC từ 01/3/2025"). A field naming one agency (issuer, recipient, lead agency) takes the primary
 * successor — where open tasks went; a list (coordinating agencies, participants, reporters, group members)
 * takes every successor. An ended group becomes the group its members' successors form (`DISTRICTS` →
 * `COMMUNES`). Codes the plan declares itself and codes the directory does not know are left for
 * `validatePlanReferences`. Pure: the input is not modified.
 */
export function followDirectory(plan: PlanFile, directory: DatedPlanDirectory, date: string): { plan: PlanFile; warnings: PlanWarning[] } {
  const copy = JSON.parse(JSON.stringify(plan)) as PlanFile;
  const warnings: PlanWarning[] = [];
  const agencies = new Map(directory.agencies.map((agency) => [agency.code, agency]));
  const groups = new Map(directory.groups.map((group) => [group.code, group]));
  const declaredAgencies = new Set((plan.agencies ?? []).map((agency) => agency.code));
  const declaredGroups = new Set((plan.groups ?? []).map((group) => group.code));

  /** The codes replacing `code` (with the warning), or null when it stays. */
  const replace = (code: string, path: string, single: boolean): string[] | null => {
    const agency = agencies.get(code);
    if (agency && !declaredAgencies.has(code) && !validOn(agency, date)) {
      const primary = primarySuccessorOn(directory.agencies, code, date);
      const holders = single ? (primary ? [primary] : []) : successorsOn(directory.agencies, code, date);
      if (holders.length === 0) return null;
      warnings.push({ path, message: agencyWarning(agency, holders) });
      return holders;
    }
    const group = groups.get(code);
    if (group && !agency && !declaredGroups.has(code) && !validOn(group, date)) {
      const successor = successorGroup(group, directory, date);
      if (!successor) return null;
      warnings.push({ path, message: `Nhóm ${code} đã kết thúc${since(group)}; thay bằng nhóm ${successor}` });
      return [successor];
    }
    return null;
  };
  const one = (code: string, path: string) => replace(code, path, true)?.[0] ?? code;
  const many = (codes: readonly string[], path: string) => {
    const next: string[] = [];
    codes.forEach((code, i) => {
      for (const replaced of replace(code, `${path}[${i}]`, false) ?? [code]) if (!next.includes(replaced)) next.push(replaced);
    });
    return next;
  };

  copy.issuer = one(copy.issuer, 'issuer');
  (copy.agencies ?? []).forEach((agency, i) => {
    if (agency.parentCode !== undefined) agency.parentCode = one(agency.parentCode, `agencies[${i}].parentCode`);
  });
  (copy.groups ?? []).forEach((group, i) => {
    group.members = many(group.members, `groups[${i}].members`);
  });
  if (copy.reporting) {
    copy.reporting.recipient = one(copy.reporting.recipient, 'reporting.recipient');
    if (copy.reporting.participants) copy.reporting.participants = many(copy.reporting.participants, 'reporting.participants');
  }
  copy.tasks.forEach((task, i) => {
    const writtenLead = task.leadAgency;
    task.leadAgency = one(writtenLead, `tasks[${i}].leadAgency`);
    const written = task.coordinatingAgencies;
    if (written) {
      // A replacement does not make the lead coordinate its own task (a merge of the two, a district's wards).
      const keptAsWritten = (code: string) => writtenLead === task.leadAgency && written.includes(code);
      task.coordinatingAgencies = many(written, `tasks[${i}].coordinatingAgencies`).filter((code) => code !== task.leadAgency || keptAsWritten(code));
    }
  });
  copy.indicators.forEach((indicator, i) => {
    indicator.reporters = many(indicator.reporters, `indicators[${i}].reporters`);
  });
  return { plan: copy, warnings };
}

function since(entry: { validTo: string | null }): string {
  if (!entry.validTo) return '';
  const [year, month, day] = addDays(entry.validTo, 1).split('-');
  return ` từ ${day}/${Number(month)}/${year}`;
}

/** "SKHDT đã hợp nhất vào STC từ 01/3/2025"; an agency with several successors was abolished (a district into its wards). */
function agencyWarning(agency: DatedAgency, holders: readonly string[]): string {
  const successors = agency.successorCodes?.length ? agency.successorCodes : agency.successorCode ? [agency.successorCode] : [];
  const effective = agency.validTo ? addDays(agency.validTo, 1) : null;
  return replacementWarning(agency.code, holders, effective, successors.length > 1 ? 'abolish' : 'merge');
}

/**
 * The group that takes over an ended group on `date`: among the groups of that day, the one with the most
 * members that hold the ended group's members' work (DISTRICTS → COMMUNES: the wards formed from the
 * districts); null when no group of that day holds any of it.
 */
function successorGroup(group: DatedGroup, directory: DatedPlanDirectory, date: string): string | null {
  const lastDay = group.validTo ?? date;
  const formerMembers = directory.agencies.filter((agency) => agency.groups.includes(group.code) && validOn(agency, lastDay));
  const holders = new Set(formerMembers.flatMap((agency) => successorsOn(directory.agencies, agency.code, date)));
  let best: { code: string; overlap: number } | null = null;
  for (const candidate of directory.groups) {
    if (candidate.code === group.code || !validOn(candidate, date)) continue;
    const overlap = directory.agencies.filter((agency) => agency.groups.includes(candidate.code) && holders.has(agency.code) && validOn(agency, date)).length;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { code: candidate.code, overlap };
  }
  return best?.code ?? null;
}
