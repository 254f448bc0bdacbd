import type { ErrorDetail } from '../errors';
import { expandAgencyCodes } from '../plan/issue';

/**
 * Who reports in a round when the coordinator does not list them (issue 5, section IV.2 of Hanoi's plan):
 * every lead agency of the plan's tasks after fan-out (each district committee of a DISTRICTS task), then
 * every agency that reports an indicator actual, then whoever the plan's reporting section names — groups
 * expanded, in that order, each agency once.
 */
export function defaultRoundParticipants(input: {
  /** Per plan task in plan order: the agencies that each got a task (groups already expanded at import). */
  taskAssignees: readonly (readonly string[])[];
  /** Lead agencies of the issued tasks now (a reassigned task has a new lead). */
  currentLeads?: readonly string[];
  /** Per indicator: its reporters as written (agency or group codes). */
  indicatorReporters: readonly (readonly string[])[];
  /** The plan's `reporting.participants` as written, if any. */
  reportingParticipants?: readonly string[] | null;
  groups: ReadonlyMap<string, readonly string[]>;
}): string[] {
  return expandAgencyCodes(
    [
      ...input.taskAssignees.flat(),
      ...(input.currentLeads ?? []),
      ...input.indicatorReporters.flat(),
      ...(input.reportingParticipants ?? []),
    ],
    input.groups,
  );
}

/** A plan indicator as far as reporting its actual is concerned. */
export interface ReportableIndicator {
  code: string;
  /** As written: agency or group codes. */
  reporters: readonly string[];
}

export interface IndicatorActualInput {
  indicator: string;
  value: number;
}

/**
 * Every problem of an agency's indicator actuals (400 naming `indicatorActuals[i].indicator` or `.value`):
 * the indicator must be one of the plan's, the agency one of its reporters (groups expanded), each
 * indicator at most once per report, the value a finite number.
 */
export function validateIndicatorActuals(
  actuals: readonly IndicatorActualInput[],
  context: {
    agency: string;
    indicators: readonly ReportableIndicator[];
    groups: ReadonlyMap<string, readonly string[]>;
    /** The former participants the agency took over in a reorganisation (issue 11): their indicators are its own now. */
    predecessors?: readonly string[];
  },
  prefix = 'indicatorActuals',
): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const byCode = new Map(context.indicators.map((indicator) => [indicator.code, indicator]));
  const seen = new Map<string, number>();
  actuals.forEach((actual, index) => {
    const path = `${prefix}[${index}]`;
    const indicator = byCode.get(actual.indicator);
    if (!indicator) {
      issues.push({ path: `${path}.indicator`, message: `kế hoạch không có chỉ tiêu mã "${actual.indicator}"` });
    } else if (!reportsFor(indicator, context.agency, context.groups, context.predecessors)) {
      issues.push({ path: `${path}.indicator`, message: `cơ quan ${context.agency} không được giao báo cáo chỉ tiêu "${actual.indicator}"` });
    } else if (seen.has(actual.indicator)) {
      issues.push({ path: `${path}.indicator`, message: `chỉ tiêu "${actual.indicator}" đã có ở indicatorActuals[${seen.get(actual.indicator)}]` });
    }
    if (!seen.has(actual.indicator)) seen.set(actual.indicator, index);
    if (typeof actual.value !== 'number' || !Number.isFinite(actual.value)) {
      issues.push({ path: `${path}.value`, message: 'phải là một số' });
    }
  });
  return issues;
}

/** The indicators `agency` may report an actual for (groups expanded), in plan order. */
export function indicatorsReportableBy(
  agency: string,
  indicators: readonly ReportableIndicator[],
  groups: ReadonlyMap<string, readonly string[]>,
  predecessors: readonly string[] = [],
): string[] {
  return indicators.filter((indicator) => reportsFor(indicator, agency, groups, predecessors)).map((indicator) => indicator.code);
}

/** Whether `agency` — or an agency it succeeded in the round — is one of the indicator's reporters (groups expanded). */
function reportsFor(indicator: ReportableIndicator, agency: string, groups: ReadonlyMap<string, readonly string[]>, predecessors: readonly string[] = []): boolean {
  const reporters = expandAgencyCodes(indicator.reporters, groups);
  return [agency, ...predecessors].some((code) => reporters.includes(code));
}
