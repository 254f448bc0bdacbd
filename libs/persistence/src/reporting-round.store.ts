import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type {
  NotificationDraft,
  PlanReportingRoundSource,
  ReportingRoundProjection,
  RoundEventRecord,
  RoundReportRecord,
} from '../../contracts/src';
import { localDateOfInstant } from '../../domain/src/calendar/local-date';
import { planGroups, type PlanDeadlineRule, type PlanFile, type PlanReportingSchedule } from '../../domain/src/plan';
import type { PlanReportingScheduleSource } from '../../contracts/src/reporting-schedule.contract';
import type { EscalationTarget } from '../../domain/src/policy';
import {
  PARTICIPANT_STATUSES,
  defaultRoundParticipants,
  type ConsolidatedReport,
  describePlanReportingDue,
  reportCompilerOn,
  type ParticipantStatus,
  type ReportableIndicator,
  type ReportingRoundPolicy,
  type RoundStatus,
} from '../../domain/src/reporting';
import { AgencyRepository } from './agency.repository';
import { PlanStore } from './plan.store';
import { insertOutboxNotifications } from './notification-outbox';
import { recordedEventsSql, toRecordedEvent, type RecordedEvent } from './recorded-event';
import { pageOffset, type PageRequest } from './page';

/** `indicator_actuals.source_ref` of the actuals a round collected: an amended report replaces them, never doubles them. */
export function roundActualsSourceRef(roundId: string): string {
  return `reporting-round:${roundId}`;
}

/** What the API needs to know of a plan to open or validate a round against it. */
export interface PlanReportingContext {
  id: string;
  code: string;
  title: string;
  issuer: string;
  reportingDueAt: string | null;
  reportingDueDate: string | null;
  reportingRule: 'before' | 'by' | null;
  reportingRecipient: string | null;
  groups: Map<string, readonly string[]>;
  indicators: ReportableIndicator[];
}

/** A round as lists show it, with its participants counted by status. */
export interface RoundSummaryRecord {
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

export interface RoundRecord extends RoundSummaryRecord {
  policy: ReportingRoundPolicy;
  openedBy: Record<string, unknown>;
  closedBy: Record<string, unknown> | null;
  /** Participant agencies in the round's order. */
  participantCodes: string[];
}

export interface RoundParticipantRecord {
  agency: string;
  agencyName: string;
  status: ParticipantStatus;
  submittedAt: string | null;
  lastReportedAt: string | null;
  /** 0 before any report; 2 and more after amendments. */
  reportVersion: number;
}

/** One version of an agency's report. */
export interface RoundReportVersionRecord {
  agency: string;
  version: number;
  content: string;
  indicatorActuals: { indicator: string; value: number }[];
  attachments: { name: string; url?: string }[];
  submittedAt: string;
  submittedBy: Record<string, unknown>;
  late: boolean;
}

/** A participant with its latest report, as the consolidated report lists it. */
export type RoundParticipantReportRecord = ConsolidatedReport['participants'][number];

const ROUND_COLUMNS = `
  r.id, r.workflow_id AS "workflowId", r.plan_id AS "planId", r.plan_code AS "planCode", p.title AS "planTitle", r.kind, r.title,
  r.due_at AS "dueAt", r.due_text AS "dueText", r.status, r.escalation_level AS "escalationLevel", r.escalated_to AS "escalatedTo",
  r.coordinator_agency AS "coordinatorAgency", r.opened_at AS "openedAt", r.closed_at AS "closedAt",
  (SELECT json_build_object('total', count(*),
            ${PARTICIPANT_STATUSES.map((status) => `'${status}', count(*) FILTER (WHERE rp.status = '${status}')`).join(', ')})
   FROM reporting_round_participants rp WHERE rp.round_id = r.id) AS counts`;

type RoundRow<T> = Omit<T, 'dueAt' | 'openedAt' | 'closedAt'> & { dueAt: Date; openedAt: Date; closedAt: Date | null };

/**
 * Reporting rounds in PostgreSQL: the projection the round workflow writes (round, participants, events,
 * every report version, the round's indicator actuals and the notifications, in one transaction per
 * event), what opening a round reads from the plan, and the rounds as read back.
 */
@Injectable()
export class ReportingRoundStore {
  // The defaults serve code outside Nest (tests, benchmarks); Nest injects the module's instances.
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgencyRepository = new AgencyRepository(dataSource),
    private readonly plans: PlanStore = new PlanStore(dataSource, agencies),
  ) {}

  /**
   * Writes one round event with the round view after it, the report it carried (if any) and its
   * notifications. Safe to repeat and to receive out of order: the event is keyed by (workflow_id, seq),
   * the view and the participants only move forward in `seq`, a report version is written once, and an
   * agency's actuals are replaced only by its latest report version.
   */
  async recordRoundEvent(
    event: RoundEventRecord,
    { input, state }: ReportingRoundProjection,
    report: RoundReportRecord | null,
    notifications: NotificationDraft[],
  ): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const advanced: unknown[] = await db.query(
        `INSERT INTO reporting_rounds (id, workflow_id, plan_id, plan_code, round_key, kind, title, due_at, due_text,
                                       coordinator_agency, policy, status, escalation_level, escalated_to, opened_at, opened_by,
                                       closed_at, closed_by, updated_at, version)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, escalation_level = EXCLUDED.escalation_level, escalated_to = EXCLUDED.escalated_to,
           closed_at = EXCLUDED.closed_at, closed_by = EXCLUDED.closed_by, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
         WHERE reporting_rounds.version < EXCLUDED.version
         RETURNING id`,
        [
          input.roundId,
          event.workflowId,
          input.planId,
          input.planCode,
          input.roundKey,
          input.kind,
          input.title,
          input.dueAt,
          input.dueText,
          input.coordinatorAgency,
          JSON.stringify(input.policy),
          state.status,
          state.escalationLevel,
          state.escalatedTo,
          input.openedAt,
          JSON.stringify(input.openedBy),
          state.closedAt,
          state.closedBy ? JSON.stringify(state.closedBy) : null,
          event.at,
          event.seq,
        ],
      );
      if (advanced.length > 0) await upsertParticipants(db, input.roundId, state.participants);
      await db.query(
        `INSERT INTO reporting_round_events (round_id, workflow_id, seq, type, at, actor, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (workflow_id, seq) DO NOTHING`,
        [event.roundId, event.workflowId, event.seq, event.type, event.at, event.actor, event.payload],
      );
      if (report) await recordReport(db, event, input.planId, report);
      await insertOutboxNotifications(
        db,
        { workflowId: event.workflowId, seq: event.seq, at: event.at, reportingRoundId: event.roundId },
        notifications,
      );
    });
  }

  /** The plan as rounds need it (groups resolved as its tasks were: the plan's own over the directory's); null when unknown. */
  async planContext(planId: string): Promise<PlanReportingContext | null> {
    const [plan]: {
      id: string;
      code: string;
      title: string;
      issuer: string;
      reportingDueAt: Date | null;
      reportingDueDate: string | null;
      reportingRule: 'before' | 'by' | null;
      reportingRecipient: string | null;
      document: PlanFile;
    }[] = await this.dataSource.query(
      `SELECT id, code, title, issuer, reporting_due_at AS "reportingDueAt", to_char(reporting_due_date, 'YYYY-MM-DD') AS "reportingDueDate",
              reporting_rule AS "reportingRule", reporting_recipient AS "reportingRecipient", document
       FROM plans WHERE id = $1`,
      [planId],
    );
    if (!plan) return null;
    const [directory, indicators] = await Promise.all([this.agencies.directory(), this.plans.indicators(planId)]);
    const { document, reportingDueAt, ...rest } = plan;
    return {
      ...rest,
      reportingDueAt: reportingDueAt?.toISOString() ?? null,
      groups: planGroups(document, directory),
      indicators: indicators.map(({ code, reporters }): ReportableIndicator => ({ code, reporters })),
    };
  }

  /**
   * Who reports when nobody says (see `defaultRoundParticipants`): lead agencies of the plan's tasks after
   * fan-out and of its issued tasks now, agencies reporting indicator actuals, the plan's reporting section.
   */
  async defaultParticipants(plan: PlanReportingContext): Promise<string[]> {
    const [tasks, leads, reporting]: [{ assignees: string[] }[], { lead_agency: string }[], { participants: string[] | null }[]] = await Promise.all([
      this.dataSource.query(`SELECT assignees FROM plan_tasks WHERE plan_id = $1 ORDER BY position`, [plan.id]),
      this.dataSource.query(
        `SELECT lead_agency FROM tasks WHERE plan_id = $1 AND status <> 'cancelled' GROUP BY lead_agency ORDER BY min(assigned_at), lead_agency`,
        [plan.id],
      ),
      this.dataSource.query(`SELECT reporting_participants AS participants FROM plans WHERE id = $1`, [plan.id]),
    ]);
    return defaultRoundParticipants({
      taskAssignees: tasks.map((task) => task.assignees),
      currentLeads: leads.map((row) => row.lead_agency),
      indicatorReporters: plan.indicators.map((indicator) => indicator.reporters),
      reportingParticipants: reporting[0]?.participants ?? null,
      groups: plan.groups,
    });
  }

  /** Current names of the given agencies (code → name). */
  async agencyNames(codes: readonly string[]): Promise<Record<string, string>> {
    return this.agencies.names(codes);
  }

  /** Those of `codes` that are current agencies of the directory (a round's participants must be). */
  async currentAgencyCodes(codes: readonly string[]): Promise<Set<string>> {
    return this.agencies.currentCodes(codes);
  }

  async findRound(roundId: string): Promise<RoundRecord | null> {
    const [row]: RoundRow<RoundRecord>[] = await this.dataSource.query(
      `SELECT ${ROUND_COLUMNS}, r.policy, r.opened_by AS "openedBy", r.closed_by AS "closedBy",
              ARRAY(SELECT x.agency FROM reporting_round_participants x WHERE x.round_id = r.id ORDER BY x.position) AS "participantCodes"
       FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id WHERE r.id = $1`,
      [roundId],
    );
    return row ? { ...row, ...toRoundSummary(row) } : null;
  }

  /** Rounds of one plan, or those one agency takes part in, or all: latest deadline first. */
  /** One page of rounds (of a plan, or that an agency takes part in), latest deadline first, with the count of all. */
  async list(filter: { planId?: string; participant?: string }, page: PageRequest): Promise<{ items: RoundSummaryRecord[]; total: number }> {
    const where = `WHERE ($1::uuid IS NULL OR r.plan_id = $1)
         AND ($2::varchar IS NULL OR EXISTS (SELECT 1 FROM reporting_round_participants x WHERE x.round_id = r.id AND x.agency = $2))`;
    const params = [filter.planId ?? null, filter.participant ?? null];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${ROUND_COLUMNS} FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id ${where}
         ORDER BY r.due_at DESC, r.opened_at DESC LIMIT $3 OFFSET $4`,
        [...params, page.limit, pageOffset(page)],
      ) as Promise<RoundRow<RoundSummaryRecord>[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM reporting_rounds r ${where}`, params) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toRoundSummary), total };
  }

  /** The round's participants in order, with their agencies' names. */
  async participants(roundId: string): Promise<RoundParticipantRecord[]> {
    const rows: (Omit<RoundParticipantRecord, 'submittedAt' | 'lastReportedAt'> & { submittedAt: Date | null; lastReportedAt: Date | null })[] =
      await this.dataSource.query(
        `SELECT rp.agency, COALESCE(a.name, rp.agency) AS "agencyName", rp.status, rp.submitted_at AS "submittedAt",
                rp.last_reported_at AS "lastReportedAt", rp.report_version AS "reportVersion"
         FROM reporting_round_participants rp LEFT JOIN agencies a ON a.code = rp.agency
         WHERE rp.round_id = $1 ORDER BY rp.position`,
        [roundId],
      );
    return rows.map((row) => ({ ...row, submittedAt: row.submittedAt?.toISOString() ?? null, lastReportedAt: row.lastReportedAt?.toISOString() ?? null }));
  }

  /** The former participants `agency` took over in the round (issue 11); empty when none. */
  async predecessorsOf(roundId: string, agency: string): Promise<string[]> {
    const rows: { predecessors: string[] }[] = await this.dataSource.query(
      `SELECT predecessors FROM reporting_round_participants WHERE round_id = $1 AND agency = $2`,
      [roundId, agency],
    );
    return rows[0]?.predecessors ?? [];
  }

  /** The round's history, in order. */
  async events(roundId: string): Promise<RecordedEvent[]> {
    const rows = await this.dataSource.query(recordedEventsSql('reporting_round_events', 'round_id'), [roundId]);
    return rows.map(toRecordedEvent);
  }

  /** Every version of the round's reports (or of one agency's), in participant order, oldest first per agency. */
  async reportVersions(roundId: string, agency?: string): Promise<RoundReportVersionRecord[]> {
    const rows: (Omit<RoundReportVersionRecord, 'submittedAt'> & { submittedAt: Date })[] = await this.dataSource.query(
      `SELECT rr.agency, rr.version, rr.content, rr.indicator_actuals AS "indicatorActuals", rr.attachments,
              rr.submitted_at AS "submittedAt", rr.submitted_by AS "submittedBy", rr.late
       FROM reporting_round_reports rr
       LEFT JOIN reporting_round_participants rp ON rp.round_id = rr.round_id AND (rp.agency = rr.agency OR rr.agency = ANY(rp.predecessors))
       WHERE rr.round_id = $1 AND ($2::varchar IS NULL OR rr.agency = $2 OR rp.agency = $2)
       ORDER BY rp.position, rr.submitted_at, rr.version`,
      [roundId, agency ?? null],
    );
    return rows.map((row) => ({ ...row, submittedAt: row.submittedAt.toISOString() }));
  }

  /** Each participant with its latest report version (an amendment supersedes; the earlier ones stay stored). */
  async latestReports(roundId: string): Promise<RoundParticipantReportRecord[]> {
    const rows: (Omit<RoundParticipantReportRecord, 'submittedAt'> & { submittedAt: Date | null })[] = await this.dataSource.query(
      `SELECT rp.agency, COALESCE(a.name, rp.agency) AS "agencyName", rp.status, rp.submitted_at AS "submittedAt",
              latest.content, COALESCE(latest.indicator_actuals, '[]') AS "indicatorActuals"
       FROM reporting_round_participants rp
       LEFT JOIN agencies a ON a.code = rp.agency
       LEFT JOIN LATERAL (
         SELECT rr.content, rr.indicator_actuals FROM reporting_round_reports rr
         -- a report a former participant sent counts for its successor (issue 11)
         WHERE rr.round_id = rp.round_id AND (rr.agency = rp.agency OR rr.agency = ANY(rp.predecessors))
         ORDER BY rr.submitted_at DESC, rr.version DESC LIMIT 1
       ) latest ON TRUE
       WHERE rp.round_id = $1 ORDER BY rp.position`,
      [roundId],
    );
    return rows.map((row) => ({
      ...row,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      indicatorActuals: row.indicatorActuals.map(({ indicator, value }) => ({ indicator, value: Number(value) })),
    }));
  }

  /**
   * Who compiles the round's report on `date` (the coordinating office the round recorded, or its successor
   * after a reorganisation) and whom it goes to (the plan's issuer), with their names.
   */
  async reportParties(
    roundId: string,
    date: string = localDateOfInstant(Date.now()),
  ): Promise<{ compiledBy: { code: string; name: string }; sentTo: { code: string; name: string } } | null> {
    const [row]: { coordinatorCode: string; coordinatorName: string; issuerCode: string; issuerName: string }[] = await this.dataSource.query(
      `SELECT r.coordinator_agency AS "coordinatorCode", COALESCE(c.name, r.coordinator_agency) AS "coordinatorName",
              p.issuer AS "issuerCode", COALESCE(i.name, p.issuer) AS "issuerName"
       FROM reporting_rounds r JOIN plans p ON p.id = r.plan_id
       LEFT JOIN agencies c ON c.code = r.coordinator_agency LEFT JOIN agencies i ON i.code = p.issuer
       WHERE r.id = $1`,
      [roundId],
    );
    if (!row) return null;
    const compiledBy = reportCompilerOn({ code: row.coordinatorCode, name: row.coordinatorName }, await this.agencies.dated(), date);
    return { compiledBy, sentTo: { code: row.issuerCode, name: row.issuerName } };
  }

  /** Who compiles a plan's reports today (its recipient or the coordinating office, or their successor). */
  coordinatorFor(reportingRecipient: string | null): Promise<string> {
    return this.agencies.coordinatorFor(reportingRecipient);
  }

  /** The plan's periodic reporting schedule (`reporting.schedule` of its document, empty when it states none); null without the plan. */
  async planReportingSchedule(planId: string): Promise<PlanReportingScheduleSource | null> {
    const [row]: { planCode: string; year: number; deadlineRule: PlanDeadlineRule; schedule: PlanReportingSchedule[] | null; closedAt: Date | null }[] =
      await this.dataSource.query(
        `SELECT code AS "planCode", year, deadline_rule AS "deadlineRule", document->'reporting'->'schedule' AS schedule, closed_at AS "closedAt"
         FROM plans WHERE id = $1`,
        [planId],
      );
    if (!row) return null;
    return { planId, planCode: row.planCode, year: row.year, deadlineRule: row.deadlineRule, schedule: row.schedule ?? [], closedAt: row.closedAt?.toISOString() ?? null };
  }

  /** The plan's reporting duty as its round (opened when the plan is issued); null without a reporting section. */
  async planReportingRoundSource(planId: string): Promise<PlanReportingRoundSource | null> {
    const plan = await this.planContext(planId);
    if (!plan || !plan.reportingDueAt || !plan.reportingDueDate || !plan.reportingRule) return null;
    const participants = await this.defaultParticipants(plan);
    const coordinatorAgency = await this.agencies.coordinatorFor(plan.reportingRecipient);
    return {
      planId: plan.id,
      planCode: plan.code,
      planTitle: plan.title,
      dueAt: plan.reportingDueAt,
      dueText: describePlanReportingDue(plan.reportingDueDate, plan.reportingRule),
      coordinatorAgency,
      participants,
      agencyNames: await this.agencyNames([...participants, coordinatorAgency]),
    };
  }
}

function toRoundSummary(row: RoundRow<RoundSummaryRecord>): RoundSummaryRecord {
  return {
    id: row.id,
    workflowId: row.workflowId,
    planId: row.planId,
    planCode: row.planCode,
    planTitle: row.planTitle,
    kind: row.kind,
    title: row.title,
    dueAt: row.dueAt.toISOString(),
    dueText: row.dueText,
    status: row.status,
    escalationLevel: row.escalationLevel,
    escalatedTo: row.escalatedTo,
    coordinatorAgency: row.coordinatorAgency,
    openedAt: row.openedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    counts: row.counts,
  };
}

async function upsertParticipants(db: EntityManager, roundId: string, participants: ReportingRoundProjection['state']['participants']): Promise<void> {
  // A reorganisation replaces participants (issue 11): the former ones leave the round's list (their reports stay).
  await db.query(`DELETE FROM reporting_round_participants WHERE round_id = $1 AND agency <> ALL($2::varchar[])`, [
    roundId,
    participants.map((participant) => participant.agency),
  ]);
  await db.query(
    `INSERT INTO reporting_round_participants (round_id, agency, position, status, submitted_at, last_reported_at, report_version, predecessors)
     SELECT $1, p.agency, p.ord - 1, p.status, p.submitted_at, p.last_reported_at, p.report_version,
            COALESCE((SELECT array_agg(x) FROM jsonb_array_elements_text($7::jsonb -> (p.ord - 1)::int) x), '{}')
     FROM unnest($2::varchar[], $3::varchar[], $4::timestamptz[], $5::timestamptz[], $6::int[])
          WITH ORDINALITY AS p(agency, status, submitted_at, last_reported_at, report_version, ord)
     ON CONFLICT (round_id, agency) DO UPDATE SET
       position = EXCLUDED.position, status = EXCLUDED.status, submitted_at = EXCLUDED.submitted_at,
       last_reported_at = EXCLUDED.last_reported_at, report_version = EXCLUDED.report_version, predecessors = EXCLUDED.predecessors`,
    [
      roundId,
      participants.map((participant) => participant.agency),
      participants.map((participant) => participant.status),
      participants.map((participant) => participant.submittedAt),
      participants.map((participant) => participant.lastReportedAt),
      participants.map((participant) => participant.reportVersion),
      JSON.stringify(participants.map((participant) => participant.predecessors ?? [])),
    ],
  );
}

/** Keeps the report version, and makes the agency's actuals for this round those of its latest version. */
async function recordReport(db: EntityManager, event: RoundEventRecord, planId: string, report: RoundReportRecord): Promise<void> {
  await db.query(
    `INSERT INTO reporting_round_reports (round_id, agency, version, content, indicator_actuals, attachments, submitted_at, submitted_by,
                                          late, workflow_id, event_seq)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (round_id, agency, version) DO NOTHING`,
    [
      event.roundId,
      report.agency,
      report.version,
      report.content,
      JSON.stringify(report.indicatorActuals),
      JSON.stringify(report.attachments),
      report.submittedAt,
      JSON.stringify(report.submittedBy),
      report.late,
      event.workflowId,
      event.seq,
    ],
  );
  // Concurrent amendments by one agency are projected one at a time: the participant's row is the lock,
  // so "is this the latest version?" cannot be answered by two transactions at once.
  await db.query(`SELECT 1 FROM reporting_round_participants WHERE round_id = $1 AND agency = $2 FOR UPDATE`, [
    event.roundId,
    report.agency,
  ]);
  const [{ latest }]: { latest: number }[] = await db.query(
    `SELECT max(version)::int AS latest FROM reporting_round_reports WHERE round_id = $1 AND agency = $2`,
    [event.roundId, report.agency],
  );
  // A later version projected first (concurrent amendments) already holds the actuals.
  if (latest !== report.version) return;
  const sourceRef = roundActualsSourceRef(event.roundId);
  const codes = report.indicatorActuals.map((actual) => actual.indicator);
  const indicators: { id: string; code: string }[] = await db.query(
    `SELECT id, code FROM plan_indicators WHERE plan_id = $1 AND code = ANY($2)`,
    [planId, codes],
  );
  const idOf = new Map(indicators.map((indicator) => [indicator.code, indicator.id]));
  const values = report.indicatorActuals.filter((actual) => idOf.has(actual.indicator));
  await db.query(`DELETE FROM indicator_actuals WHERE source_ref = $1 AND agency = $2 AND NOT (indicator_id = ANY($3::uuid[]))`, [
    sourceRef,
    report.agency,
    values.map((actual) => idOf.get(actual.indicator)),
  ]);
  for (const actual of values) {
    await db.query(
      `INSERT INTO indicator_actuals (indicator_id, agency, value, reported_at, source_ref, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (indicator_id, agency, source_ref) DO UPDATE SET
         value = EXCLUDED.value, reported_at = EXCLUDED.reported_at, recorded_by = EXCLUDED.recorded_by`,
      [idOf.get(actual.indicator), report.agency, actual.value, report.submittedAt, sourceRef, JSON.stringify(report.submittedBy)],
    );
  }
}
