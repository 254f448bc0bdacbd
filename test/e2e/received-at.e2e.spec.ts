import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { replayHistories } from '../support/replay';
import { startTestStack, startTestWorker, type TestStack } from '../support/test-stack';

/**
 * "Received is what counts" (issue 14): a report or a submission the API accepted before the deadline is
 * on time however late the worker gets to it — here the worker is stopped while the deadline passes,
 * and only restarted afterwards. The events show when the API received the command and when it was recorded.
 */
describe('commands are dated when the API received them (end to end)', () => {
  let stack: TestStack;
  let restarted: Awaited<ReturnType<typeof startTestWorker>> | undefined;
  let coordinator: string;
  let finance: string;
  let baDinh: string;
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', name: 'Sở KH&ĐT', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
    baDinh = await stack.tokenFor({ sub: 'bd.cv', role: 'agency', agency: 'UBND-BA-DINH' });
  });

  afterAll(async () => {
    await restarted?.stop();
    await stack?.close();
  });

  it('keeps a round report and a task submission received before the deadline on time while the worker was down', async () => {
    const seed = fs.readFileSync(path.join(__dirname, '../../data/plans/hanoi-2024-kttt-htx.yaml'), 'utf8');
    const plan = (
      await stack.http
        .post('/api/plans')
        .query({ year: 2026 })
        .set(auth(coordinator))
        .set('Content-Type', 'application/yaml')
        .send(seed.replace(/^code: (.+)$/m, (_line, planCode) => `code: ${planCode}-N${run}`))
        .expect(201)
    ).body;
    const dueAt = new Date(Date.now() + 8_000).toISOString();
    const noAlarms = { remindBefore: [], escalateAfter: [] };
    const task = (
      await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Tổng hợp số liệu HTX', leadAgency: 'STC', dueAt, policy: noAlarms }).expect(201)
    ).body;
    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).expect(200);
    const round = (
      await stack.http.post(`/api/plans/${plan.id}/reporting-rounds`).set(auth(coordinator)).send({ dueAt, participants: ['UBND-BA-DINH', 'STC'], policy: noAlarms }).expect(201)
    ).body;

    await stack.stopWorker();
    // Sent before the deadline; answered only once a worker is back, after it.
    const submitted = stack.http.post(`/api/tasks/${task.id}/submit`).set(auth(finance)).send({ summary: 'Đã tổng hợp xong số liệu' });
    const reported = stack.http
      .post(`/api/reporting-rounds/${round.id}/reports`)
      .set(auth(baDinh))
      .send({ content: 'Quận Ba Đình: đã hoàn thành rà soát HTX.', indicatorActuals: [] });
    const answers = Promise.all([submitted, reported]);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(dueAt) - Date.now() + 2_000));
    restarted = await startTestWorker(stack.dataSource);
    const [submitAnswer, reportAnswer] = await answers;
    expect(submitAnswer.status).toBe(200);
    expect(reportAnswer.status).toBe(201);

    const roundAfter = (await stack.http.get(`/api/reporting-rounds/${round.id}`).set(auth(coordinator)).expect(200)).body;
    const participant = roundAfter.participants.find((candidate: { agency: string }) => candidate.agency === 'UBND-BA-DINH');
    expect(participant.status).toBe('submitted');
    expect(Date.parse(participant.submittedAt)).toBeLessThan(Date.parse(dueAt));
    const reports = (await stack.http.get(`/api/reporting-rounds/${round.id}/reports`).set(auth(coordinator)).expect(200)).body;
    expect(reports.map((report: { late: boolean }) => report.late)).toEqual([false]);

    await stack.http.post(`/api/tasks/${task.id}/accept`).set(auth(coordinator)).send({}).expect(200);
    const taskAfter = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body;
    expect(taskAfter).toMatchObject({ status: 'completed', category: 'completed_on_time' });
    const submittedEvent = taskAfter.events.find((event: { type: string }) => event.type === 'submitted');
    // Both times: when the API received it (before the deadline), when the workflow recorded it (after).
    expect(Date.parse(submittedEvent.at)).toBeLessThan(Date.parse(dueAt));
    expect(Date.parse(submittedEvent.payload.recordedAt)).toBeGreaterThan(Date.parse(dueAt));

    expect(await replayHistories(stack.client, [task.workflowId, round.workflowId], 'received-at')).toEqual([]);
  });
});
