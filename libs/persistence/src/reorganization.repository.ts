import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { KNOWN_GROUP_NAMES, type ReorganizationChange, type ReorganizationPlan } from '../../domain/src/agency/reorganization';
import { OPEN_TASK_STATUSES } from '../../domain/src/task/task-status';
import { AgencyRepository } from './agency.repository';

export type ReorganizationStatus = 'scheduled' | 'applied' | 'cancelled';

export interface ReorganizationRecord {
  id: string;
  effectiveDate: string;
  title: string;
  legalBasis: string | null;
  changes: ReorganizationChange[];
  plan: ReorganizationPlan;
  status: ReorganizationStatus;
  workflowId: string;
  createdAt: string;
  createdBy: string;
  appliedAt: string | null;
  movedTasks: number;
  movedRoundParticipants: number;
  /** Tasks created for the successors of an agency whose open tasks went to each of them. */
  createdTasks: number;
}

/** An open task an ended agency leads or coordinates, with what a task split off from it copies. */
export interface OpenTaskOfAgency {
  taskId: string;
  workflowId: string;
  title: string;
  leadAgency: string;
  coordinatingAgencies: string[];
  planId: string | null;
  planTaskId: string | null;
  planCode: string;
  taskRef: string;
  description: string | null;
  /** The due date in force (ISO instant). */
  dueAt: string;
  policy: Record<string, unknown> | null;
}

/** An open reporting round, with its participants in order. */
export interface OpenRoundOfAgency {
  roundId: string;
  workflowId: string;
  title: string;
  participants: string[];
}

const COLUMNS = `id, to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate", title, legal_basis AS "legalBasis", changes, plan, status,
  workflow_id AS "workflowId", created_at AS "createdAt", created_by AS "createdBy", applied_at AS "appliedAt",
  moved_tasks AS "movedTasks", moved_round_participants AS "movedRoundParticipants", created_tasks AS "createdTasks"`;

/** Reorganisations of the directory (issue 11) and the one transaction that changes the directory. */
@Injectable()
export class ReorganizationRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agencies: AgencyRepository = new AgencyRepository(dataSource),
  ) {}

  /** The coordinating office today (a task split off by a reorganisation reports to it). */
  coordinatorAgency(): Promise<string> {
    return this.agencies.coordinatorFor(null);
  }

  async create(record: Pick<ReorganizationRecord, 'id' | 'effectiveDate' | 'title' | 'legalBasis' | 'changes' | 'plan' | 'workflowId' | 'createdBy'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO reorganizations (id, effective_date, title, legal_basis, changes, plan, status, workflow_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7, $8) ON CONFLICT (id) DO NOTHING`,
      [record.id, record.effectiveDate, record.title, record.legalBasis, JSON.stringify(record.changes), JSON.stringify(record.plan), record.workflowId, record.createdBy],
    );
  }

  list(): Promise<ReorganizationRecord[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM reorganizations ORDER BY effective_date DESC, created_at DESC`);
  }

  async get(id: string): Promise<ReorganizationRecord | null> {
    const rows: ReorganizationRecord[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM reorganizations WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Marks a scheduled reorganisation cancelled; false when it was not scheduled any more. */
  async cancel(id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await this.dataSource.query(`UPDATE reorganizations SET status = 'cancelled' WHERE id = $1 AND status = 'scheduled'`, [id]);
    return affected > 0;
  }

  /** Open tasks led or coordinated by any of `codes`. */
  async openTasksOf(codes: readonly string[]): Promise<OpenTaskOfAgency[]> {
    if (codes.length === 0) return [];
    const rows: (Omit<OpenTaskOfAgency, 'dueAt'> & { dueAt: Date })[] = await this.dataSource.query(
      `SELECT id AS "taskId", workflow_id AS "workflowId", title, lead_agency AS "leadAgency", coordinating_agencies AS "coordinatingAgencies",
              plan_id AS "planId", plan_task_id AS "planTaskId", plan_code AS "planCode", task_ref AS "taskRef", description,
              due_at AS "dueAt", policy
       FROM tasks WHERE status = ANY($2) AND (lead_agency = ANY($1) OR coordinating_agencies && $1::varchar[])
       ORDER BY assigned_at, id`,
      [[...codes], [...OPEN_TASK_STATUSES]],
    );
    return rows.map((row) => ({ ...row, dueAt: row.dueAt.toISOString() }));
  }

  /** Open reporting rounds in which any of `codes` takes part. */
  openRoundsOf(codes: readonly string[]): Promise<OpenRoundOfAgency[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT r.id AS "roundId", r.workflow_id AS "workflowId", r.title,
              ARRAY(SELECT x.agency FROM reporting_round_participants x WHERE x.round_id = r.id ORDER BY x.position) AS "participants"
       FROM reporting_rounds r
       WHERE r.status = 'open' AND EXISTS (SELECT 1 FROM reporting_round_participants p WHERE p.round_id = r.id AND p.agency = ANY($1))
       ORDER BY r.opened_at, r.id`,
      [[...codes]],
    );
  }

  /**
   * Changes the directory as the reorganisation's plan says, in one transaction, once: creates, renames,
   * ends agencies (validTo, successors), dates groups and moves the coordinating role. False when it
   * was applied (or cancelled) before.
   */
  async applyDirectory(id: string): Promise<boolean> {
    return this.dataSource.transaction(async (db) => {
      const rows: ReorganizationRecord[] = await db.query(`SELECT ${COLUMNS} FROM reorganizations WHERE id = $1 FOR UPDATE`, [id]);
      const reorganization = rows[0];
      if (!reorganization || reorganization.status !== 'scheduled') return false;
      const { plan, effectiveDate } = reorganization;
      for (const group of plan.groupsCreated) {
        await db.query(`INSERT INTO agency_groups (code, name, valid_from) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET valid_to = NULL`, [
          group,
          KNOWN_GROUP_NAMES[group] ?? group,
          effectiveDate,
        ]);
      }
      for (const agency of plan.created) {
        await db.query(`INSERT INTO agencies (code, name, kind, parent_code, valid_from) VALUES ($1, $2, $3, $4, $5)`, [
          agency.code,
          agency.name,
          agency.kind,
          agency.parentCode ?? null,
          effectiveDate,
        ]);
        for (const group of agency.groups) {
          await db.query(`INSERT INTO agency_group_members (group_code, agency_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [group, agency.code]);
        }
      }
      for (const [code, groups] of Object.entries(plan.joinedGroups ?? {})) {
        for (const group of groups) {
          await db.query(`INSERT INTO agency_group_members (group_code, agency_code) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [group, code]);
        }
      }
      for (const agency of plan.renamed) await db.query(`UPDATE agencies SET name = $2 WHERE code = $1`, [agency.code, agency.name]);
      for (const agency of plan.ended) {
        const [before]: { coordinates: boolean }[] = await db.query(`SELECT coordinates FROM agencies WHERE code = $1`, [agency.code]);
        await db.query(`UPDATE agencies SET valid_to = $2, successor_code = $3, successor_codes = $4, coordinates = false WHERE code = $1`, [
          agency.code,
          plan.lastDayOfEnded,
          agency.successorCode,
          agency.successorCodes,
        ]);
        // The coordinating role moves with a merge to the successor.
        if (before?.coordinates) await db.query(`UPDATE agencies SET coordinates = true WHERE code = $1`, [agency.successorCode]);
      }
      for (const group of plan.groupsEnded) await db.query(`UPDATE agency_groups SET valid_to = $2 WHERE code = $1`, [group, plan.lastDayOfEnded]);
      await db.query(`UPDATE reorganizations SET status = 'applied', applied_at = now() WHERE id = $1`, [id]);
      return true;
    });
  }

  async recordOutcome(id: string, outcome: { movedTasks: number; movedRoundParticipants: number; createdTasks: number }): Promise<void> {
    await this.dataSource.query(`UPDATE reorganizations SET moved_tasks = $2, moved_round_participants = $3, created_tasks = $4 WHERE id = $1`, [
      id,
      outcome.movedTasks,
      outcome.movedRoundParticipants,
      outcome.createdTasks,
    ]);
  }
}
