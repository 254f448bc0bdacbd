import { Injectable } from '@nestjs/common';
import {
  MAX_OVERDUE_LIMIT,
  buildConsolidatedReport,
  type ConsolidatedReport,
  type ParticipantStatus,
  type PlanIndicatorAggregation,
  type PlanIndicatorTarget,
} from '@giaoviec/domain';
import { roundActualsSourceRef } from '@giaoviec/persistence';
import { renderReportDocx, renderReportXlsx } from '@giaoviec/reports';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    private readonly reads: ReportingRoundReadService,
    private readonly dashboard: DashboardService,
  ) {}

  async download(user: AuthUser, roundId: string, format: SummaryFormat): Promise<SummaryDownload> {
    const report = await this.build(user, roundId);
    if (format === 'json') return { format, report };
    const body = format === 'xlsx' ? await renderReportXlsx(report) : await renderReportDocx(report);
    return { format, contentType: SUMMARY_MEDIA_TYPES[format], fileName: summaryFileName(report.round.planCode, report.round.dueAt, format), body };
  }

  async build(user: AuthUser, roundId: string, now: Date = new Date()): Promise<ConsolidatedReport> {
    const round = await this.reads.findVisible(user, roundId);
    const [[plan], participants, indicators, actuals, overview] = await Promise.all([
      this.dataSource.query(
        `SELECT r.coordinator_agency AS "coordinatorCode", COALESCE(c.name, r.coordinator_agency) AS "coordinatorName",
                p.issuer AS "issuerCode", COALESCE(i.name, p.issuer) AS "issuerName"
         FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id
         LEFT JOIN agencies c ON c.code = r.coordinator_agency LEFT JOIN agencies i ON i.code = p.issuer
         WHERE r.id = $1`,
        [roundId],
      ) as Promise<{ coordinatorCode: string; coordinatorName: string; issuerCode: string; issuerName: string }[]>,
      // Each participant with its latest report version (an amendment supersedes, the earlier ones stay stored).
      this.dataSource.query(
        `SELECT rp.agency, COALESCE(a.name, rp.agency) AS "agencyName", rp.status, rp.submitted_at AS "submittedAt",
                latest.content, COALESCE(latest.indicator_actuals, '[]') AS "indicatorActuals"
         FROM reporting_round_participants rp
         LEFT JOIN agencies a ON a.code = rp.agency
         LEFT JOIN LATERAL (
           SELECT rr.content, rr.indicator_actuals FROM reporting_round_reports rr
           WHERE rr.round_id = rp.round_id AND rr.agency = rp.agency ORDER BY rr.version DESC LIMIT 1
         ) latest ON TRUE
         WHERE rp.round_id = $1 ORDER BY rp.position`,
        [roundId],
      ) as Promise<
        { agency: string; agencyName: string; status: ParticipantStatus; submittedAt: Date | null; content: string | null; indicatorActuals: { indicator: string; value: number }[] }[]
      >,
      this.dataSource.query(`SELECT code, name, unit, target, aggregation FROM plan_indicators WHERE plan_id = $1 ORDER BY position`, [round.planId]) as Promise<
        { code: string; name: string; unit: string; target: PlanIndicatorTarget; aggregation: PlanIndicatorAggregation }[]
      >,
      this.dataSource.query(
        `SELECT i.code AS indicator, a.agency, a.value, a.reported_at AS "reportedAt"
         FROM indicator_actuals a JOIN plan_indicators i ON i.id = a.indicator_id
         WHERE a.source_ref = $1 AND i.plan_id = $2`,
        [roundActualsSourceRef(roundId), round.planId],
      ) as Promise<{ indicator: string; agency: string; value: number; reportedAt: Date }[]>,
      this.dashboard.overview({ planId: round.planId, limit: MAX_OVERDUE_LIMIT }, now),
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
      compiledBy: { code: plan.coordinatorCode, name: plan.coordinatorName },
      sentTo: { code: plan.issuerCode, name: plan.issuerName },
      generatedAt: now.toISOString(),
      participants: participants.map((participant) => ({
        agency: participant.agency,
        agencyName: participant.agencyName,
        status: participant.status,
        submittedAt: participant.submittedAt?.toISOString() ?? null,
        content: participant.content,
        indicatorActuals: participant.indicatorActuals.map(({ indicator, value }) => ({ indicator, value: Number(value) })),
      })),
      taskStatistics: {
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
        workingDaysOverdue: task.workingDaysOverdue,
        escalationLevel: task.escalationLevel,
        escalatedTo: task.escalatedTo,
      })),
      indicators,
      actuals: actuals.map((actual) => ({ ...actual, value: Number(actual.value), reportedAt: actual.reportedAt.toISOString() })),
    });
  }
}
