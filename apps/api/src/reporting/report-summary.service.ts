import { Injectable } from '@nestjs/common';
import {
  MAX_OVERDUE_LIMIT,
  buildConsolidatedReport,
  localDateOfInstant,
  type ConsolidatedReport,
} from '@giaoviec/domain';
import { PlanStore, ReportingRoundStore, roundActualsSourceRef } from '@giaoviec/persistence';
import { renderReportDocx, renderReportXlsx } from '@giaoviec/reports';
import type { AuthUser } from '../auth/auth.types';
import { DashboardService } from '../dashboard/dashboard.service';
import type { SummaryFormat } from './dto/reporting-round.dto';
import { ReportingRoundReadService } from './reporting-round-read.service';
import { SUMMARY_MEDIA_TYPES, summaryFileName } from './summary-format';

/** A rendering ready to send: JSON as an object, .xlsx and .docx as bytes with their file name. */
export type SummaryDownload =
  | { format: 'json'; report: ConsolidatedReport }
  | { format: 'xlsx' | 'docx'; contentType: string; fileName: string; body: Buffer };

/**
 * The consolidated report of a round (`GET /api/reporting-rounds/:id/summary`), read from PostgreSQL only:
 * each participant's status and latest report, the plan's task statistics in the four categories per
 * agency and its overdue tasks (the dashboard's own counting), and every indicator against its target
 * with the actuals this round collected. One `ConsolidatedReport` is rendered as JSON, .xlsx or .docx.
 */
@Injectable()
export class ReportSummaryService {
  constructor(
    private readonly rounds: ReportingRoundStore,
    private readonly plans: PlanStore,
    private readonly reads: ReportingRoundReadService,
    private readonly dashboard: DashboardService,
  ) {}

  async download(user: AuthUser, roundId: string, format: SummaryFormat, asOf?: string): Promise<SummaryDownload> {
    const report = await this.build(user, roundId, new Date(), asOf);
    if (format === 'json') return { format, report };
    const body = format === 'xlsx' ? await renderReportXlsx(report) : await renderReportDocx(report);
    return { format, contentType: SUMMARY_MEDIA_TYPES[format], fileName: summaryFileName(report.round.planCode, report.round.dueAt, format), body };
  }

  /** `asOf`: the task statistics count under the agencies of that day (see DashboardService.overview). */
  async build(user: AuthUser, roundId: string, now: Date = new Date(), asOf?: string): Promise<ConsolidatedReport> {
    const round = await this.reads.findVisible(user, roundId);
    const [parties, participants, indicators, actuals, overview] = await Promise.all([
      this.rounds.reportParties(roundId, localDateOfInstant(now.getTime())),
      this.rounds.latestReports(roundId),
      this.plans.indicators(round.planId),
      this.plans.actuals(round.planId, roundActualsSourceRef(roundId)),
      this.dashboard.overview({ planId: round.planId, limit: MAX_OVERDUE_LIMIT, asOf }, now),
    ]);
    return buildConsolidatedReport({
      round: {
        id: round.id,
        planId: round.planId,
        planCode: round.planCode,
        planTitle: round.planTitle,
        dueAt: round.dueAt,
        dueText: round.dueText,
        status: round.status,
        escalationLevel: round.escalationLevel,
        escalatedTo: round.escalatedTo,
        closedAt: round.closedAt,
      },
      ...parties!,
      generatedAt: now.toISOString(),
      participants,
      taskStatistics: {
        ...(asOf ? { agenciesAsOf: asOf } : {}),
        total: overview.total,
        byCategory: overview.byCategory,
        byAgency: overview.byAgency.map((agency) => ({
          agency: agency.agency,
          agencyName: agency.agencyName ?? agency.agency,
          total: agency.total,
          byCategory: agency.byCategory,
        })),
      },
      overdueTasks: overview.overdue.items.map((task) => ({
        taskId: task.taskId,
        title: task.title,
        agency: task.agency,
        agencyName: task.agencyName ?? task.agency,
        dueAt: task.dueAt,
        dueAssumed: task.dueAssumed === true,
        workingDaysOverdue: task.workingDaysOverdue,
        escalationLevel: task.escalationLevel,
        escalatedTo: task.escalatedTo,
      })),
      indicators: indicators.map(({ code, name, unit, target, aggregation }) => ({ code, name, unit, target, aggregation })),
      actuals: actuals.map(({ indicator, agency, value, reportedAt }) => ({ indicator, agency, value, reportedAt })),
    });
  }
}
