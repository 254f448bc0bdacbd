import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { PlanIssueSource } from '../../contracts/src';
import { dueInstant } from '../../domain/src/calendar';
import type {
  PlanAgency,
  PlanDirectory,
  DatedPlanDirectory,
  PlanFile,
  PlanIndicatorAggregation,
  PlanIndicatorTarget,
  PlanWarning,
  PreparedPlanTask,
} from '../../domain/src/plan';
import type { PolicyOverride } from '../../domain/src/policy';
import { searchPattern } from '../../domain/src/search';
import type { Actor } from '../../domain/src/task';
import { AgencyRepository } from './agency.repository';
import { pageOffset, type PageRequest } from './page';

/** A plan ready to store: validated (and re-based), its tasks prepared, its warnings computed. */
export interface NewPlan {
  plan: PlanFile;
  templateYear: number;
  tasks: PreparedPlanTask[];
  warnings: PlanWarning[];
  createdBy: Actor;
}

/** Another plan already has this code (the API answers 409). */
export class PlanCodeTakenError extends Error {
  constructor(readonly code: string) {
    super(`plan code "${code}" is taken`);
    this.name = 'PlanCodeTakenError';
  }
}

/** A plan as lists show it, with its counts. */
export interface PlanSummaryRecord {
  id: string;
  code: string;
  title: string;
  number: string | null;
  issuer: string;
  issuedDate: string | null;
  year: number;
  templateYear: number;
  reportingDueDate: string | null;
  reportingDueAt: string | null;
  taskCount: number;
  agencyTaskCount: number;
  indicatorCount: number;
  warningCount: number;
  /** Task workflows issued so far (rows of `tasks` of this plan). */
  issuedTaskCount: number;
  createdAt: string;
  issuedAt: string | null;
  /** When the plan was closed (its reporting schedule stopped); null while open. */
  closedAt: string | null;
}

/** A plan with everything stored of it but its tasks and indicators. */
export interface PlanRecord extends PlanSummaryRecord {
  deadlineRule: string;
  legalBases: string[];
  policy: PolicyOverride | null;
  reportingRule: string | null;
  reportingRecipient: string | null;
  reportingParticipants: string[] | null;
  reportingDescription: string | null;
  sections: { ref: string; title: string }[];
  description: string | null;
  source: string | null;
  createdBy: Record<string, unknown>;
  issuedBy: Record<string, unknown> | null;
  warnings: PlanWarning[];
}

/** A task of a plan as imported (before fan-out: one per plan task, a group's included). */
export interface PlanTaskRecord {
  id: string;
  ref: string;
  section: string;
  title: string;
  description: string | null;
  /** As written: an agency code, or a group code whose members each got a child task. */
  leadAgency: string;
  isGroup: boolean;
  assignees: string[];
  /** As written (agency or group codes). */
  coordinatingCodes: string[];
  /** Groups expanded. */
  coordinatingAgencies: string[];
  dueDate: string;
  dueRule: string;
  dueSource: string;
  dueAt: string;
  policy: PolicyOverride | null;
  note: string | null;
}

export interface PlanIndicatorRecord {
  id: string;
  code: string;
  name: string;
  unit: string;
  target: PlanIndicatorTarget;
  aggregation: PlanIndicatorAggregation;
  reporters: string[];
  horizon: number;
  ref: string | null;
  note: string | null;
}

/** An agency's reported value of an indicator. */
export interface IndicatorActualRecord {
  indicatorId: string;
  /** The indicator's code. */
  indicator: string;
  agency: string;
  value: number;
  reportedAt: string;
}

/** The few fields by which a plan is referred to: what a new task or an issue takes from it. */
export interface PlanReference {
  id: string;
  code: string;
  policy: PolicyOverride | null;
  /** A closed plan is not issued again (ISO instant; null while open). */
  closedAt: string | null;
}

const SUMMARY_COLUMNS = `
  p.id, p.code, p.title, p.number, p.issuer, to_char(p.issued_date, 'YYYY-MM-DD') AS "issuedDate", p.year,
  p.template_year AS "templateYear", to_char(p.reporting_due_date, 'YYYY-MM-DD') AS "reportingDueDate",
  p.reporting_due_at AS "reportingDueAt",
  (SELECT count(*)::int FROM plan_tasks pt WHERE pt.plan_id = p.id) AS "taskCount",
  (SELECT COALESCE(sum(cardinality(pt.assignees)), 0)::int FROM plan_tasks pt WHERE pt.plan_id = p.id) AS "agencyTaskCount",
  (SELECT count(*)::int FROM plan_indicators pi WHERE pi.plan_id = p.id) AS "indicatorCount",
  (SELECT count(*)::int FROM plan_warnings pw WHERE pw.plan_id = p.id) AS "warningCount",
  (SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id) AS "issuedTaskCount",
  p.created_at AS "createdAt", p.issued_at AS "issuedAt", p.closed_at AS "closedAt"`;

type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] extends string ? Date : Date | null };

/** Plans in PostgreSQL: the import (one transaction), what issuing reads and records, and the plans as read back. */
@Injectable()
export class PlanStore {
  // The default serves code outside Nest (tests, benchmarks); Nest injects the module's instance.
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgencyRepository = new AgencyRepository(dataSource),
  ) {}

  /** The current agency directory, as plan validation checks codes against it. */
  async directory(): Promise<PlanDirectory> {
    return this.agencies.directory();
  }

  /** Every agency and group with its dates and successors, as a plan follows the directory to its own dates. */
  async datedDirectory(): Promise<DatedPlanDirectory> {
    const [agencies, groups] = await Promise.all([this.agencies.dated(), this.agencies.datedGroups()]);
    return { agencies, groups };
  }

  /** One page of plans, newest first, with the count of all; `q` narrows to code, title or number (folded). */
  async list(page: PageRequest, q?: string): Promise<{ items: PlanSummaryRecord[]; total: number }> {
    const pattern = q ? searchPattern(q) : '';
    const where = pattern ? `WHERE p.search_text LIKE $1` : '';
    const filter = pattern ? [pattern] : [];
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS} FROM plans p ${where} ORDER BY p.created_at DESC, p.code LIMIT $${filter.length + 1} OFFSET $${filter.length + 2}`,
        [...filter, page.limit, pageOffset(page)],
      ),
      this.dataSource.query(`SELECT count(*)::int AS total FROM plans p ${where}`, filter) as Promise<{ total: number }[]>,
    ]);
    return { items: rows.map(toSummary), total };
  }

  async reference(planId: string): Promise<PlanReference | null> {
    const [plan]: (Omit<PlanReference, 'closedAt'> & { closedAt: Date | null })[] = await this.dataSource.query(
      `SELECT id, code, policy, closed_at AS "closedAt" FROM plans WHERE id = $1`,
      [planId],
    );
    return plan ? { ...plan, closedAt: plan.closedAt?.toISOString() ?? null } : null;
  }

  async find(planId: string): Promise<PlanRecord | null> {
    const [[row], warnings] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUMMARY_COLUMNS}, p.deadline_rule AS "deadlineRule", p.legal_bases AS "legalBases", p.policy,
                p.reporting_rule AS "reportingRule", p.reporting_recipient AS "reportingRecipient",
                p.reporting_participants AS "reportingParticipants", p.reporting_description AS "reportingDescription",
                p.sections, p.description, p.source, p.created_by AS "createdBy", p.issued_by AS "issuedBy"
         FROM plans p WHERE p.id = $1`,
        [planId],
      ) as Promise<Dated<Omit<PlanRecord, 'warnings'>, 'reportingDueAt' | 'createdAt' | 'issuedAt' | 'closedAt'>[]>,
      this.dataSource.query(`SELECT path, message FROM plan_warnings WHERE plan_id = $1 ORDER BY position`, [planId]) as Promise<
        { path: string | null; message: string }[]
      >,
    ]);
    if (!row) return null;
    return {
      ...row,
      ...toSummary(row),
      warnings: warnings.map((warning) => (warning.path === null ? { message: warning.message } : { path: warning.path, message: warning.message })),
    };
  }

  /** The plan's tasks as imported, in plan order. */
  async tasks(planId: string): Promise<PlanTaskRecord[]> {
    const rows: Dated<PlanTaskRecord, 'dueAt'>[] = await this.dataSource.query(
      `SELECT id, ref, section_ref AS section, title, description, lead_code AS "leadAgency", is_group AS "isGroup", assignees,
              coordinating_codes AS "coordinatingCodes", coordinating_agencies AS "coordinatingAgencies",
              to_char(due_date, 'YYYY-MM-DD') AS "dueDate", due_rule AS "dueRule", due_source AS "dueSource", due_at AS "dueAt",
              policy, note
       FROM plan_tasks WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
    return rows.map((row) => ({ ...row, dueAt: row.dueAt.toISOString() }));
  }

  /** The plan's indicators in plan order. */
  async indicators(planId: string): Promise<PlanIndicatorRecord[]> {
    return this.dataSource.query(
      `SELECT id, code, name, unit, target, aggregation, reporters, horizon, ref, note FROM plan_indicators WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
  }

  /** Actuals reported for the plan's indicators: all of them, or those one source (e.g. a reporting round) recorded. */
  async actuals(planId: string, sourceRef?: string): Promise<IndicatorActualRecord[]> {
    const rows: Dated<IndicatorActualRecord, 'reportedAt'>[] = await this.dataSource.query(
      `SELECT a.indicator_id AS "indicatorId", i.code AS indicator, a.agency, a.value, a.reported_at AS "reportedAt"
       FROM indicator_actuals a JOIN plan_indicators i ON i.id = a.indicator_id
       WHERE i.plan_id = $1 AND ($2::text IS NULL OR a.source_ref = $2)`,
      [planId, sourceRef ?? null],
    );
    return rows.map((row) => ({ ...row, value: Number(row.value), reportedAt: row.reportedAt.toISOString() }));
  }

  async codeExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM plans WHERE code = $1`, [code]);
    return rows.length > 0;
  }

  /**
   * Stores the plan with its tasks, indicators and warnings, and adds the agencies and groups it declares
   * to the directory (those not there yet), all in one transaction: on any error nothing is written.
   */
  async insert(record: NewPlan): Promise<{ id: string }> {
    const { plan } = record;
    const id = randomUUID();
    try {
      await this.dataSource.transaction(async (db) => {
        await insertDeclaredAgencies(db, plan.agencies ?? []);
        for (const group of plan.groups ?? []) {
          const created: unknown[] = await db.query(
            `INSERT INTO agency_groups (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING code`,
            [group.code, group.name],
          );
          // An existing group keeps its members (the plan's own list is stored with its tasks).
          if (created.length === 0) continue;
          await db.query(
            `INSERT INTO agency_group_members (group_code, agency_code) SELECT $1, unnest($2::varchar[]) ON CONFLICT DO NOTHING`,
            [group.code, [...new Set(group.members)]],
          );
        }
        const reporting = plan.reporting;
        await db.query(
          `INSERT INTO plans (id, code, title, number, issuer, issued_date, year, template_year, deadline_rule, legal_bases,
                              policy, reporting_due_date, reporting_rule, reporting_due_at, reporting_recipient,
                              reporting_participants, reporting_description, sections, description, source, document, created_by)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)`,
          [
            id,
            plan.code,
            plan.title,
            plan.number ?? null,
            plan.issuer,
            plan.issuedDate ?? null,
            plan.year,
            record.templateYear,
            plan.deadlineRule,
            JSON.stringify(plan.legalBases),
            plan.policy ? JSON.stringify(plan.policy) : null,
            reporting?.dueDate ?? null,
            reporting?.rule ?? null,
            reporting ? new Date(dueInstant(reporting.dueDate, reporting.rule)).toISOString() : null,
            reporting?.recipient ?? null,
            reporting?.participants ?? null,
            reporting?.description ?? null,
            JSON.stringify(plan.sections),
            plan.description ?? null,
            plan.source ?? null,
            JSON.stringify(plan),
            JSON.stringify(record.createdBy),
          ],
        );
        for (const task of record.tasks) {
          await db.query(
            `INSERT INTO plan_tasks (id, plan_id, position, ref, section_ref, title, description, lead_code, is_group, assignees,
                                     coordinating_codes, coordinating_agencies, due_date, due_rule, due_source, due_at, policy, note)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)`,
            [
              randomUUID(),
              id,
              task.position,
              task.ref,
              task.section,
              task.title,
              task.description,
              task.leadCode,
              task.isGroup,
              task.assignees,
              plan.tasks[task.position].coordinatingAgencies ?? [],
              task.coordinatingAgencies,
              task.due.date,
              task.due.rule,
              task.due.source,
              task.due.dueAt,
              task.policy ? JSON.stringify(task.policy) : null,
              task.note,
            ],
          );
        }
        for (const [position, indicator] of plan.indicators.entries()) {
          await db.query(
            `INSERT INTO plan_indicators (id, plan_id, position, code, name, unit, target, aggregation, reporters, horizon, ref, note)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
            [
              randomUUID(),
              id,
              position,
              indicator.code,
              indicator.name,
              indicator.unit,
              JSON.stringify(indicator.target),
              indicator.aggregation,
              indicator.reporters,
              indicator.horizon ?? plan.year,
              indicator.ref ?? null,
              indicator.note ?? null,
            ],
          );
        }
        for (const [position, warning] of record.warnings.entries()) {
          await db.query(`INSERT INTO plan_warnings (plan_id, position, path, message) VALUES ($1, $2, $3, $4)`, [
            id,
            position,
            warning.path ?? null,
            warning.message,
          ]);
        }
      });
    } catch (error) {
      if (isUniqueViolation(error, 'plans_code_key')) throw new PlanCodeTakenError(plan.code);
      throw error;
    }
    return { id };
  }

  /** What issuing needs, tasks in plan order; null when there is no such plan. */
  async issueSource(planId: string): Promise<PlanIssueSource | null> {
    const plan = await this.reference(planId);
    if (!plan) return null;
    const tasks: (Omit<PlanIssueSource['tasks'][number], 'dueAt'> & { dueAt: Date })[] = await this.dataSource.query(
      `SELECT id, ref, title, description, assignees, coordinating_agencies AS "coordinatingAgencies", due_at AS "dueAt", policy
       FROM plan_tasks WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
    return { plan, tasks: tasks.map((task) => ({ ...task, dueAt: task.dueAt.toISOString() })) };
  }

  /**
   * Closes the plan (its reporting schedule stops); a repeat keeps the first closing. Null when there is no such plan.
   */
  async close(planId: string, closedAt: string, closedBy: Actor, reason: string | null): Promise<{ code: string; closedAt: string; alreadyClosed: boolean } | null> {
    // An UPDATE … RETURNING answers [rows, count] through TypeORM's PostgreSQL driver.
    const [[row]]: [{ code: string; closedAt: Date; alreadyClosed: boolean }[], number] = await this.dataSource.query(
      `UPDATE plans p SET closed_at = COALESCE(p.closed_at, $2), closed_by = COALESCE(p.closed_by, $3),
              close_reason = CASE WHEN p.closed_at IS NULL THEN $4 ELSE p.close_reason END
       FROM plans old WHERE p.id = $1 AND old.id = p.id
       RETURNING p.code, p.closed_at AS "closedAt", old.closed_at IS NOT NULL AS "alreadyClosed"`,
      [planId, closedAt, JSON.stringify(closedBy), reason],
    );
    return row ? { code: row.code, closedAt: row.closedAt.toISOString(), alreadyClosed: row.alreadyClosed } : null;
  }

  /** Records the first completed issue (a repeat keeps the first date). */
  async markIssued(planId: string, issuedAt: string, issuedBy: Actor): Promise<void> {
    await this.dataSource.query(
      `UPDATE plans SET issued_at = COALESCE(issued_at, $2), issued_by = COALESCE(issued_by, $3) WHERE id = $1`,
      [planId, issuedAt, JSON.stringify(issuedBy)],
    );
  }
}

/** Declared agencies not yet in the directory, parents before children (the foreign key holds row by row). */
async function insertDeclaredAgencies(db: EntityManager, agencies: readonly PlanAgency[]): Promise<void> {
  const pending = [...agencies];
  const declared = new Set(agencies.map((agency) => agency.code));
  const inserted = new Set<string>();
  while (pending.length > 0) {
    const ready = pending.filter((agency) => !agency.parentCode || !declared.has(agency.parentCode) || inserted.has(agency.parentCode));
    // A cycle among declared parents: insert the rest anyway and let the foreign key report it.
    const batch = ready.length > 0 ? ready : [...pending];
    for (const agency of batch) {
      await db.query(
        `INSERT INTO agencies (code, name, kind, parent_code) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
        [agency.code, agency.name, agency.kind, agency.parentCode ?? null],
      );
      inserted.add(agency.code);
      pending.splice(pending.indexOf(agency), 1);
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  return driverError?.code === '23505' && driverError.constraint === constraint;
}

function toSummary(row: Dated<PlanSummaryRecord, 'reportingDueAt' | 'createdAt' | 'issuedAt' | 'closedAt'>): PlanSummaryRecord {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    number: row.number,
    issuer: row.issuer,
    issuedDate: row.issuedDate,
    year: row.year,
    templateYear: row.templateYear,
    reportingDueDate: row.reportingDueDate,
    reportingDueAt: row.reportingDueAt?.toISOString() ?? null,
    taskCount: row.taskCount,
    agencyTaskCount: row.agencyTaskCount,
    indicatorCount: row.indicatorCount,
    warningCount: row.warningCount,
    issuedTaskCount: row.issuedTaskCount,
    createdAt: row.createdAt.toISOString(),
    issuedAt: row.issuedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
