/**
 * After the faults: every task's live state (the workflow's query) against the read model, and the counts
 * the fault test reports — tasks lost or started twice, events and notifications missing or duplicated,
 * deliveries missing or sent twice, commands the client saw accepted but that are not in the record.
 */
import { taskStateQuery, type TaskState } from '@giaoviec/contracts';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';

/** What the client knows it did to one lifecycle task: accepted commands by the event type each records. */
export interface LifecycleRecord {
  taskId: string;
  workflowId: string;
  expectedEvents: Record<string, number>;
  expectedStatus: string;
  /** Commands of the lifecycle's script the API refused: each one a command a fault turned into a wrong answer. */
  refused: string[];
}

export interface FaultCounts {
  lost: string[];
  duplicated: string[];
  mismatched: string[];
  /** Not failures: what the run saw (mail re-sent under the same Message-ID, i.e. at-least-once SMTP). */
  notes: string[];
}

/** Events that fire from timers and must send at least one notification. */
const ALARM_EVENTS = new Set(['acknowledge_reminder_sent', 'reminder_sent', 'overdue', 'escalated']);

interface TaskRow {
  id: string;
  workflow_id: string;
  plan_id: string | null;
  task_ref: string;
  title: string;
  lead_agency: string;
  status: string;
  due_at: Date;
  progress_percent: number;
  escalation_level: number;
  version: number;
}

export async function checkAfterFaults(options: {
  pool: Pool;
  client: Client;
  planId: string;
  planTasks: number;
  lifecycles: readonly LifecycleRecord[];
  mail: readonly { headers: Record<string, string> }[];
}): Promise<FaultCounts> {
  const { pool, client } = options;
  const counts: FaultCounts = { lost: [], duplicated: [], mismatched: [], notes: [] };

  // 1. Which task workflows Temporal has (runs per workflow ID: a second run that is not a continuation is a second start).
  const runs = new Map<string, number>();
  for await (const execution of client.workflow.list({ query: `WorkflowType = "taskWorkflow"` })) {
    if (execution.status.name === 'CONTINUED_AS_NEW') continue;
    runs.set(execution.workflowId, (runs.get(execution.workflowId) ?? 0) + 1);
  }
  for (const [workflowId, count] of runs) if (count > 1) counts.duplicated.push(`${workflowId}: ${count} runs`);

  const { rows: tasks } = await pool.query<TaskRow>(
    `SELECT id, workflow_id, plan_id, task_ref, title, lead_agency, status, due_at, progress_percent, escalation_level, version FROM tasks`,
  );
  const planRows = tasks.filter((task) => task.plan_id === options.planId);
  const refs = new Map<string, number>();
  for (const task of planRows) refs.set(task.task_ref, (refs.get(task.task_ref) ?? 0) + 1);
  for (const [ref, count] of refs) if (count > 1) counts.duplicated.push(`plan task ${ref}: ${count} task rows`);
  for (let i = 1; i <= options.planTasks; i += 1) if (!refs.has(`I.${i}`)) counts.lost.push(`plan task I.${i}: not in the read model`);
  const titles = new Map<string, number>();
  for (const task of tasks.filter((row) => row.plan_id === null)) titles.set(task.title, (titles.get(task.title) ?? 0) + 1);
  for (const [title, count] of titles) if (count > 1) counts.duplicated.push(`ad-hoc task "${title}": created ${count} times`);
  for (const lifecycle of options.lifecycles) {
    if (!tasks.some((task) => task.id === lifecycle.taskId)) counts.lost.push(`lifecycle task ${lifecycle.taskId}: not in the read model`);
  }
  for (const task of tasks) if (!runs.has(task.workflow_id)) counts.lost.push(`${task.workflow_id}: in the read model, no workflow in Temporal`);
  for (const workflowId of runs.keys()) {
    if (!tasks.some((task) => task.workflow_id === workflowId)) counts.lost.push(`${workflowId}: a workflow with no task in the read model`);
  }

  // 2. Every task: the workflow's live state against its row and its events.
  const { rows: events } = await pool.query<{ workflow_id: string; seq: number; type: string; payload: unknown }>(
    `SELECT workflow_id, seq, type, payload FROM task_events ORDER BY workflow_id, seq`,
  );
  const eventsOf = new Map<string, { seq: number; type: string; payload: unknown }[]>();
  for (const event of events) {
    const list = eventsOf.get(event.workflow_id) ?? [];
    list.push(event);
    eventsOf.set(event.workflow_id, list);
  }
  const { rows: notifications } = await pool.query<{ idempotency_key: string; task_id: string; kind: string; recipient_role: string; recipient_agency: string | null; body: string }>(
    `SELECT idempotency_key, task_id, kind, recipient_role, recipient_agency, body FROM notifications WHERE task_id IS NOT NULL`,
  );
  const notificationKeys = new Set(notifications.map((notification) => notification.idempotency_key));

  await forEachConcurrently(tasks.filter((task) => runs.has(task.workflow_id)), 16, async (task) => {
    const state = await queryWithRetries(client, task.workflow_id);
    if (typeof state === 'string') {
      counts.mismatched.push(`${task.workflow_id}: its workflow does not answer the state query (${state})`);
      return;
    }
    const differences: string[] = [];
    const compare = (field: string, live: unknown, read: unknown) => {
      if (live !== read) differences.push(`${field} ${String(live)} ≠ ${String(read)}`);
    };
    compare('status', state.status, task.status);
    compare('leadAgency', state.leadAgency, task.lead_agency);
    compare('dueAt', new Date(state.dueAt).getTime(), task.due_at.getTime());
    compare('progressPercent', state.progressPercent, task.progress_percent);
    compare('escalationLevel', state.escalationLevel, task.escalation_level);
    compare('eventSeq', state.eventSeq, task.version);
    if (differences.length) counts.mismatched.push(`${task.workflow_id}: ${differences.join(', ')}`);

    const recorded = eventsOf.get(task.workflow_id) ?? [];
    const seqs = new Set(recorded.map((event) => event.seq));
    for (let seq = 1; seq <= state.eventSeq; seq += 1) if (!seqs.has(seq)) counts.lost.push(`${task.workflow_id}: event ${seq} missing`);
    for (const event of recorded) if (event.seq > state.eventSeq) counts.mismatched.push(`${task.workflow_id}: event ${event.seq} (${event.type}) recorded, unknown to the workflow`);
    const seen = new Set<string>();
    for (const event of recorded) {
      const identity = `${event.type} ${JSON.stringify(event.payload)}`;
      if (seen.has(identity)) counts.duplicated.push(`${task.workflow_id}: event ${event.seq} repeats an earlier ${event.type}`);
      seen.add(identity);
      // An event that replaced one of a workflow task never committed has its notifications keyed by its type too.
      const noticeKeys = [`${task.workflow_id}#${event.seq}#0`, `${task.workflow_id}#${event.seq}#0#${event.type}`];
      if (ALARM_EVENTS.has(event.type) && !noticeKeys.some((key) => notificationKeys.has(key))) {
        counts.lost.push(`${task.workflow_id}: no notification for event ${event.seq} (${event.type})`);
      }
    }
  });

  // 3. What the client saw accepted is in the record exactly once.
  for (const lifecycle of options.lifecycles) {
    const recorded = eventsOf.get(lifecycle.workflowId) ?? [];
    for (const [type, expected] of Object.entries(lifecycle.expectedEvents)) {
      const actual = recorded.filter((event) => event.type === type).length;
      if (actual < expected) counts.lost.push(`${lifecycle.workflowId}: ${expected - actual} accepted ${type} missing`);
      if (actual > expected) counts.duplicated.push(`${lifecycle.workflowId}: ${type} ×${actual}, accepted ×${expected}`);
    }
    for (const refusal of lifecycle.refused) counts.mismatched.push(`${lifecycle.workflowId}: refused ${refusal}`);
    const row = tasks.find((task) => task.id === lifecycle.taskId);
    if (row && row.status !== lifecycle.expectedStatus) counts.mismatched.push(`${lifecycle.workflowId}: ${row.status}, expected ${lifecycle.expectedStatus}`);
  }

  // 4. Notifications: each belongs to a recorded event (its key is workflow ID # event seq # index), and no
  // event notifies the same recipient twice. (Duplicated events, and so their notifications, are counted above.)
  const notificationIdentities = new Map<string, number>();
  for (const notification of notifications) {
    const [workflowId, seq] = notification.idempotency_key.split('#');
    if (!(eventsOf.get(workflowId) ?? []).some((event) => event.seq === Number(seq))) {
      counts.mismatched.push(`notification ${notification.idempotency_key}: its event is not recorded`);
    }
    const identity = [workflowId, seq, notification.kind, notification.recipient_role, notification.recipient_agency].join('|');
    notificationIdentities.set(identity, (notificationIdentities.get(identity) ?? 0) + 1);
  }
  for (const [identity, count] of notificationIdentities) if (count > 1) counts.duplicated.push(`notification ×${count}: ${identity}`);

  // 5. Deliveries: every notification planned, every delivery sent, each mail once (a re-send keeps its Message-ID).
  const { rows: unplanned } = await pool.query<{ count: string }>(`SELECT count(*) FROM notifications WHERE deliveries_planned_at IS NULL`);
  if (Number(unplanned[0].count) > 0) counts.lost.push(`${unplanned[0].count} notifications never planned for delivery`);
  const { rows: unsent } = await pool.query<{ id: string; status: string; last_error: string | null }>(`SELECT id, status, last_error FROM deliveries WHERE status <> 'sent'`);
  for (const delivery of unsent) counts.lost.push(`delivery ${delivery.id}: ${delivery.status} (${delivery.last_error ?? ''})`);
  const { rows: sent } = await pool.query<{ id: string }>(`SELECT id FROM deliveries WHERE status = 'sent' AND channel = 'email'`);
  const mailed = new Map<string, number>();
  for (const mail of options.mail) {
    const id = Object.entries(mail.headers).find(([name]) => name.toLowerCase() === 'x-giaoviec-delivery')?.[1];
    if (id) mailed.set(id, (mailed.get(id) ?? 0) + 1);
  }
  for (const delivery of sent) if (!mailed.has(delivery.id)) counts.lost.push(`delivery ${delivery.id}: marked sent, never received`);
  const resent = [...mailed.values()].filter((count) => count > 1).length;
  const { rows: replaced } = await pool.query<{ count: string }>(`SELECT count(*) FROM task_events WHERE replaced_at IS NOT NULL`);
  if (Number(replaced[0].count) > 0) counts.notes.push(`${replaced[0].count} events written by a workflow task never committed, replaced by the workflow's own`);
  counts.notes.push(`${sent.length} e-mail deliveries sent, ${mailed.size} received${resent ? `, ${resent} received again under the same Message-ID (at-least-once SMTP after a kill)` : ''}`);
  return counts;
}

/** The workflow's live state, or why it did not answer. */
async function queryWithRetries(client: Client, workflowId: string): Promise<TaskState | string> {
  let failure = '';
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      return await client.workflow.getHandle(workflowId).query(taskStateQuery);
    } catch (error) {
      failure = `${(error as Error).name}: ${(error as Error).message}`;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
  return failure;
}

export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}
