import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Whole lifecycles through HTTP in seconds, with second-scale policies, against the real API,
 * worker, Temporal dev server and PostgreSQL: reminders, overdue, the escalation ladder,
 * extensions, return, reassignment, cancellation, notifications and idempotent commands.
 */
describe('task lifecycle (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let finance: string;
  let industry: string;
  let leader: string;
  const workflowIds: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });
    industry = await stack.tokenFor({ sub: 'sct.chuyenvien', role: 'agency', agency: 'SCT' });
    leader = await stack.tokenFor({ sub: 'ubnd.pct', role: 'leader' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const getTask = async (id: string, token = coordinator) => (await stack.http.get(`/api/tasks/${id}`).set(auth(token)).expect(200)).body;
  const eventTypes = (task: { events: { type: string }[] }) => task.events.map((event) => event.type);
  const inbox = async (token: string) =>
    (await stack.http.get('/api/notifications').query({ limit: 200 }).set(auth(token)).expect(200)).body.items as {
      id: string;
      taskId: string;
      kind: string;
      recipientRole: string;
      readAt: string | null;
    }[];

  async function createTask(body: Record<string, unknown>) {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Hướng dẫn HTX giải thể', leadAgency: 'STC', dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), ...body })
      .expect(201);
    workflowIds.push(response.body.workflowId);
    return response.body;
  }

  it('reminds, turns overdue and climbs the whole escalation ladder, notifying each party once; an extension brings it back on time', async () => {
    const task = await createTask({
      // Margins of seconds between the moments, so a loaded machine keeps their order.
      dueAt: new Date(Date.now() + 8_000).toISOString(),
      policy: {
        acknowledgeWithin: 'PT1S',
        acknowledgeEscalateAfter: 'PT30S',
        remindBefore: ['PT3S'],
        escalateAfter: [
          { after: 'PT0S', to: 'coordinator' },
          { after: 'PT1S', to: 'agency_head' },
          { after: 'PT2S', to: 'leader' },
        ],
      },
    });
    await waitFor(() => getTask(task.id), (current) => eventTypes(current).includes('acknowledge_reminder_sent'));
    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).expect(200);

    const escalated = await waitFor(() => getTask(task.id), (current) => current.escalationLevel === 3);
    expect(eventTypes(escalated)).toEqual([
      'assigned',
      'acknowledge_reminder_sent',
      'acknowledged',
      'reminder_sent',
      'overdue',
      'escalated',
      'escalated',
      'escalated',
    ]);
    expect(escalated).toMatchObject({ category: 'in_progress_overdue', escalatedTo: 'leader', status: 'acknowledged' });
    expect(escalated.events.slice(-3).map((event: { payload: { to: string } }) => event.payload.to)).toEqual([
      'coordinator',
      'agency_head',
      'leader',
    ]);

    const forTask = (items: Awaited<ReturnType<typeof inbox>>) =>
      items.filter((item) => item.taskId === task.id).map((item) => `${item.kind}/${item.recipientRole}`).sort();
    expect(forTask(await inbox(finance))).toEqual(['acknowledge_reminder/agency', 'assigned/agency', 'escalated/agency_head', 'overdue/agency', 'reminder/agency']);
    expect(forTask(await inbox(coordinator))).toEqual(['escalated/coordinator', 'overdue/coordinator']);
    expect(forTask(await inbox(leader))).toEqual(['escalated/leader']);
    expect(forTask(await inbox(industry))).toEqual([]);

    const overdueList = await stack.http.get('/api/tasks').query({ overdue: true }).set(auth(leader)).expect(200);
    expect(overdueList.body.items.map((item: { id: string }) => item.id)).toContain(task.id);

    const newDueAt = new Date(Date.now() + 3_600_000).toISOString();
    const request = await stack.http
      .post(`/api/tasks/${task.id}/extension-requests`)
      .set(auth(finance))
      .send({ newDueAt, reason: 'Chờ số liệu quyết toán' })
      .expect(201);
    expect(request.body).toEqual({ id: 'ext-1' });
    expect(forTask(await inbox(coordinator))).toContain('extension_requested/coordinator');
    const approved = await stack.http
      .post(`/api/tasks/${task.id}/extension-requests/${request.body.id}/approve`)
      .set(auth(coordinator))
      .send({})
      .expect(200);
    expect(approved.body).toMatchObject({ category: 'in_progress_on_time', escalationLevel: 0, escalatedTo: null, dueAt: newDueAt });
    expect(approved.body.originalDueAt).toBe(task.dueAt);
    expect(eventTypes(approved.body).slice(-2)).toEqual(['extension_requested', 'extension_approved']);
    expect(forTask(await inbox(finance))).toContain('extension_approved/agency');
  });

  it('returns submitted work, reassigns to another agency (the former lead loses access) and cancels', async () => {
    const task = await createTask({});
    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).expect(200);
    await stack.http.post(`/api/tasks/${task.id}/submit`).set(auth(finance)).send({ summary: 'Báo cáo lần 1' }).expect(200);
    const returned = await stack.http
      .post(`/api/tasks/${task.id}/return`)
      .set(auth(coordinator))
      .send({ reason: 'Thiếu số liệu 5 HTX' })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'in_progress' });
    expect(returned.body.events.at(-1)).toMatchObject({ type: 'returned', payload: { reason: 'Thiếu số liệu 5 HTX' } });

    await stack.http.post(`/api/tasks/${task.id}/reassign`).set(auth(coordinator)).send({ agency: 'NOPE', reason: 'x' }).expect(400);
    const reassigned = await stack.http
      .post(`/api/tasks/${task.id}/reassign`)
      .set(auth(coordinator))
      .send({ agency: 'SCT', reason: 'Thuộc chức năng của Sở Công Thương' })
      .expect(200);
    expect(reassigned.body).toMatchObject({ leadAgency: 'SCT', status: 'assigned' });
    await stack.http.get(`/api/tasks/${task.id}`).set(auth(finance)).expect(404);
    await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(finance)).send({ percent: 10, note: 'x' }).expect(404);
    expect((await inbox(industry)).filter((item) => item.taskId === task.id).map((item) => item.kind)).toEqual(['assigned']);
    expect((await inbox(finance)).filter((item) => item.taskId === task.id).map((item) => item.kind)).toContain('reassigned');
    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(industry)).expect(200);

    await stack.http.post(`/api/tasks/${task.id}/cancel`).set(auth(coordinator)).send({ reason: 'Trùng nhiệm vụ khác' }).expect(200);
    const refused = await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(industry)).send({ percent: 10, note: 'x' }).expect(409);
    expect(refused.body.message).toContain('đã bị hủy');
    await stack.http.post(`/api/tasks/${task.id}/cancel`).set(auth(coordinator)).send({ reason: 'lần nữa' }).expect(409);
    const cancelled = await getTask(task.id, leader);
    expect(cancelled).toMatchObject({ status: 'cancelled', category: 'cancelled' });
    expect(eventTypes(cancelled)).toEqual(['assigned', 'acknowledged', 'submitted', 'returned', 'reassigned', 'acknowledged', 'cancelled']);
  });

  it('caps extensions and records rejections', async () => {
    const task = await createTask({ policy: { maxExtensions: 1 } });
    const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const first = await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: later(20), reason: 'a' }).expect(201);
    await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: later(25), reason: 'b' }).expect(409);
    await stack.http.post(`/api/tasks/${task.id}/extension-requests/${first.body.id}/reject`).set(auth(coordinator)).send({ reason: 'Không có căn cứ' }).expect(200);
    await stack.http.post(`/api/tasks/${task.id}/extension-requests/${first.body.id}/approve`).set(auth(coordinator)).send({}).expect(409);
    const earlier = await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: later(5), reason: 'c' }).expect(409);
    expect(earlier.body.message).toContain('sau hạn hiện tại');
    const second = await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: later(30), reason: 'd' }).expect(201);
    await stack.http.post(`/api/tasks/${task.id}/extension-requests/${second.body.id}/approve`).set(auth(coordinator)).send({}).expect(200);
    const capped = await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: later(40), reason: 'e' }).expect(409);
    expect(capped.body.message).toContain('tối đa 1 lần');
    const current = await getTask(task.id);
    expect(eventTypes(current)).toEqual(['assigned', 'extension_requested', 'extension_rejected', 'extension_requested', 'extension_approved']);
    await stack.http.post(`/api/tasks/${task.id}/extension-requests`).set(auth(finance)).send({ newDueAt: 'soon', reason: '' }).expect(400);
  });

  it('applies a command once for one Idempotency-Key', async () => {
    const task = await createTask({});
    const first = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'ack-1').expect(200);
    const repeat = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'ack-1').expect(200);
    expect(repeat.body.events).toEqual(first.body.events);
    expect(eventTypes(await getTask(task.id))).toEqual(['assigned', 'acknowledged']);
  });

  it('refuses a policy with bad offsets, naming each', async () => {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({
        title: 'x',
        leadAgency: 'STC',
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        policy: { remindBefore: ['7wd', 'soon'], escalateAfter: [{ after: '1wd', to: 'mayor' }] },
      })
      .expect(400);
    expect(response.body.details.map((detail: { path: string }) => detail.path)).toEqual([
      'policy.remindBefore[1]',
      'policy.escalateAfter[0].to',
    ]);
  });

  it('gives an ad-hoc task in a plan the plan code and the plan policy', async () => {
    const code = `TEST-${Date.now()}`;
    const plan = await stack.http
      .post('/api/plans')
      .set(auth(coordinator))
      .send({
        code,
        title: 'Kế hoạch thử',
        issuer: 'UBND-TP',
        year: 2026,
        policy: { maxExtensions: 0 },
        sections: [{ ref: 'I', title: 'Nhiệm vụ' }],
        tasks: [],
      })
      .expect(201);
    const task = await createTask({ planId: plan.body.id });
    expect(task).toMatchObject({ planId: plan.body.id, planCode: code, policy: expect.objectContaining({ maxExtensions: 0 }) });
    const refused = await stack.http
      .post(`/api/tasks/${task.id}/extension-requests`)
      .set(auth(finance))
      .send({ newDueAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), reason: 'x' })
      .expect(409);
    expect(refused.body.message).toContain('tối đa 0 lần');
    const unknown = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'x', leadAgency: 'STC', dueAt: new Date(Date.now() + 86_400_000).toISOString(), planId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(unknown.body.details).toEqual([{ path: 'planId', message: 'không tìm thấy kế hoạch' }]);
  });

  it('keeps one inbox per reader, with read marks', async () => {
    const [first] = await inbox(finance);
    await stack.http.post(`/api/notifications/${first.id}/read`).set(auth(finance)).expect(200);
    await stack.http.post(`/api/notifications/${first.id}/read`).set(auth(industry)).expect(404);
    const unread = await stack.http.get('/api/notifications').query({ unread: true }).set(auth(finance)).expect(200);
    expect(unread.body.items.map((item: { id: string }) => item.id)).not.toContain(first.id);
  });

  it('replays every history it produced with the current workflow code', async () => {
    expect(await replayHistories(stack.client, workflowIds, 'task-lifecycle')).toEqual([]);
  });
});
