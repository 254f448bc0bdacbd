import { aggregateIndicatorActual, assessIndicator, describeIndicatorTarget } from '../plan/indicators';
import type { PlanIndicatorAggregation, PlanIndicatorTarget } from '../plan/schema';
import type { ConsolidatedReport } from './consolidated-report';
import { missingParticipants } from './round';

/** What the consolidated report is assembled from: read from PostgreSQL by the API, nothing computed yet. */
export interface ConsolidatedReportInput extends Omit<ConsolidatedReport, 'missing' | 'indicators'> {
  indicators: { code: string; name: string; unit: string; target: PlanIndicatorTarget; aggregation: PlanIndicatorAggregation }[];
  /** The actuals this round collected: one per agency and indicator (an amendment replaced the earlier value). */
  actuals: { indicator: string; agency: string; value: number; reportedAt: string }[];
}

/**
 * The consolidated report of a round: the missing agencies are those that have not reported (pending or
 * late, in round order), and each indicator's actual aggregates this round's reports as the plan says
 * (`aggregateIndicatorActual`: sum, average or latest), with whether it meets its target.
 */
export function buildConsolidatedReport(input: ConsolidatedReportInput): ConsolidatedReport {
  const { indicators, actuals, ...rest } = input;
  return {
    ...rest,
    missing: missingParticipants(input.participants).map((participant) => ({ code: participant.agency, name: participant.agencyName })),
    indicators: indicators.map((indicator) => {
      const reports = actuals.filter((actual) => actual.indicator === indicator.code);
      const actual = aggregateIndicatorActual(indicator.aggregation, reports);
      return {
        code: indicator.code,
        name: indicator.name,
        unit: indicator.unit,
        targetText: describeIndicatorTarget(indicator.target, indicator.unit),
        aggregation: indicator.aggregation,
        actual,
        met: assessIndicator(indicator.target, actual).met,
        reports: new Set(reports.map((report) => report.agency)).size,
      };
    }),
  };
}
