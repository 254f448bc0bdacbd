import { Injectable } from '@nestjs/common';
import {
  indicatorsReportableBy,
  DomainError,
  PARTICIPANT_STATUSES,
  missingParticipants,
  type EscalationTarget,
  type ParticipantStatus,
  type ReportingRoundPolicy,
  type RoundStatus,
} from '@giaoviec/domain';
import { ReportingRoundStore } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RoundParticipantView {
  agency: string;
  agencyName: string;
  status: ParticipantStatus;
  submittedAt: string | null;
  lastReportedAt: string | null;
  /** 0 before any report; 2 and more after amendments. */
  reportVersion: number;
}

export interface RoundEventView {
  id: string;
  seq: number;
  type: string;
  at: string;
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export interface RoundReportView {
  agency: string;
  version: number;
  content: string;
  indicatorActuals: { indicator: string; value: number }[];
  attachments: { name: string; url?: string }[];
  submittedAt: string;
  submittedBy: Record<string, unknown>;
  late: boolean;
}

export interface ReportingRoundSummaryView {
  id: string;
  workflowId: string;
  planId: string;
  planCode: string;
  planTitle: string;
  kind: 'plan' | 'ad_hoc';
  title: string;
  dueAt: string;
  dueText: string;
  status: RoundStatus;
  escalationLevel: number;
  escalatedTo: EscalationTarget | null;
  coordinatorAgency: string;
  openedAt: string;
  closedAt: string | null;
  counts: Record<ParticipantStatus, number> & { total: number };
}

export interface ReportingRoundView extends ReportingRoundSummaryView {
  policy: ReportingRoundPolicy;
  openedBy: Record<string, unknown>;
  closedBy: Record<string, unknown> | null;
  participants: RoundParticipantView[];
  /** Participants that have not reported (pending before the deadline, late after it). */
  missing: { code: string; name: string }[];
  events: RoundEventView[];
  /** For a participant agency: its latest report version (null before its first). */
  ownReport?: RoundReportView | null;
  /** For an agency reader: the plan's indicators it is assigned to report actuals for. */
  reportableIndicators?: { code: string; name: string; unit: string }[];
}

interface RoundRow {
  id: string;
  workflow_id: string;
  plan_id: string;
  plan_code: string;
  plan_title: string;
  kind: 'plan' | 'ad_hoc';
  title: string;
  due_at: Date;
  due_text: string;
  status: RoundStatus;
  escalation_level: number;
  escalated_to: EscalationTarget | null;
  coordinator_agency: string;
  policy: ReportingRoundPolicy;
  opened_at: Date;
  opened_by: Record<string, unknown>;
  closed_at: Date | null;
  closed_by: Record<string, unknown> | null;
  counts: Record<ParticipantStatus, number> & { total: number };
}

const ROUND_COLUMNS = `
  r.id, r.workflow_id, r.plan_id, r.plan_code, p.title AS plan_title, r.kind, r.title, r.due_at, r.due_text, r.status,
  r.escalation_level, r.escalated_to, r.coordinator_agency, r.policy, r.opened_at, r.opened_by, r.closed_at, r.closed_by,
  (SELECT json_build_object('total', count(*),
            ${PARTICIPANT_STATUSES.map((status) => `'${status}', count(*) FILTER (WHERE rp.status = '${status}')`).join(', ')})
   FROM reporting_round_participants rp WHERE rp.round_id = r.id) AS counts`;

/**
 * Reporting rounds from PostgreSQL (the read model the round workflows keep current). Who sees a round:
 * the coordinator and the leadership; an agency only the rounds it takes part in — any other round is a
 * 404 to it, as if it did not exist.
 */
@Injectable()
export class ReportingRoundReadService {
  constructor(private readonly dataSource: DataSource) {}

  /** The round if `user` may see it, else 404. */
  async findVisible(user: AuthUser, id: string): Promise<ReportingRoundSummaryView & { participantCodes: string[] }> {
    const notFound = new DomainError('NOT_FOUND', 'Không tìm thấy đợt báo cáo.');
    if (!UUID.test(id)) throw notFound;
    const [row]: (RoundRow & { participant_codes: string[] })[] = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS},
              ARRAY(SELECT rp.agency FROM reporting_round_participants rp WHERE rp.round_id = r.id ORDER BY rp.position) AS participant_codes
       FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id WHERE r.id = $1`,
      [id],
    );
    if (!row) throw notFound;
    if (user.role === 'agency' && !row.participant_codes.includes(user.agency ?? '')) throw notFound;
    return { ...toSummary(row), participantCodes: row.participant_codes };
  }

  async getVisible(user: AuthUser, id: string): Promise<ReportingRoundView> {
    await this.findVisible(user, id);
    const [[row], participants, events] = await Promise.all([
      this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id WHERE r.id = $1`, [id]) as Promise<
        RoundRow[]
      >,
      this.dataSource.query(
        `SELECT rp.agency, COALESCE(a.name, rp.agency) AS "agencyName", rp.status, rp.submitted_at AS "submittedAt",
                rp.last_reported_at AS "lastReportedAt", rp.report_version AS "reportVersion"
         FROM reporting_round_participants rp LEFT JOIN agencies a ON a.code = rp.agency
         WHERE rp.round_id = $1 ORDER BY rp.position`,
        [id],
      ) as Promise<(Omit<RoundParticipantView, 'submittedAt' | 'lastReportedAt'> & { submittedAt: Date | null; lastReportedAt: Date | null })[]>,
      this.dataSource.query(
        `SELECT id::text, seq, type, at, actor, payload FROM reporting_round_events WHERE round_id = $1 ORDER BY seq`,
        [id],
      ) as Promise<(Omit<RoundEventView, 'at'> & { at: Date })[]>,
    ]);
    const participantViews = participants.map((participant) => ({
      ...participant,
      submittedAt: participant.submittedAt?.toISOString() ?? null,
      lastReportedAt: participant.lastReportedAt?.toISOString() ?? null,
    }));
    const view: ReportingRoundView = {
      ...toSummary(row),
      policy: row.policy,
      openedBy: row.opened_by,
      closedBy: row.closed_by,
      participants: participantViews,
      missing: missingParticipants(participantViews).map((participant) => ({ code: participant.agency, name: participant.agencyName })),
      events: events.map((event) => ({ ...event, at: event.at.toISOString() })),
    };
    if (user.role === 'agency') {
      view.ownReport = (await this.reportVersions(id, user.agency)).at(-1) ?? null;
      view.reportableIndicators = await this.reportableIndicators(row.plan_id, user.agency!);
    }
    return view;
  }

  private async reportableIndicators(planId: string, agency: string): Promise<{ code: string; name: string; unit: string }[]> {
    const plan = await new ReportingRoundStore(this.dataSource).planContext(planId);
    const codes = plan ? indicatorsReportableBy(agency, plan.indicators, plan.groups) : [];
    if (codes.length === 0) return [];
    return this.dataSource.query(`SELECT code, name, unit FROM plan_indicators WHERE plan_id = $1 AND code = ANY($2) ORDER BY position`, [
      planId,
      codes,
    ]);
  }

  /** Rounds of a plan (coordinator, leader), latest deadline first. */
  async listForPlan(planId: string, page: { page: number; limit: number }): Promise<{ items: ReportingRoundSummaryView[]; total: number }> {
    const [plan] = UUID.test(planId) ? await this.dataSource.query(`SELECT 1 FROM plans WHERE id = $1`, [planId]) : [];
    if (!plan) throw new DomainError('NOT_FOUND', 'Không tìm thấy kế hoạch.');
    const rows: (RoundRow & { total: number })[] = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS}, count(*) OVER ()::int AS total FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id WHERE r.plan_id = $1
       ORDER BY r.due_at DESC, r.opened_at DESC LIMIT $2 OFFSET $3`,
      [planId, page.limit, (page.page - 1) * page.limit],
    );
    return { items: rows.map(toSummary), total: rows[0]?.total ?? 0 };
  }

  /** Every round `user` may see: all for the coordinator and the leadership, its own for an agency. */
  async listVisible(user: AuthUser, page: { page: number; limit: number }): Promise<{ items: ReportingRoundSummaryView[]; total: number }> {
    const own = user.role === 'agency';
    const rows: (RoundRow & { total: number })[] = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS}, count(*) OVER ()::int AS total FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id
       WHERE ($3::text IS NULL OR EXISTS (SELECT 1 FROM reporting_round_participants x WHERE x.round_id = r.id AND x.agency = $3))
       ORDER BY r.due_at DESC, r.opened_at DESC LIMIT $1 OFFSET $2`,
      [page.limit, (page.page - 1) * page.limit, own ? user.agency : null],
    );
    return { items: rows.map(toSummary), total: rows[0]?.total ?? 0 };
  }

  /**
   * Every version of the reports of a round, oldest first per agency (nothing submitted is ever dropped):
   * an agency sees only its own; the coordinator and the leadership everyone's, or one agency's.
   */
  async reports(user: AuthUser, roundId: string, agency?: string): Promise<RoundReportView[]> {
    await this.findVisible(user, roundId);
    return this.reportVersions(roundId, user.role === 'agency' ? user.agency : agency);
  }

  private async reportVersions(roundId: string, only: string | undefined): Promise<RoundReportView[]> {
    const rows: (Omit<RoundReportView, 'submittedAt'> & { submittedAt: Date })[] = await this.dataSource.query(
      `SELECT rr.agency, rr.version, rr.content, rr.indicator_actuals AS "indicatorActuals", rr.attachments,
              rr.submitted_at AS "submittedAt", rr.submitted_by AS "submittedBy", rr.late
       FROM reporting_round_reports rr LEFT JOIN reporting_round_participants rp ON rp.round_id = rr.round_id AND rp.agency = rr.agency
       WHERE rr.round_id = $1 ${only ? 'AND rr.agency = $2' : ''}
       ORDER BY rp.position, rr.version`,
      only ? [roundId, only] : [roundId],
    );
    return rows.map((row) => ({ ...row, submittedAt: row.submittedAt.toISOString() }));
  }
}

function toSummary(row: RoundRow): ReportingRoundSummaryView {
  return {
    id: row.id,
    workflowId: row.workflow_id,
    planId: row.plan_id,
    planCode: row.plan_code,
    planTitle: row.plan_title,
    kind: row.kind,
    title: row.title,
    dueAt: row.due_at.toISOString(),
    dueText: row.due_text,
    status: row.status,
    escalationLevel: row.escalation_level,
    escalatedTo: row.escalated_to,
    coordinatorAgency: row.coordinator_agency,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    counts: row.counts,
  };
}
