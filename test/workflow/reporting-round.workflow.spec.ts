import {
  ROUND_COMMAND_REFUSED_FAILURE,
  closeRoundUpdate,
  replaceRoundParticipantsUpdate,
  reportingRoundStartOptions,
  reportingRoundWorkflowId,
  roundStateQuery,
  submitRoundReportUpdate,
  type ReportingRoundInput,
} from '@giaoviec/contracts';
import { resolveRoundPolicy } from '@giaoviec/domain';
import { roundActualsSourceRef } from '@giaoviec/persistence';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { reportingRoundWorkflow } from '../../workflows';
import { connectTestClient, createTestDatabase, startTestWorker } from '../support/test-stack';

/** The reporting-round workflow on the real Temporal dev server, with its real projection activity. */
describe('reportingRoundWorkflow', () => {
  let client: Client;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const planId = randomUUID();
  const planCode = `WF-${randomUUID().slice(0, 8)}`;
  let indicatorId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.dataSource);
    client = await connectTestClient();
    await database.dataSource.query(
      `INSERT INTO plans (id, code, title, issuer, year, template_year, deadline_rule, document, created_by)
       VALUES ($1, $2, 'Kế hoạch thử', 'UBND-TP', 2026, 2026, 'before', '{}', '{}')`,
      [planId, planCode],
    );
    indicatorId = randomUUID();
    await database.dataSource.query(
      `INSERT INTO plan_indicators (id, plan_id, position, code, name, unit, target, aggregation, reporters, horizon)
       VALUES ($1, $2, 0, 'HTX-MOI', 'HTX mới', 'HTX', '{"kind":"at_least","value":10}', 'sum', '{DISTRICTS}', 2026)`,
      [indicatorId, planId],
    );
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
    await database?.drop();
  });

  const coordinator = { sub: 'dp', role: 'coordinator' };
  const district = (agency: string) => ({ sub: agency.toLowerCase(), role: 'agency', agency });
  const DISTRICTS = ['UBND-BA-DINH', 'UBND-SOC-SON', 'UBND-DONG-ANH', 'UBND-GIA-LAM', 'UBND-ME-LINH', 'UBND-BA-VI'];

  async function start(overrides: Partial<ReportingRoundInput> = {}) {
    const roundId = randomUUID();
    const input: ReportingRoundInput = {
      roundId,
      planId,
      planCode,
      roundKey: roundId,
      kind: 'ad_hoc',
      title: 'Báo cáo thử',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      dueText: 'trước ngày mai',
      coordinatorAgency: 'SKHDT',
      participants: DISTRICTS,
      agencyNames: {},
      policy: resolveRoundPolicy(),
      openedAt: new Date().toISOString(),
      openedBy: coordinator,
      ...overrides,
    };
    const handle = await client.workflow.start(reportingRoundWorkflow, reportingRoundStartOptions(reportingRoundWorkflowId(planCode, roundId), input));
    return { input, handle };
  }

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(ROUND_COMMAND_REFUSED_FAILURE);
    return cause.message;
  };

  it('refuses a non-participant and anything after close, and keeps every version of concurrent amendments', async () => {
    const { input, handle } = await start();
    const send = (value: number) =>
      handle.executeUpdate(submitRoundReportUpdate, {
        args: [{ actor: district('UBND-BA-DINH'), content: `Lần ${value}`, indicatorActuals: [{ indicator: 'HTX-MOI', value }], attachments: [] }],
      });
    expect(await refusal(handle.executeUpdate(submitRoundReportUpdate, { args: [{ actor: district('STC'), content: 'x', indicatorActuals: [], attachments: [] }] }))).toBe(
      'Cơ quan STC không thuộc danh sách báo cáo của đợt này.',
    );
    const results = await Promise.all([1, 2, 3].map(send));
    expect(results.map((result) => result.version).sort()).toEqual([1, 2, 3]);
    expect(results.filter((result) => result.amended)).toHaveLength(2);

    const versions = await database.dataSource.query(`SELECT version, content FROM reporting_round_reports WHERE round_id = $1 ORDER BY version`, [input.roundId]);
    expect(versions.map((row: { version: number }) => row.version)).toEqual([1, 2, 3]);
    const latest = versions[2].content as string;
    const [actual] = await database.dataSource.query(`SELECT value FROM indicator_actuals WHERE source_ref = $1`, [roundActualsSourceRef(input.roundId)]);
    // The actual is the latest version's, whichever projection landed last.
    expect(`Lần ${actual.value}`).toBe(latest);
    const [participant] = await database.dataSource.query(
      `SELECT status, report_version FROM reporting_round_participants WHERE round_id = $1 AND agency = 'UBND-BA-DINH'`,
      [input.roundId],
    );
    expect(participant).toEqual({ status: 'submitted', report_version: 3 });

    expect(await refusal(handle.executeUpdate(closeRoundUpdate, { args: [{ actor: district('UBND-BA-DINH') }] }))).toMatch(/cơ quan điều phối/);
    await handle.executeUpdate(closeRoundUpdate, { args: [{ actor: coordinator }] });
    // A closed round's workflow has finished: nothing can reach it (the API answers 409 from the read model first).
    expect(await handle.result()).toMatchObject({ status: 'closed', eventSeq: 5 });
    await expect(send(4)).rejects.toThrow(WorkflowNotFoundError);
  });

  it('swaps participants for a reorganisation: a report already sent stays with its sender and counts for the successor', async () => {
    const { input, handle } = await start();
    const reorganization = { id: randomUUID(), title: 'Sắp xếp thử' };
    const replace = (replacements: Record<string, string>) =>
      handle.executeUpdate(replaceRoundParticipantsUpdate, { args: [{ actor: coordinator, replacements, reorganization }] });
    await handle.executeUpdate(submitRoundReportUpdate, { args: [{ actor: district('UBND-BA-DINH'), content: 'Ba Đình', indicatorActuals: [], attachments: [] }] });
    expect(await refusal(replace({ 'CT-HN': 'STC' }))).toMatch(/Không có cơ quan/);

    // Ba Đình merges into Sóc Sơn (already a participant); Gia Lâm gives way to STC.
    const result = await replace({ 'UBND-BA-DINH': 'UBND-SOC-SON', 'UBND-GIA-LAM': 'STC' });
    expect(result.moved).toEqual([
      { from: 'UBND-BA-DINH', to: 'UBND-SOC-SON', reported: true },
      { from: 'UBND-GIA-LAM', to: 'STC', reported: false },
    ]);
    expect(result.state.participants.map((participant) => [participant.agency, participant.status])).toEqual([
      ['UBND-SOC-SON', 'submitted'],
      ['UBND-DONG-ANH', 'pending'],
      ['STC', 'pending'],
      ['UBND-ME-LINH', 'pending'],
      ['UBND-BA-VI', 'pending'],
    ]);
    const rows = await database.dataSource.query(
      `SELECT agency, position, status, predecessors FROM reporting_round_participants WHERE round_id = $1 ORDER BY position`,
      [input.roundId],
    );
    expect(rows.map((row: { agency: string }) => row.agency)).toEqual(['UBND-SOC-SON', 'UBND-DONG-ANH', 'STC', 'UBND-ME-LINH', 'UBND-BA-VI']);
    expect(rows[0]).toMatchObject({ status: 'submitted', predecessors: ['UBND-BA-DINH'] });

    // The successor's next report amends; the former's report stays its own.
    const amended = await handle.executeUpdate(submitRoundReportUpdate, { args: [{ actor: district('UBND-SOC-SON'), content: 'Sóc Sơn', indicatorActuals: [], attachments: [] }] });
    expect(amended).toMatchObject({ agency: 'UBND-SOC-SON', version: 2, amended: true });
    const reports = await database.dataSource.query(`SELECT agency, version FROM reporting_round_reports WHERE round_id = $1 ORDER BY submitted_at`, [input.roundId]);
    expect(reports).toEqual([
      { agency: 'UBND-BA-DINH', version: 1 },
      { agency: 'UBND-SOC-SON', version: 2 },
    ]);
    // Naming the former agency again finds nobody left to replace (a retry of the same update ID gets the first answer instead).
    expect(await refusal(replace({ 'UBND-BA-DINH': 'UBND-SOC-SON' }))).toMatch(/Không có cơ quan/);
    await handle.executeUpdate(closeRoundUpdate, { args: [{ actor: coordinator }] });
  });

  it('continues as new before its history grows too long, carrying its state', async () => {
    const { input, handle } = await start({ historyEventLimit: 30 });
    const firstRunId = (await handle.describe()).runId;
    for (const agency of DISTRICTS) {
      await handle.executeUpdate(submitRoundReportUpdate, { args: [{ actor: district(agency), content: agency, indicatorActuals: [], attachments: [] }] });
    }
    const latest = client.workflow.getHandle(handle.workflowId);
    for (let attempt = 0; attempt < 50 && (await latest.describe()).runId === firstRunId; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await latest.describe()).runId).not.toBe(firstRunId);
    const state = await latest.query(roundStateQuery);
    expect(state.participants.map((participant) => participant.status)).toEqual(DISTRICTS.map(() => 'submitted'));
    expect(state.eventSeq).toBe(1 + DISTRICTS.length);
    await latest.executeUpdate(closeRoundUpdate, { args: [{ actor: coordinator }] });
    const events = await database.dataSource.query(`SELECT type FROM reporting_round_events WHERE round_id = $1 ORDER BY seq`, [input.roundId]);
    expect(events.map((event: { type: string }) => event.type)).toEqual(['opened', ...DISTRICTS.map(() => 'report_submitted'), 'closed']);
  });
});
