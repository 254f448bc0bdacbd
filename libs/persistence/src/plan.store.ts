import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { PlanIssueSource } from '../../contracts/src';
import { dueInstant } from '../../domain/src/calendar';
import type { PlanAgency, PlanDirectory, PlanFile, PlanWarning, PreparedPlanTask } from '../../domain/src/plan';
import type { Actor } from '../../domain/src/task';

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

/** Plans in PostgreSQL: the import (one transaction), and what issuing reads and records. */
export class PlanStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The current agency directory, as plan validation checks codes against it. */
  async directory(): Promise<PlanDirectory> {
    const agencies: { code: string }[] = await this.dataSource.query(
      `SELECT code FROM agencies WHERE valid_to IS NULL OR valid_to >= (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`,
    );
    const groups: { code: string; members: string[] }[] = await this.dataSource.query(
      `SELECT g.code, COALESCE(array_agg(m.agency_code ORDER BY m.agency_code) FILTER (WHERE m.agency_code IS NOT NULL), '{}') AS members
       FROM agency_groups g LEFT JOIN agency_group_members m ON m.group_code = g.code GROUP BY g.code`,
    );
    return {
      agencies: new Set(agencies.map((agency) => agency.code)),
      groups: Object.fromEntries(groups.map((group) => [group.code, group.members])),
    };
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
    const [plan]: { id: string; code: string; policy: PlanIssueSource['plan']['policy'] }[] = await this.dataSource.query(
      `SELECT id, code, policy FROM plans WHERE id = $1`,
      [planId],
    );
    if (!plan) return null;
    const tasks: (Omit<PlanIssueSource['tasks'][number], 'dueAt'> & { dueAt: Date })[] = await this.dataSource.query(
      `SELECT id, ref, title, description, assignees, coordinating_agencies AS "coordinatingAgencies", due_at AS "dueAt", policy
       FROM plan_tasks WHERE plan_id = $1 ORDER BY position`,
      [planId],
    );
    return { plan, tasks: tasks.map((task) => ({ ...task, dueAt: task.dueAt.toISOString() })) };
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
