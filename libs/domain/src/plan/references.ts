import type { PlanIssue } from './parse';
import type { PlanFile } from './schema';

/** What a plan's codes are checked against: the agency directory (codes) and its groups (code → member codes). */
export interface PlanDirectory {
  agencies: ReadonlySet<string> | readonly string[];
  groups: Readonly<Record<string, readonly string[]>>;
}

/** The agency and group codes a plan can use: the directory's plus those the plan declares itself. */
export function knownPlanCodes(
  plan: Pick<PlanFile, 'agencies' | 'groups'>,
  directory: PlanDirectory,
): { agencies: Set<string>; groups: Map<string, readonly string[]> } {
  const agencies = new Set<string>(directory.agencies);
  for (const agency of plan.agencies ?? []) agencies.add(agency.code);
  const groups = new Map<string, readonly string[]>(Object.entries(directory.groups));
  for (const group of plan.groups ?? []) groups.set(group.code, group.members);
  return { agencies, groups };
}

/**
 * Cross-reference checks of a schema-valid plan: agency and group codes exist (in the directory or declared
 * by the plan), task refs and indicator codes are unique, every task's section is declared, `due: reporting`
 * has a reporting deadline to refer to. Returns [] when all is well.
 */
export function validatePlanReferences(plan: PlanFile, directory: PlanDirectory): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const { agencies, groups } = knownPlanCodes(plan, directory);
  const isAgency = (code: string) => agencies.has(code);
  const isAgencyOrGroup = (code: string) => agencies.has(code) || groups.has(code);
  const unknown = (code: string) => `unknown agency "${code}"`;

  // Declared agencies and groups.
  const firstAgency = new Map<string, number>();
  (plan.agencies ?? []).forEach((agency, i) => {
    const previous = firstAgency.get(agency.code);
    if (previous !== undefined) {
      issues.push({ path: `agencies[${i}].code`, message: `duplicate agency code "${agency.code}" (first at agencies[${previous}])` });
    } else firstAgency.set(agency.code, i);
    if (agency.parentCode !== undefined && !isAgency(agency.parentCode)) {
      issues.push({ path: `agencies[${i}].parentCode`, message: unknown(agency.parentCode) });
    }
  });
  const firstGroup = new Map<string, number>();
  (plan.groups ?? []).forEach((group, i) => {
    const previous = firstGroup.get(group.code);
    if (previous !== undefined) {
      issues.push({ path: `groups[${i}].code`, message: `duplicate group code "${group.code}" (first at groups[${previous}])` });
    } else firstGroup.set(group.code, i);
    if (agencies.has(group.code)) {
      issues.push({ path: `groups[${i}].code`, message: `group code "${group.code}" is already an agency code` });
    }
    const seen = new Set<string>();
    group.members.forEach((member, j) => {
      if (seen.has(member)) {
        issues.push({ path: `groups[${i}].members[${j}]`, message: `duplicate member "${member}"` });
      }
      seen.add(member);
      if (!isAgency(member)) {
        issues.push({
          path: `groups[${i}].members[${j}]`,
          message: groups.has(member) ? `"${member}" is a group; members must be agencies` : unknown(member),
        });
      }
    });
  });

  if (!isAgency(plan.issuer)) issues.push({ path: 'issuer', message: unknown(plan.issuer) });

  if (plan.reporting) {
    if (!isAgency(plan.reporting.recipient)) {
      issues.push({ path: 'reporting.recipient', message: unknown(plan.reporting.recipient) });
    }
    (plan.reporting.participants ?? []).forEach((code, i) => {
      if (!isAgencyOrGroup(code)) issues.push({ path: `reporting.participants[${i}]`, message: unknown(code) });
    });
  }

  // Sections.
  const sectionRefs = new Map<string, number>();
  plan.sections.forEach((section, i) => {
    const previous = sectionRefs.get(section.ref);
    if (previous !== undefined) {
      issues.push({ path: `sections[${i}].ref`, message: `duplicate section ref "${section.ref}" (first at sections[${previous}])` });
    } else sectionRefs.set(section.ref, i);
  });

  // Tasks.
  const taskRefs = new Map<string, number>();
  plan.tasks.forEach((task, i) => {
    const previous = taskRefs.get(task.ref);
    if (previous !== undefined) {
      issues.push({ path: `tasks[${i}].ref`, message: `duplicate task ref "${task.ref}" (first at tasks[${previous}])` });
    } else taskRefs.set(task.ref, i);
    if (!sectionRefs.has(task.section)) {
      issues.push({ path: `tasks[${i}].section`, message: `unknown section "${task.section}"` });
    }
    if (!isAgencyOrGroup(task.leadAgency)) {
      issues.push({ path: `tasks[${i}].leadAgency`, message: unknown(task.leadAgency) });
    }
    (task.coordinatingAgencies ?? []).forEach((code, j) => {
      if (!isAgencyOrGroup(code)) issues.push({ path: `tasks[${i}].coordinatingAgencies[${j}]`, message: unknown(code) });
    });
    if (task.due === 'reporting' && !plan.reporting) {
      issues.push({ path: `tasks[${i}].due`, message: 'due is "reporting" but the plan has no reporting deadline' });
    }
  });

  // Indicators.
  const indicatorCodes = new Map<string, number>();
  plan.indicators.forEach((indicator, i) => {
    const previous = indicatorCodes.get(indicator.code);
    if (previous !== undefined) {
      issues.push({ path: `indicators[${i}].code`, message: `duplicate indicator code "${indicator.code}" (first at indicators[${previous}])` });
    } else indicatorCodes.set(indicator.code, i);
    indicator.reporters.forEach((code, j) => {
      if (!isAgencyOrGroup(code)) issues.push({ path: `indicators[${i}].reporters[${j}]`, message: unknown(code) });
    });
  });

  return issues;
}
