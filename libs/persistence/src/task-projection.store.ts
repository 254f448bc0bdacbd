import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { insertOutboxNotifications } from './notification-outbox';
import { PlanStore, type PlanReference } from './plan.store';
import type { NotificationDraft, TaskEventRecord, TaskProjection } from '../../contracts/src';
import { SYSTEM_ACTOR } from '../../domain/src/task/task-events';

/**
 * Writes one task event, the task view after it and the notifications it sends, in one
 * transaction. Safe to repeat: the event is keyed by (workflow_id, seq), each notification by
 * (workflow_id, seq, index), and the view never moves back to an older version.
 */
@Injectable()
export class TaskProjectionStore {
  // The default serves code outside Nest (tests, benchmarks); Nest injects the module's instance.
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: PlanStore = new PlanStore(dataSource),
  ) {}

  /** The plan a new ad-hoc task is to join (its code names the workflow, its policy is the task's default); null when unknown. */
  async planOfNewTask(planId: string): Promise<PlanReference | null> {
    return this.plans.reference(planId);
  }

  async recordTaskEvent(event: TaskEventRecord, projection: TaskProjection, notifications: NotificationDraft[] = []): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(upsertTaskViews(1), taskViewRow(event, projection));
      const { keyApart } = await recordEventRow(db, event);
      // A replacing event of another type has notifications of its own, keyed apart from those already sent.
      const source = { workflowId: event.workflowId, seq: event.seq, at: event.at, taskId: event.taskId, ...(keyApart ? { variant: event.type } : {}) };
      await insertOutboxNotifications(db, source, notifications);
    });
  }

  /**
   * In place of an event PostgreSQL refused for good: a `projection_failed` event at its sequence number
   * (the task shows it), and an `activity_failed` entry in the audit log (the admins see it). Idempotent.
   */
  async recordTaskFailure(failure: { event: { taskId: string; workflowId: string; seq: number; at: string; type: string }; error: string }): Promise<void> {
    const { event, error } = failure;
    await this.dataSource.transaction(async (db) => {
      const rows: unknown[] = await db.query(
        `INSERT INTO task_events (task_id, workflow_id, seq, type, at, actor, payload) VALUES ($1, $2, $3, 'projection_failed', $4, $5, $6)
         ON CONFLICT (workflow_id, seq) DO NOTHING RETURNING id`,
        [event.taskId, event.workflowId, event.seq, event.at, JSON.stringify(SYSTEM_ACTOR), JSON.stringify({ eventType: event.type, error })],
      );
      if (rows.length === 0) return;
      await db.query(`INSERT INTO audit_log (action, actor, target, address, details) VALUES ('activity_failed', 'worker', $1, NULL, $2)`, [
        event.taskId,
        JSON.stringify({ workflowId: event.workflowId, seq: event.seq, eventType: event.type, error }),
      ]);
    });
  }

  /**
   * Many tasks' first events and views in one transaction and two statements (their `assigned` notices are
   * left to each task workflow's own first write, keyed alike):
   * what issuing a plan hands the read model per batch, instead of one round trip each. Same keys, so
   * as safe to repeat as `recordTaskEvent`, with which it may interleave.
   */
  async recordFirstTaskEvents(records: { event: TaskEventRecord; projection: TaskProjection }[]): Promise<void> {
    if (records.length === 0) return;
    await this.dataSource.transaction(async (db) => {
      await db.query(upsertTaskViews(records.length), records.flatMap(({ event, projection }) => taskViewRow(event, projection)));
      await db.query(insertTaskEvents(records.length), records.flatMap(({ event }) => taskEventRow(event)));
    });
  }
}

const TASK_VIEW_COLUMNS = 24;
const TASK_EVENT_COLUMNS = 7;

/** `($1,…,$n), ($n+1,…)`: placeholders of `rows` rows of `columns` values. */
function valuesList(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, row) => `(${Array.from({ length: columns }, (_, column) => `$${row * columns + column + 1}`).join(',')})`).join(', ');
}

function upsertTaskViews(rows: number): string {
  return `INSERT INTO tasks (id, workflow_id, plan_id, plan_code, task_ref, title, description, lead_agency,
                            coordinating_agencies, status, due_at, original_due_at, completed_at, progress_percent,
                            escalation_level, escalated_to, policy, assigned_at, updated_at, version,
                            plan_task_id, submitted_at, extension_count, pending_extension)
         VALUES ${valuesList(rows, TASK_VIEW_COLUMNS)}
         ON CONFLICT (id) DO UPDATE SET
           lead_agency = EXCLUDED.lead_agency, coordinating_agencies = EXCLUDED.coordinating_agencies,
           status = EXCLUDED.status, due_at = EXCLUDED.due_at, completed_at = EXCLUDED.completed_at,
           progress_percent = EXCLUDED.progress_percent, escalation_level = EXCLUDED.escalation_level,
           escalated_to = EXCLUDED.escalated_to, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version,
           submitted_at = EXCLUDED.submitted_at, extension_count = EXCLUDED.extension_count,
           pending_extension = EXCLUDED.pending_extension
         -- The same version too: an event replacing one of a workflow task never committed brings its own view.
         WHERE tasks.version <= EXCLUDED.version`;
}

/**
 * Writes the event at its (workflow ID, seq), or finds it there. A different event already there was written
 * by a workflow task Temporal never committed (a worker or Temporal killed before it stored the completion;
 * test:faults found it): the workflow, run again, recorded this one at that number, so this one replaces it
 * (migration 19) — the read model shows what the workflow's history holds. Run again, the workflow mostly
 * records the same decision with other moments in it (`recordedAt`): its notifications are those already
 * written. `keyApart` says whether the event now stored is of another type than the first one written at its
 * number (on this write or an earlier one): its notifications are then its own.
 */
async function recordEventRow(db: EntityManager, event: TaskEventRecord): Promise<{ keyApart: boolean }> {
  const inserted: unknown[] = await db.query(`${insertTaskEvents(1)} RETURNING id`, taskEventRow(event));
  if (inserted.length > 0) return { keyApart: false };
  const [stored] = (await db.query(
    `SELECT type, (type = $3 AND payload = $4::jsonb) AS same, replaced_type AS "replacedType" FROM task_events WHERE workflow_id = $1 AND seq = $2`,
    [event.workflowId, event.seq, event.type, JSON.stringify(event.payload ?? {})],
  )) as { type: string; same: boolean; replacedType: string | null }[];
  if (!stored.same) {
    await db.query(`SET LOCAL giaoviec.replacing_uncommitted_event = 'on'`);
    await db.query(
      `UPDATE task_events SET type = $3, at = $4, actor = $5, payload = $6, replaced_at = now(), replaced_type = COALESCE(replaced_type, type)
       WHERE workflow_id = $1 AND seq = $2`,
      [event.workflowId, event.seq, event.type, event.at, event.actor, event.payload],
    );
    await db.query(`SET LOCAL giaoviec.replacing_uncommitted_event = 'off'`);
  }
  // The type of the first event written at this number (the UPDATE above keeps it in replaced_type).
  const firstType = stored.replacedType ?? (stored.same ? event.type : stored.type);
  return { keyApart: firstType !== event.type };
}

function insertTaskEvents(rows: number): string {
  return `INSERT INTO task_events (task_id, workflow_id, seq, type, at, actor, payload)
         VALUES ${valuesList(rows, TASK_EVENT_COLUMNS)}
         ON CONFLICT (workflow_id, seq) DO NOTHING`;
}

/** The task view after `event`, as `upsertTaskViews` takes it. */
function taskViewRow(event: TaskEventRecord, { input, state }: TaskProjection): unknown[] {
  return [
    input.taskId,
    event.workflowId,
    input.planId,
    input.planCode,
    input.taskRef,
    input.title,
    input.description,
    state.leadAgency,
    state.coordinatingAgencies ?? input.coordinatingAgencies,
    state.status,
    state.dueAt,
    input.dueAt,
    state.completedAt,
    state.progressPercent,
    state.escalationLevel,
    state.escalatedTo,
    input.policy ?? null,
    input.assignedAt,
    event.at,
    event.seq,
    input.planTaskId ?? null,
    state.submittedAt ?? null,
    (state.extensions ?? []).filter((request) => request.status === 'approved').length,
    pendingExtensionJson(state),
  ];
}

function taskEventRow(event: TaskEventRecord): unknown[] {
  return [event.taskId, event.workflowId, event.seq, event.type, event.at, event.actor, event.payload];
}

function pendingExtensionJson(state: TaskProjection['state']): string | null {
  const pending = (state.extensions ?? []).find((request) => request.status === 'pending');
  return pending ? JSON.stringify(pending) : null;
}
