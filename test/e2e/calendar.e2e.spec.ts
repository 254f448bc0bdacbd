import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The working-day calendar over HTTP against the real API and PostgreSQL: the law's holidays,
 * working-day arithmetic, and the admin's overrides (the government's yearly swaps).
 */
describe('calendar (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  let agency: string;
  let leader: string;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'it.quantri', name: 'Quản trị hệ thống', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    agency = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });
    leader = await stack.tokenFor({ sub: 'ubnd.phochutich', role: 'leader' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const holidays = async (year: number, token = agency) =>
    (await stack.http.get('/api/calendar/holidays').query({ year }).set(auth(token)).expect(200)).body as {
      date: string;
      name: string;
      kind: string;
    }[];
  const workingDays = async (year: number) =>
    (await stack.http.get('/api/calendar/working-days').query({ year }).set(auth(agency)).expect(200)).body as { date: string; name: string }[];
  const addWorkingDays = async (from: string, days: number) =>
    (await stack.http.get('/api/calendar/add-working-days').query({ from, days }).set(auth(agency)).expect(200)).body;
  const put = (date: string, body: object, token = admin) => stack.http.put(`/api/calendar/overrides/${date}`).set(auth(token)).send(body);

  it('comes with the officially announced swaps of 2024–2026 already applied', async () => {
    expect((await holidays(2024)).map((d) => d.date)).toContain('2024-04-29');
    expect((await workingDays(2026)).map((d) => d.date)).toEqual(['2026-01-10', '2026-08-22']);
    expect(await addWorkingDays('2025-04-25', 1)).toEqual({ date: '2025-04-26' }); // Saturday 26/4/2025 was worked
    // The rest of this file starts from the law's calendar alone.
    for (const override of (await stack.http.get('/api/calendar/overrides').set(auth(admin)).expect(200)).body) {
      await stack.http.delete(`/api/calendar/overrides/${override.date}`).set(auth(admin)).expect(204);
    }
  });

  it("lists a year's days off to any signed-in user, Tết and compensatory days included", async () => {
    const days2024 = await holidays(2024);
    expect(days2024.map((d) => d.date)).toEqual([
      '2024-01-01',
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-04-18',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
      '2024-09-03',
    ]);
    expect(days2024[1]).toEqual({ date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday' });
    expect(days2024.filter((d) => d.kind === 'compensatory').map((d) => d.date)).toEqual(['2024-02-13', '2024-02-14']);
    for (const token of [coordinator, leader, admin]) expect(await holidays(2024, token)).toEqual(days2024);
    expect(await workingDays(2024)).toEqual([]);
    await stack.http.get('/api/calendar/holidays').query({ year: 2024 }).expect(401);
  });

  it('refuses a missing or out-of-range year, naming it', async () => {
    for (const year of [undefined, '', '1899', '2101', 'abc', '2024.5']) {
      const response = await stack.http
        .get('/api/calendar/holidays')
        .query(year === undefined ? {} : { year })
        .set(auth(agency))
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.body.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['year']));
    }
    const edge = await holidays(1900);
    expect(edge[0]).toMatchObject({ date: '1900-01-01' });
    await stack.http.get('/api/calendar/working-days').query({ year: 3000 }).set(auth(agency)).expect(400);
  });

  it('counts working days forward and back across Tết', async () => {
    expect(await addWorkingDays('2024-02-02', 4)).toEqual({ date: '2024-02-15' });
    expect(await addWorkingDays('2024-02-15', -4)).toEqual({ date: '2024-02-02' });
    expect(await addWorkingDays('2024-02-02', -1)).toEqual({ date: '2024-02-01' });
    expect(await addWorkingDays('2024-02-10', 0)).toEqual({ date: '2024-02-15' });
    expect(await addWorkingDays('2024-12-31', 1)).toEqual({ date: '2025-01-02' });
  });

  it('names each bad add-working-days parameter', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ from: '2024-02-30', days: '1' }, ['from']],
      [{ from: '02/02/2024', days: '1' }, ['from']],
      [{ from: '2024-02-02', days: 'abc' }, ['days']],
      [{ from: '2024-02-02', days: '' }, ['days']],
      [{ from: '2024-02-02', days: '1.5' }, ['days']],
      [{ from: '2024-02-02', days: '99999' }, ['days']],
      [{}, ['from', 'days']],
    ];
    for (const [query, paths] of cases) {
      const response = await stack.http.get('/api/calendar/add-working-days').query(query).set(auth(agency)).expect(400);
      expect([...new Set(response.body.details.map((d: { path: string }) => d.path))].sort()).toEqual([...paths].sort());
    }
  });

  it("applies the admin's official swap (2025: Fri 2/5 off, Sat 26/4 worked) everywhere", async () => {
    const off = await put('2025-05-02', { kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' }).expect(200);
    expect(off.body).toEqual({
      date: '2025-05-02',
      kind: 'day_off',
      name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)',
      updatedBy: 'it.quantri',
      updatedAt: expect.any(String),
      effective: true,
    });
    const worked = await put('2025-04-26', { kind: 'working_day' }).expect(200);
    expect(worked.body).toMatchObject({ date: '2025-04-26', kind: 'working_day', name: null, effective: true });

    expect(await holidays(2025)).toEqual(
      expect.arrayContaining([{ date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)', kind: 'day_off' }]),
    );
    expect(await workingDays(2025)).toEqual([{ date: '2025-04-26', name: 'Làm bù theo hoán đổi ngày làm việc' }]);
    // Thu 24/4 → Fri 25/4, Sat 26/4 (worked), Mon 28/4; from Tue 29/4, 30/4 and 1/5 are holidays and 2/5 swapped off → Mon 5/5.
    expect(await addWorkingDays('2025-04-24', 3)).toEqual({ date: '2025-04-28' });
    expect(await addWorkingDays('2025-04-29', 1)).toEqual({ date: '2025-05-05' });

    const listed = await stack.http.get('/api/calendar/overrides').query({ year: 2025 }).set(auth(coordinator)).expect(200);
    expect(listed.body.map((o: { date: string; updatedBy: string }) => [o.date, o.updatedBy])).toEqual([
      ['2025-04-26', 'it.quantri'],
      ['2025-05-02', 'it.quantri'],
    ]);
    const other = await stack.http.get('/api/calendar/overrides').query({ year: 2024 }).set(auth(admin)).expect(200);
    expect(other.body).toEqual([]);
  });

  it('accepts an override that changes nothing, idempotently, and can cancel or rename a holiday', async () => {
    const before = await holidays(2026);
    const first = await put('2026-03-03', { kind: 'working_day' }).expect(200); // an ordinary Tuesday
    expect(first.body).toMatchObject({ kind: 'working_day', effective: false });
    const again = await put('2026-03-03', { kind: 'working_day' }).expect(200);
    expect(again.body).toMatchObject({ date: '2026-03-03', kind: 'working_day', effective: false });
    expect(await holidays(2026)).toEqual(before);
    expect(await workingDays(2026)).toEqual([]);

    const renamed = await put('2026-09-02', { kind: 'day_off', name: '  Quốc khánh 2/9 (kỷ niệm 81 năm)  ' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Quốc khánh 2/9 (kỷ niệm 81 năm)', effective: false });
    expect((await holidays(2026)).find((d) => d.date === '2026-09-02')).toEqual({
      date: '2026-09-02',
      name: 'Quốc khánh 2/9 (kỷ niệm 81 năm)',
      kind: 'day_off',
    });

    await put('2026-01-01', { kind: 'working_day', name: 'Thử nghiệm: làm việc ngày 1/1' }).expect(200);
    expect((await holidays(2026)).map((d) => d.date)).not.toContain('2026-01-01');
    expect(await workingDays(2026)).toEqual([{ date: '2026-01-01', name: 'Thử nghiệm: làm việc ngày 1/1' }]);

    // Removing the overrides brings back what the law computes.
    for (const date of ['2026-03-03', '2026-09-02', '2026-01-01']) {
      await stack.http.delete(`/api/calendar/overrides/${date}`).set(auth(admin)).expect(204);
    }
    expect(await holidays(2026)).toEqual(before);
    const missing = await stack.http.delete('/api/calendar/overrides/2026-01-01').set(auth(admin)).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('lets only the admin change the calendar, and the coordinator read the overrides', async () => {
    for (const token of [coordinator, agency, leader]) {
      await put('2025-12-31', { kind: 'day_off' }, token).expect(403);
      await stack.http.delete('/api/calendar/overrides/2025-05-02').set(auth(token)).expect(403);
    }
    for (const token of [agency, leader]) await stack.http.get('/api/calendar/overrides').set(auth(token)).expect(403);
    await put('2025-12-31', { kind: 'day_off' }).set('Authorization', '').expect(401);
    const all = await stack.http.get('/api/calendar/overrides').set(auth(coordinator)).expect(200);
    expect(all.body.map((o: { date: string }) => o.date)).not.toContain('2025-12-31');
  });

  it('refuses a bad date or body, naming every bad field, and stores nothing', async () => {
    const badBody = await put('2025-12-31', { kind: 'holiday', name: '', extra: 1 }).expect(400);
    expect(badBody.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['extra', 'kind', 'name']);
    for (const date of ['2025-02-30', '31-12-2025', '1899-12-31']) {
      const badDate = await put(date, { kind: 'day_off' }).expect(400);
      expect(badDate.body.details).toEqual([{ path: 'date', message: expect.stringContaining('YYYY-MM-DD') }]);
    }
    await put('2025-12-31', {}).expect(400);
    const all = await stack.http.get('/api/calendar/overrides').set(auth(admin)).expect(200);
    expect(all.body.map((o: { date: string }) => o.date)).toEqual(['2025-04-26', '2025-05-02']);
  });

  it('answers a repeated PUT with the same Idempotency-Key once', async () => {
    const first = await put('2025-12-31', { kind: 'day_off' }).set('Idempotency-Key', 'calendar-31-12').expect(200);
    const repeat = await put('2025-12-31', { kind: 'day_off' }).set('Idempotency-Key', 'calendar-31-12').expect(200);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(repeat.body).toEqual(first.body);
    await put('2025-12-31', { kind: 'working_day' }).set('Idempotency-Key', 'calendar-31-12').expect(409);
    await stack.http.delete('/api/calendar/overrides/2025-12-31').set(auth(admin)).expect(204);
  });
});
