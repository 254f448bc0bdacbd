import { DataSource, EntityManager } from 'typeorm';
import type {
  NotificationDraft,
  PlanReportingRoundSource,
  ReportingRoundProjection,
  RoundEventRecord,
  RoundReportRecord,
} from '../../contracts/src';
import { planGroups, type PlanFile } from '../../domain/src/plan';
import { defaultRoundParticipants, describePlanReportingDue, type ReportableIndicator } from '../../domain/src/reporting';
import { COORDINATING_AGENCY_CODE } from '../../domain/src/agency';
import { PlanStore } from './plan.store';
import { insertOutboxNotifications } from './notification-outbox';

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

/**
 * Reporting rounds in PostgreSQL: the projection the round workflow writes (round, participants, events,
 * every report version, the round's indicator actuals and the notifications, in one transaction per
 * event), and what opening a round reads from the plan.
 */
export class ReportingRoundStore {
  private readonly plans: PlanStore;

  constructor(private readonly dataSource: DataSource) {
    this.plans = new PlanStore(dataSource);
  }

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
    const [directory, indicators] = await Promise.all([
      this.plans.directory(),
      this.dataSource.query(`SELECT code, reporters FROM plan_indicators WHERE plan_id = $1 ORDER BY position`, [planId]) as Promise<
        ReportableIndicator[]
      >,
    ]);
    const { document, reportingDueAt, ...rest } = plan;
    return { ...rest, reportingDueAt: reportingDueAt?.toISOString() ?? null, groups: planGroups(document, directory), indicators };
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
    const rows: { code: string; name: string }[] = await this.dataSource.query(`SELECT code, name FROM agencies WHERE code = ANY($1)`, [
      [...new Set(codes)],
    ]);
    return Object.fromEntries(rows.map((row) => [row.code, row.name]));
  }

  /** The plan's reporting duty as its round (opened when the plan is issued); null without a reporting section. */
  async planReportingRoundSource(planId: string): Promise<PlanReportingRoundSource | null> {
    const plan = await this.planContext(planId);
    if (!plan || !plan.reportingDueAt || !plan.reportingDueDate || !plan.reportingRule) return null;
    const participants = await this.defaultParticipants(plan);
    const coordinatorAgency = plan.reportingRecipient ?? COORDINATING_AGENCY_CODE;
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

async function upsertParticipants(db: EntityManager, roundId: string, participants: ReportingRoundProjection['state']['participants']): Promise<void> {
  await db.query(
    `INSERT INTO reporting_round_participants (round_id, agency, position, status, submitted_at, last_reported_at, report_version)
     SELECT $1, p.agency, p.ord - 1, p.status, p.submitted_at, p.last_reported_at, p.report_version
     FROM unnest($2::varchar[], $3::varchar[], $4::timestamptz[], $5::timestamptz[], $6::int[])
          WITH ORDINALITY AS p(agency, status, submitted_at, last_reported_at, report_version, ord)
     ON CONFLICT (round_id, agency) DO UPDATE SET
       status = EXCLUDED.status, submitted_at = EXCLUDED.submitted_at, last_reported_at = EXCLUDED.last_reported_at,
       report_version = EXCLUDED.report_version`,
    [
      roundId,
      participants.map((participant) => participant.agency),
      participants.map((participant) => participant.status),
      participants.map((participant) => participant.submittedAt),
      participants.map((participant) => participant.lastReportedAt),
      participants.map((participant) => participant.reportVersion),
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
