import { foldVietnamese, VIETNAMESE_MARKED_LETTERS } from '@giaoviec/domain';
import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The first vertical slice through HTTP, against the real API, worker, Temporal and PostgreSQL:
 * the README's walk-through, plus the refusals a real user runs into.
 */
describe('task slice (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let finance: string;
  let tax: string;
  let leader: string;
  const workflowIds: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', name: 'Trần Thị Điều Phối', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });
    tax = await stack.tokenFor({ sub: 'cthn.chuyenvien', role: 'agency', agency: 'CT-HN' });
    leader = await stack.tokenFor({ sub: 'ubnd.phochutich', role: 'leader' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();

  async function createTask(body: Record<string, unknown> = {}) {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Xử lý tài sản, công nợ của HTX giải thể', leadAgency: 'STC', dueAt: inTenDays(), ...body })
      .expect(201);
    workflowIds.push(response.body.workflowId);
    return response.body;
  }

  it('reports health of both services', async () => {
    const response = await stack.http.get('/api/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', temporal: 'up', database: 'up' });
  });

  it('serves the Hanoi directory with the 30 district committees', async () => {
    const response = await stack.http.get('/api/agencies').set(auth(finance)).expect(200);
    const codes = response.body.map((agency: { code: string }) => agency.code);
    expect(codes).toEqual(expect.arrayContaining(['SKHDT', 'STC', 'CT-HN', 'UBND-TP', 'UBND-BA-DINH', 'UBND-SOC-SON', 'UBND-SON-TAY']));
    expect(response.body.find((agency: { code: string }) => agency.code === 'UBND-BA-DINH').groups).toContain('DISTRICTS');
    const groups = await stack.http.get('/api/agencies/groups').set(auth(finance)).expect(200);
    expect(groups.body.find((group: { code: string }) => group.code === 'DISTRICTS').members).toHaveLength(30);
  });

  it('walks a task from assigned to completed on time', async () => {
    const created = await createTask({ description: 'Theo Kế hoạch năm 2024, mục III', coordinatingAgencies: ['CT-HN'] });
    expect(created).toMatchObject({ status: 'assigned', category: 'in_progress_on_time', leadAgency: 'STC', escalationLevel: 0 });
    expect(created.workflowId).toBe(`task:ADHOC:${created.id}:STC`);

    await stack.http.post(`/api/tasks/${created.id}/acknowledge`).set(auth(finance)).expect(200);
    const refused = await stack.http.post(`/api/tasks/${created.id}/acknowledge`).set(auth(finance)).expect(409);
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(refused.body.message).toContain('đã được tiếp nhận');

    await stack.http
      .post(`/api/tasks/${created.id}/progress`)
      .set(auth(finance))
      .send({ percent: 60, note: 'Đã rà soát 18/30 HTX' })
      .expect(200);
    await stack.http.post(`/api/tasks/${created.id}/accept`).set(auth(coordinator)).send({}).expect(409);
    await stack.http
      .post(`/api/tasks/${created.id}/submit`)
      .set(auth(finance))
      .send({ summary: 'Đã xử lý xong tài sản, công nợ của 30 HTX giải thể' })
      .expect(200);
    const accepted = await stack.http.post(`/api/tasks/${created.id}/accept`).set(auth(coordinator)).send({}).expect(200);
    expect(accepted.body).toMatchObject({ status: 'completed', category: 'completed_on_time', progressPercent: 100 });

    const read = await stack.http.get(`/api/tasks/${created.id}`).set(auth(leader)).expect(200);
    expect(read.body.events.map((event: { type: string }) => event.type)).toEqual([
      'assigned',
      'acknowledged',
      'progress_reported',
      'submitted',
      'completed',
    ]);
    expect(read.body.events[2].payload).toEqual({ percent: 60, note: 'Đã rà soát 18/30 HTX' });
    expect(read.body.events[1].actor).toMatchObject({ sub: 'stc.chuyenvien', agency: 'STC' });

    const handle = stack.client.workflow.getHandle(created.workflowId);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('hides a task from an agency that neither leads nor coordinates it', async () => {
    const created = await createTask();
    const other = await stack.tokenFor({ sub: 'snn.cv', role: 'agency', agency: 'SNNPTNT' });
    await stack.http.get(`/api/tasks/${created.id}`).set(auth(other)).expect(404);
    await stack.http.post(`/api/tasks/${created.id}/acknowledge`).set(auth(other)).expect(404);
    const list = await stack.http.get('/api/tasks').set(auth(other)).expect(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
  });

  it('lets a coordinating agency read but not act', async () => {
    const created = await createTask({ coordinatingAgencies: ['CT-HN'] });
    await stack.http.get(`/api/tasks/${created.id}`).set(auth(tax)).expect(200);
    await stack.http.post(`/api/tasks/${created.id}/acknowledge`).set(auth(tax)).expect(403);
    await stack.http.post(`/api/tasks/${created.id}/accept`).set(auth(finance)).send({}).expect(403);
    const after = await stack.http.get(`/api/tasks/${created.id}`).set(auth(coordinator)).expect(200);
    expect(after.body.status).toBe('assigned');
    expect(after.body.events).toHaveLength(1);
  });

  it('refuses bad input with every bad field named, and writes nothing', async () => {
    const before = await stack.http.get('/api/tasks').set(auth(coordinator)).expect(200);
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: '', leadAgency: 'STC', dueAt: 'next week', unexpected: true })
      .expect(400);
    expect(response.body.statusCode).toBe(400);
    expect(response.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['dueAt', 'title', 'unexpected']);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);

    const unknownAgency = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Nhiệm vụ', leadAgency: 'KHONG-CO', coordinatingAgencies: ['STC', 'NOPE'], dueAt: inTenDays() })
      .expect(400);
    expect(unknownAgency.body.details).toEqual([
      { path: 'leadAgency', message: 'không có cơ quan mã "KHONG-CO" trong danh bạ' },
      { path: 'coordinatingAgencies[1]', message: 'không có cơ quan mã "NOPE" trong danh bạ' },
    ]);
    const past = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Nhiệm vụ', leadAgency: 'STC', dueAt: '2020-01-01T00:00:00+07:00' })
      .expect(400);
    expect(past.body.details).toEqual([{ path: 'dueAt', message: 'phải ở tương lai' }]);
    for (const [dueAt, message] of [
      ['2206-12-10T00:00:00+07:00', 'không quá 10 năm kể từ nay'],
      ['2030-12-10', 'phải là thời điểm có múi giờ, ví dụ 2026-12-10T00:00:00+07:00'],
      ['2030-12-10T00:00:00', 'phải là thời điểm có múi giờ, ví dụ 2026-12-10T00:00:00+07:00'],
    ]) {
      const refused = await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Nhiệm vụ', leadAgency: 'STC', dueAt }).expect(400);
      expect(refused.body.details).toEqual([{ path: 'dueAt', message }]);
    }
    await stack.http.post('/api/tasks/not-a-uuid/progress').set(auth(finance)).send({ percent: 150 }).expect(400);

    const after = await stack.http.get('/api/tasks').set(auth(coordinator)).expect(200);
    expect(after.body.total).toBe(before.body.total);
  });

  it('checks tokens and roles', async () => {
    await stack.http.get('/api/tasks').expect(401);
    await stack.http.get('/api/tasks').set({ Authorization: 'Bearer not-a-token' }).expect(401);
    await stack.http.post('/api/tasks').set(auth(finance)).send({}).expect(403);
    await stack.http.post('/api/auth/dev-token').send({ sub: 'x', role: 'agency' }).expect(400);
    await stack.http.post('/api/auth/dev-token').send({ sub: 'x', role: 'agency', agency: 'NOPE' }).expect(400);
  });

  it('answers a repeated create with the same Idempotency-Key once', async () => {
    const body = { title: 'Nhiệm vụ gửi lại', leadAgency: 'STC', dueAt: inTenDays() };
    const first = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-1').send(body).expect(201);
    workflowIds.push(first.body.workflowId);
    const repeat = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-1').send(body).expect(201);
    expect(repeat.body.id).toBe(first.body.id);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .set('Idempotency-Key', 'create-1')
      .send({ ...body, title: 'Khác' })
      .expect(409);
    const matching = await stack.http.get('/api/tasks').query({ q: 'Nhiệm vụ gửi lại' }).set(auth(coordinator)).expect(200);
    expect(matching.body.total).toBe(1);
  });

  it('filters and pages the task list', async () => {
    const page = await stack.http.get('/api/tasks').query({ limit: 2, page: 1 }).set(auth(coordinator)).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(4);
    const completed = await stack.http.get('/api/tasks').query({ category: 'completed_on_time' }).set(auth(leader)).expect(200);
    expect(completed.body.items.map((task: { category: string }) => task.category)).toEqual(['completed_on_time']);
    const own = await stack.http.get('/api/tasks').set(auth(tax)).expect(200);
    expect(own.body.items.every((task: { coordinatingAgencies: string[] }) => task.coordinatingAgencies.includes('CT-HN'))).toBe(true);
    await stack.http.get('/api/tasks').query({ category: 'late' }).set(auth(leader)).expect(400);
  });

  it('finds tasks, plans and agencies as Vietnamese users type: no diacritics, any case, đ as d', async () => {
    await createTask({ title: 'Xử lý tài sản, công nợ của HTX giải thể (đợt 2)' });
    const search = async (q: string) =>
      (await stack.http.get('/api/tasks').query({ q, limit: 200 }).set(auth(coordinator)).expect(200)).body.items.map(
        (task: { title: string }) => task.title,
      );
    const withMarks = await search('Xử lý tài sản');
    expect(withMarks.length).toBeGreaterThanOrEqual(2);
    expect(await search('xu ly tai san')).toEqual(withMarks);
    expect(await search('  XU LY   TAI SAN ')).toEqual(withMarks);
    expect(withMarks.every((title: string) => title.startsWith('Xử lý tài sản'))).toBe(true);
    expect(await search('dot 2')).toEqual(['Xử lý tài sản, công nợ của HTX giải thể (đợt 2)']);
    expect(await search('100%_')).toEqual([]);

    const agencies = await stack.http.get('/api/agencies').query({ q: 'so ke hoach va dau tu' }).set(auth(finance)).expect(200);
    expect(agencies.body.map((agency: { code: string }) => agency.code)).toEqual(['SKHDT']);
    const districts = await stack.http.get('/api/agencies').query({ q: 'DONG DA' }).set(auth(finance)).expect(200);
    expect(districts.body.map((agency: { code: string }) => agency.code)).toContain('UBND-DONG-DA');
    await stack.http.get('/api/plans').query({ q: 'ke hoach' }).set(auth(coordinator)).expect(200);
    await stack.http.get('/api/agencies').query({ q: 'x'.repeat(201) }).set(auth(finance)).expect(400);
  });

  it('folds every Vietnamese letter in SQL as foldVietnamese does', async () => {
    const letters = VIETNAMESE_MARKED_LETTERS + ' ĐẶNG Văn Ứng ' + 'Xử lý'.normalize('NFD');
    const [{ folded }] = await stack.dataSource.query(`SELECT fold_vietnamese($1) AS folded`, [letters]);
    expect(folded).toBe(foldVietnamese(letters.normalize('NFC')));
  });

  it('replays every history it produced with the current workflow code', async () => {
    expect(await replayHistories(stack.client, workflowIds, 'task-slice')).toEqual([]);
  });
});
