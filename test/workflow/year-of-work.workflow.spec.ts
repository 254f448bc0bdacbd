import {
  acceptUpdate,
  acknowledgeUpdate,
  approveExtensionUpdate,
  closeRoundUpdate,
  reassignUpdate,
  reportProgressUpdate,
  reportingRoundStartOptions,
  reportingRoundWorkflowId,
  requestExtensionUpdate,
  returnUpdate,
  roundStateQuery,
  submitRoundReportUpdate,
  submitUpdate,
  taskStateQuery,
  taskWorkflowId,
  taskWorkflowStartOptions,
  type ReportingRoundInput,
  type TaskWorkflowInput,
} from '@giaoviec/contracts';
import { resolvePolicy, resolveRoundPolicy } from '@giaoviec/domain';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { reportingRoundWorkflow, taskWorkflow } from '../../workflows';
import { connectTestClient, createTestDatabase, startTestWorker } from '../support/test-stack';

/** Temporal's guidance, and issue 14's bound: a run's history stays under this many events. */
const MAX_RUN_EVENTS = 2_048;
const WEEK_MS = 7 * 86_400_000;

/**
 * A year in a test (issue 14): a task lives a year of activity — weekly progress reports, two extensions,
 * a reassignment, a return — and a reporting round takes reports and amendments from 150 participants;
 * each continues as new so that no run's history reaches 2,048 events, with its state and its read model intact.
 */
describe('a year of work in bounded histories', () => {
  let client: Client;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const coordinator = { sub: 'dp', role: 'coordinator' };
  const agency = (code: string) => ({ sub: code.toLowerCase(), role: 'agency', agency: code });

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.dataSource);
    client = await connectTestClient();
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
    await database?.drop();
  });

  /** Every run of the workflow, newest first, by the chain of continued runs; each run's event count. */
  async function runLengths(workflowId: string): Promise<number[]> {
    const lengths: number[] = [];
    let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
    while (runId) {
      const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
      lengths.push(history.events?.length ?? 0);
      runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    return lengths;
  }

  /** Sequence numbers of the projected events: 1..n, none missing, none twice. */
  async function projectedSeqs(table: 'task_events' | 'reporting_round_events', column: 'task_id' | 'round_id', id: string): Promise<number[]> {
    const rows: { seq: number }[] = await database.dataSource.query(`SELECT seq FROM ${table} WHERE ${column} = $1 ORDER BY seq`, [id]);
    return rows.map((row) => Number(row.seq));
  }

  it('a task: 52 weekly progress reports, two extensions, a reassignment and a return, across runs', async () => {
    const taskId = randomUUID();
    const start = Date.now();
    const input: TaskWorkflowInput = {
      taskId,
      planId: null,
      planCode: 'YEAR',
      taskRef: taskId,
      title: 'Nhiệm vụ cả năm',
      description: null,
      leadAgency: 'STC',
      coordinatingAgencies: ['SCT'],
      dueAt: new Date(start + 40 * WEEK_MS).toISOString(),
      assignedAt: new Date(start).toISOString(),
      policy: resolvePolicy(),
      assignedBy: coordinator,
      // Low, so a year's worth of commands spans several runs.
      historyEventLimit: 120,
    };
    const workflowId = taskWorkflowId('YEAR', taskId, 'STC');
    await client.workflow.start(taskWorkflow, taskWorkflowStartOptions(workflowId, input));
    // The handle follows the chain: each command reaches the run in progress.
    const task = client.workflow.getHandle(workflowId);
    let lead = 'STC';
    await task.executeUpdate(acknowledgeUpdate, { args: [{ actor: agency(lead) }] });
    let events = 2;
    const extensionsAt = new Map([[20, 44], [35, 52]]);
    for (let week = 1; week <= 52; week++) {
      await task.executeUpdate(reportProgressUpdate, { args: [{ actor: agency(lead), percent: Math.min(95, week * 2), note: `Tuần ${week}` }] });
      events += 1;
      const newDueWeek = extensionsAt.get(week);
      if (newDueWeek) {
        const { requestId } = await task.executeUpdate(requestExtensionUpdate, {
          args: [{ actor: agency(lead), newDueAt: new Date(start + newDueWeek * WEEK_MS).toISOString(), reason: `Gia hạn tuần ${week}` }],
        });
        await task.executeUpdate(approveExtensionUpdate, { args: [{ actor: coordinator, requestId }] });
        events += 2;
      }
      if (week === 26) {
        lead = 'SCT';
        await task.executeUpdate(reassignUpdate, { args: [{ actor: coordinator, agency: lead, reason: 'Chuyển cơ quan chủ trì' }] });
        await task.executeUpdate(acknowledgeUpdate, { args: [{ actor: agency(lead) }] });
        events += 2;
      }
      if (week === 40) {
        await task.executeUpdate(submitUpdate, { args: [{ actor: agency(lead), summary: 'Báo cáo lần 1' }] });
        await task.executeUpdate(returnUpdate, { args: [{ actor: coordinator, reason: 'Thiếu số liệu quý III' }] });
        events += 2;
      }
    }
    await task.executeUpdate(submitUpdate, { args: [{ actor: agency(lead), summary: 'Báo cáo hoàn thành' }] });
    const live = await task.query(taskStateQuery);
    events += 1;
    expect(live).toMatchObject({
      status: 'submitted',
      leadAgency: 'SCT',
      coordinatingAgencies: [],
      progressPercent: 100,
      dueAt: new Date(start + 52 * WEEK_MS).toISOString(),
      eventSeq: events,
    });
    expect(live.extensions.map((request) => request.status)).toEqual(['approved', 'approved']);
    await task.executeUpdate(acceptUpdate, { args: [{ actor: coordinator }] });
    expect(await task.result()).toMatchObject({ status: 'completed', eventSeq: events + 1 });

    const lengths = await runLengths(workflowId);
    expect(lengths.length).toBeGreaterThan(2);
    for (const length of lengths) expect(length).toBeLessThan(MAX_RUN_EVENTS);
    expect(await projectedSeqs('task_events', 'task_id', taskId)).toEqual(Array.from({ length: events + 1 }, (_, index) => index + 1));
    const [view] = await database.dataSource.query('SELECT status, lead_agency, version FROM tasks WHERE id = $1', [taskId]);
    expect(view).toEqual({ status: 'completed', lead_agency: 'SCT', version: events + 1 });
  }, 240_000);

  it('a round: 150 participants report and amend, continuing as new under the default limit', async () => {
    const participants = Array.from({ length: 150 }, (_, index) => `YEAR-${String(index + 1).padStart(3, '0')}`);
    await database.dataSource.query(
      `INSERT INTO agencies (code, name, kind) SELECT code, 'Cơ quan ' || code, 'department' FROM unnest($1::text[]) AS code`,
      [participants],
    );
    const planId = randomUUID();
    const planCode = `YEAR-${planId.slice(0, 8)}`;
    await database.dataSource.query(
      `INSERT INTO plans (id, code, title, issuer, year, template_year, deadline_rule, document, created_by)
       VALUES ($1, $2, 'Kế hoạch cả năm', 'UBND-TP', 2026, 2026, 'before', '{}', '{}')`,
      [planId, planCode],
    );
    const roundId = randomUUID();
    const input: ReportingRoundInput = {
      roundId,
      planId,
      planCode,
      roundKey: roundId,
      kind: 'ad_hoc',
      title: 'Báo cáo cả năm',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      dueText: 'trước ngày 31/12',
      coordinatorAgency: 'SKHDT',
      participants,
      agencyNames: {},
      policy: resolveRoundPolicy(),
      openedAt: new Date().toISOString(),
      openedBy: coordinator,
    };
    const workflowId = reportingRoundWorkflowId(planCode, roundId);
    await client.workflow.start(reportingRoundWorkflow, reportingRoundStartOptions(workflowId, input));
    const round: WorkflowHandle<typeof reportingRoundWorkflow> = client.workflow.getHandle(workflowId);
    for (const version of [1, 2]) {
      for (const code of participants) {
        await round.executeUpdate(submitRoundReportUpdate, { args: [{ actor: agency(code), content: `${code} bản ${version}`, indicatorActuals: [], attachments: [] }] });
      }
    }
    const live = await round.query(roundStateQuery);
    expect(live.eventSeq).toBe(1 + 2 * participants.length);
    expect(live.participants.map((participant) => [participant.status, participant.reportVersion])).toEqual(participants.map(() => ['submitted', 2]));
    await round.executeUpdate(closeRoundUpdate, { args: [{ actor: coordinator }] });
    expect(await round.result()).toMatchObject({ status: 'closed', eventSeq: 2 + 2 * participants.length });

    const lengths = await runLengths(workflowId);
    expect(lengths.length).toBeGreaterThan(1);
    for (const length of lengths) expect(length).toBeLessThan(MAX_RUN_EVENTS);
    expect(await projectedSeqs('reporting_round_events', 'round_id', roundId)).toEqual(Array.from({ length: 2 + 2 * participants.length }, (_, index) => index + 1));
    const [{ count }] = await database.dataSource.query('SELECT count(*)::int AS count FROM reporting_round_reports WHERE round_id = $1', [roundId]);
    expect(count).toBe(2 * participants.length);
  }, 300_000);
});
