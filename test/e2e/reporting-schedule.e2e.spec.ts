import { periodicRoundKey, reportingRoundWorkflowId, reportingScheduleWorkflowId, type ReportingScheduleResult } from '@giaoviec/contracts';
import { randomInt } from 'node:crypto';
import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Issue 12 item 4 end to end, on the real API, worker, Temporal and PostgreSQL: a plan whose reporting says
 * "định kỳ" opens one round per period on schedule — here exact periods of seconds (`every: PT6S, times: 3`, as
 * the plan format allows for tests) — exactly once per (plan, period) even when issued again, and closing the
 * plan stops its schedule, a calendar period ("hằng năm") still waiting included.
 */
describe('periodic reporting rounds (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  const year = new Date().getUTCFullYear() + 1;
  const codes: string[] = [];
  const auth = () => ({ Authorization: `Bearer ${coordinator}` });

  const planFile = (code: string, schedule: Record<string, unknown>[]) => ({
    code,
    title: 'Kế hoạch thử báo cáo định kỳ',
    issuer: 'UBND-TP',
    year,
    sections: [{ ref: 'I', title: 'Nhiệm vụ' }],
    tasks: [{ ref: 'I.1', section: 'I', title: 'Xử lý tài sản của hợp tác xã giải thể', leadAgency: 'STC', due: { date: `${year}-11-30`, assumed: true } }],
    reporting: { dueDate: `${year}-12-10`, rule: 'before', recipient: 'SKHDT', schedule },
  });
  const importAndIssue = async (code: string, schedule: Record<string, unknown>[]) => {
    codes.push(code);
    const { id } = (await stack.http.post('/api/plans').set(auth()).send(planFile(code, schedule)).expect(201)).body as { id: string };
    await stack.http.post(`/api/plans/${id}/issue`).set(auth()).expect(202);
    return id;
  };
  type RoundSummary = { id: string; workflowId: string; title: string; dueAt: string; openedAt: string; kind: string };
  const periodicRounds = async (planId: string, code: string) => {
    const body = (await stack.http.get(`/api/plans/${planId}/reporting-rounds`).set(auth()).expect(200)).body as RoundSummary[] | { items: RoundSummary[] };
    const rounds = Array.isArray(body) ? body : body.items;
    return rounds.filter((round) => round.workflowId.startsWith(`reporting-round:${code}:periodic-`)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  };

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', name: 'Sở KH&ĐT', role: 'coordinator' });
  });

  afterAll(async () => {
    if (stack && codes.length) {
      const rows: { workflow_id: string }[] = await stack.dataSource.query(
        `SELECT workflow_id FROM tasks WHERE plan_code = ANY($1) UNION ALL SELECT workflow_id FROM reporting_rounds WHERE plan_code = ANY($1)`,
        [codes],
      );
      const ids = [...rows.map((row) => row.workflow_id), ...codes.map(reportingScheduleWorkflowId)];
      await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).terminate('kết thúc kiểm thử').catch(() => undefined)));
    }
    await stack?.close();
  });

  let firstPlanId: string;
  const first = `KH-DINHKY-A${run}`;

  it('opens a round for each period on its time, under the period’s business key, and then ends', async () => {
    firstPlanId = await importAndIssue(first, [{ every: 'PT6S', times: 3 }]);
    const rounds = await waitFor(() => periodicRounds(firstPlanId, first), (list) => list.length >= 3, 90_000);
    expect(rounds.map((round) => round.workflowId)).toEqual(
      ['PT6S-1', 'PT6S-2', 'PT6S-3'].map((key) => reportingRoundWorkflowId(first, periodicRoundKey(key))),
    );
    expect(rounds.map((round) => round.title)).toEqual(
      ['đợt 1', 'đợt 2', 'đợt 3'].map((period) => `Báo cáo kết quả thực hiện kế hoạch thử báo cáo định kỳ (${period})`),
    );
    // Each period is due 6 s after the previous one and opened when the previous one fell due (never before).
    const due = rounds.map((round) => Date.parse(round.dueAt));
    expect(due[1] - due[0]).toBe(6000);
    expect(due[2] - due[1]).toBe(6000);
    expect(Date.parse(rounds[1].openedAt)).toBeGreaterThanOrEqual(due[0]);
    expect(Date.parse(rounds[2].openedAt)).toBeGreaterThanOrEqual(due[1]);

    const result = (await stack.client.workflow.getHandle(reportingScheduleWorkflowId(first)).result()) as ReportingScheduleResult;
    expect(result).toEqual({ opened: ['PT6S-1', 'PT6S-2', 'PT6S-3'], skipped: [], stopped: false });
  });

  it('shows the due date the document does not state as assumed, and finds the task as users type', async () => {
    const list = (await stack.http.get('/api/tasks').query({ planId: firstPlanId, q: 'xu ly tai san' }).set(auth()).expect(200)).body;
    expect(list.items).toEqual([expect.objectContaining({ title: 'Xử lý tài sản của hợp tác xã giải thể', dueAssumed: true })]);
    const task = (await stack.http.get(`/api/tasks/${list.items[0].id}`).set(auth()).expect(200)).body;
    expect(task.dueAssumed).toBe(true);
    expect((await stack.http.get('/api/meta/labels').expect(200)).body.due.assumed).toBe('Hạn dự kiến, văn bản không nêu');
  });

  it('opens nothing twice when the plan is issued again', async () => {
    const before = await periodicRounds(firstPlanId, first);
    await stack.http.post(`/api/plans/${firstPlanId}/issue`).set(auth()).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect((await periodicRounds(firstPlanId, first)).map((round) => round.id)).toEqual(before.map((round) => round.id));
    const [{ count }]: { count: number }[] = await stack.dataSource.query(
      `SELECT count(*)::int AS count FROM reporting_rounds WHERE plan_code = $1 AND round_key LIKE 'periodic-%'`,
      [first],
    );
    expect(count).toBe(3);
    // Still the one scheduler run that finished: the business key is never started twice.
    const description = await stack.client.workflow.getHandle(reportingScheduleWorkflowId(first)).describe();
    expect(description.status.name).toBe('COMPLETED');
  });

  it('stops when the plan is closed, and a closed plan is not issued again', async () => {
    const second = `KH-DINHKY-B${run}`;
    const planId = await importAndIssue(second, [{ every: 'year' }, { every: 'PT5S', times: 30 }]);
    await waitFor(() => periodicRounds(planId, second), (list) => list.length >= 1, 60_000);

    const closed = await stack.http.post(`/api/plans/${planId}/close`).set(auth()).send({ reason: 'Kết thúc thử' }).expect(200);
    expect(closed.body).toMatchObject({ id: planId, code: second, alreadyClosed: false });
    const handle = stack.client.workflow.getHandle(reportingScheduleWorkflowId(second));
    // Closing is recorded before the schedule is cancelled: an activity that reads the closing first ends the
    // workflow itself (COMPLETED, stopped) — either way it is over.
    const status = await waitFor(() => handle.describe().then((d) => d.status.name), (name) => name === 'CANCELLED' || name === 'COMPLETED', 30_000);
    if (status === 'COMPLETED') expect(await handle.result()).toMatchObject({ stopped: true });
    const atClose = (await periodicRounds(planId, second)).length;
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect((await periodicRounds(planId, second)).length).toBe(atClose);
    expect(atClose).toBeLessThan(30);
    // The yearly round of next year was never opened: its time had not come.
    expect((await periodicRounds(planId, second)).some((round) => round.workflowId.endsWith(`:periodic-year-${year}`))).toBe(false);

    const again = await stack.http.post(`/api/plans/${planId}/close`).set(auth()).send({}).expect(200);
    expect(again.body).toMatchObject({ alreadyClosed: true, closedAt: closed.body.closedAt });
    expect((await stack.http.get(`/api/plans/${planId}`).set(auth()).expect(200)).body.closedAt).toBe(closed.body.closedAt);
    await stack.http.post(`/api/plans/${planId}/issue`).set(auth()).expect(409);
  });

  it('refuses a schedule it cannot run, naming the field', async () => {
    const response = await stack.http.post('/api/plans').set(auth()).send(planFile(`KH-DINHKY-C${run}`, [{ every: 'PT5S' }])).expect(400);
    expect(JSON.stringify(response.body.details)).toContain('reporting.schedule[0].times');
  });

  it('replays the schedule and plan-issue histories with the current workflow code', async () => {
    expect(await replayHistories(stack.client, [reportingScheduleWorkflowId(first), `plan-issue:${first}`], 'reporting-schedule')).toEqual([]);
  });
});
