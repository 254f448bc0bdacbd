import type { PlanIndicatorAggregation, PlanIndicatorTarget } from './schema';

/** One reported value of an indicator (from an agency's round report). */
export interface IndicatorActualReport {
  agency: string;
  value: number;
  /** ISO 8601 instant of the report. */
  reportedAt: string;
}

/**
 * The indicator's actual so far, or null before any report. Agencies report their own running figure
 * in each round, so only each agency's latest report counts (a second round does not double a sum):
 * - `sum`: the sum over agencies of their latest value (e.g. new HTX founded in each district);
 * - `average`: the mean of those latest values (e.g. a percentage every district reports);
 * - `latest`: the most recent value reported by anyone (a city-wide figure).
 */
export function aggregateIndicatorActual(
  aggregation: PlanIndicatorAggregation,
  reports: readonly IndicatorActualReport[],
): number | null {
  if (reports.length === 0) return null;
  const byTime = [...reports].sort((a, b) => Date.parse(a.reportedAt) - Date.parse(b.reportedAt));
  if (aggregation === 'latest') return byTime[byTime.length - 1].value;
  const latestPerAgency = new Map<string, number>();
  for (const report of byTime) latestPerAgency.set(report.agency, report.value);
  const values = [...latestPerAgency.values()];
  const sum = values.reduce((total, value) => total + value, 0);
  return aggregation === 'sum' ? sum : sum / values.length;
}

/** `no_data` before any actual; `exceeded` is met and beyond the upper bound of a range or growth target. */
export type IndicatorAssessment = 'no_data' | 'not_met' | 'met' | 'exceeded';

const EPSILON = 1e-9;

/** "khoảng N" is met within ±5 % of N unless the plan file says otherwise. */
export const DEFAULT_APPROX_TOLERANCE_PERCENT = 5;

/** The bounds within which an `approx` target is met. */
export function approxTargetBounds(target: { value: number; tolerancePercent?: number }): { min: number; max: number } {
  const margin = Math.abs(target.value) * ((target.tolerancePercent ?? DEFAULT_APPROX_TOLERANCE_PERCENT) / 100);
  return { min: target.value - margin, max: target.value + margin };
}

/**
 * Whether an actual meets its target. A range or growth target ("65–70 %", "10–12 %") is met from its
 * lower bound on — Vietnamese reports call a result above the range "vượt" (exceeded), not a miss; a
 * ceiling (`at_most`) is met at or below it; `greater_than` ("trên N") strictly above and `less_than` ("dưới N") strictly
 * below; `exact` within rounding; `approx` ("khoảng N") within its tolerance, beyond it "exceeded" like a range.
 */
export function assessIndicator(target: PlanIndicatorTarget, actual: number | null): { met: boolean | null; assessment: IndicatorAssessment } {
  if (actual === null || !Number.isFinite(actual)) return { met: null, assessment: 'no_data' };
  const result = (met: boolean, exceeded = false) => ({ met, assessment: (met ? (exceeded ? 'exceeded' : 'met') : 'not_met') as IndicatorAssessment });
  switch (target.kind) {
    case 'at_least':
      return result(actual >= target.value - EPSILON, actual > target.value + EPSILON);
    case 'at_most':
      return result(actual <= target.value + EPSILON);
    case 'exact':
      return result(Math.abs(actual - target.value) <= EPSILON);
    case 'greater_than':
      return result(actual > target.value + EPSILON);
    case 'less_than':
      return result(actual < target.value - EPSILON);
    case 'approx': {
      const { min, max } = approxTargetBounds(target);
      return result(actual >= min - EPSILON, actual > max + EPSILON);
    }
    case 'range':
      return result(actual >= target.min - EPSILON, actual > target.max + EPSILON);
    case 'growth':
      return result(actual >= target.min - EPSILON, target.max !== undefined && actual > target.max + EPSILON);
  }
}

/** The target in words, as the document states it (e.g. "65–70 %", "≥ 100 HTX"). */
export function describeIndicatorTarget(target: PlanIndicatorTarget, unit: string): string {
  const n = (value: number) => value.toLocaleString('vi-VN');
  const withUnit = (text: string) => (unit === '%' ? `${text}%` : `${text} ${unit}`);
  switch (target.kind) {
    case 'at_least':
      return `≥ ${withUnit(n(target.value))}`;
    case 'at_most':
      return `≤ ${withUnit(n(target.value))}`;
    case 'exact':
      return withUnit(n(target.value));
    case 'greater_than':
      return `> ${withUnit(n(target.value))}`;
    case 'less_than':
      return `< ${withUnit(n(target.value))}`;
    case 'approx':
      return `khoảng ${withUnit(n(target.value))} (±${n(target.tolerancePercent ?? DEFAULT_APPROX_TOLERANCE_PERCENT)}%)`;
    case 'range':
      return withUnit(`${n(target.min)}–${n(target.max)}`);
    case 'growth':
      return `tăng ${withUnit(target.max !== undefined ? `${n(target.min)}–${n(target.max)}` : `≥ ${n(target.min)}`)}`;
  }
}
