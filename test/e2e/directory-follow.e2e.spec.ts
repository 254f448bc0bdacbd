import { strFromU8, unzipSync } from 'fflate';
import { randomInt } from 'node:crypto';
import { HANOI_DISTRICTS } from '@giaoviec/domain';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 11, what follows the directory (items 4–6): after a reorganisation that merges SKHDT into STC and
 * abolishes the 30 districts into wards, a plan naming SKHDT and DISTRICTS is imported with STC and
 * COMMUNES and a warning per replacement; the dashboard counts the work of an abolished district under
 * its ward (and `?asOf=` under the agencies of a day); the consolidated report of a round opened before
 * the merge is issued by "Sở Tài chính", number "…/BC-STC".
 */
describe('the plans, the dashboard and the report follow the directory (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  let leader: string;
  const workflowIds: string[] = [];
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const yesterday = () => new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
  const thisYear = () => Number(today().slice(0, 4));
  /** "02/12/2026": how the warnings write the effective date (day two digits, month as a number). */
  const since = () => {
    const [year, month, day] = today().split('-');
    return `${day}/${Number(month)}/${year}`;
  };
  const wardsOf = (district: string) => (district === 'UBND-BA-DINH' ? ['P-BA-DINH', 'P-GIANG-VO'] : [`P-${district.slice('UBND-'.length)}`]);

  let roundId: string;
  let districtTask: string;
  let cancelledTask: string;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'admin', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    leader = await stack.tokenFor({ sub: 'ubnd.pct', role: 'leader' });

    // Before the reorganisation: a plan reported to SKHDT, issued (its round opened with SKHDT compiling)…
    const before = await stack.http
      .post('/api/plans')
      .set(auth(coordinator))
      .send({
        code: `HN-THEO-TRUOC-${run}`,
        title: 'Kế hoạch trước khi sắp xếp',
        issuer: 'UBND-TP',
        year: thisYear(),
        sections: [{ ref: 'I', title: 'Nhiệm vụ' }],
        reporting: { dueDate: `${thisYear()}-12-31`, rule: 'by', recipient: 'SKHDT', participants: ['SCT'] },
        tasks: [{ ref: 'I.1', section: 'I', title: 'Theo dõi thị trường', leadAgency: 'SCT', due: { date: `${thisYear()}-12-31` } }],
      })
      .expect(201);
    await stack.http.post(`/api/plans/${before.body.id}/issue`).set(auth(coordinator)).expect(202);
    const rounds = await waitForRounds(before.body.id);
    roundId = rounds[0].id;
    workflowIds.push(rounds[0].workflowId);

    // …an open task of a district and a cancelled one of another (it keeps its agency).
    const district = await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Việc của quận Ba Đình', leadAgency: 'UBND-BA-DINH', dueAt: inTenDays() }).expect(201);
    districtTask = district.body.id;
    const cancelled = await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Việc của quận Tây Hồ', leadAgency: 'UBND-TAY-HO', dueAt: inTenDays() }).expect(201);
    cancelledTask = cancelled.body.id;
    await stack.http.post(`/api/tasks/${cancelledTask}/cancel`).set(auth(coordinator)).send({ reason: 'Không còn phù hợp' }).expect(200);

    const districts = HANOI_DISTRICTS.map((agency) => agency.code);
    const applied = await stack.http
      .post('/api/agencies/reorganizations')
      .set(auth(admin))
      .send({
        effectiveDate: today(),
        title: 'Sắp xếp tổ chức bộ máy (kiểm thử)',
        changes: [
          { kind: 'merge', from: ['SKHDT', 'STC'], into: 'STC' },
          ...districts.flatMap((code) =>
            wardsOf(code).map((ward) => ({ kind: 'create', code: ward, name: `Ủy ban nhân dân phường ${ward.slice(2)}`, agencyKind: 'district', groups: ['COMMUNES'] })),
          ),
          ...districts.map((code) => ({ kind: 'abolish', code, successors: wardsOf(code), openTasksTo: wardsOf(code)[0] })),
        ],
      })
      .expect(201);
    expect(applied.body).toMatchObject({ applied: true });
  });

  async function waitForRounds(planId: string): Promise<{ id: string; workflowId: string }[]> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const rounds = (await stack.http.get(`/api/plans/${planId}/reporting-rounds`).set(auth(coordinator)).expect(200)).body;
      if (rounds.total > 0) return rounds.items;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the plan round did not open');
  }

  afterAll(async () => {
    // Leave nothing running on the shared Temporal server.
    if (stack) {
      const rows: { workflow_id: string }[] = await stack.dataSource.query(`SELECT workflow_id FROM tasks WHERE status NOT IN ('completed', 'cancelled')`);
      const ids = [...rows.map((row) => row.workflow_id), ...workflowIds];
      await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).terminate('kết thúc kiểm thử').catch(() => undefined)));
    }
    await stack?.close();
  });

  it('imports a plan naming SKHDT and DISTRICTS with STC and COMMUNES, a warning per replacement', async () => {
    const year = thisYear() + 1;
    const imported = await stack.http
      .post('/api/plans')
      .set(auth(coordinator))
      .set('Content-Type', 'application/yaml')
      .send(
        [
          `code: HN-${year}-THEO-${run}`,
          `title: Kế hoạch năm ${year}`,
          'issuer: UBND-TP',
          `year: ${year}`,
          'sections: [{ ref: I, title: Nhiệm vụ }]',
          `reporting: { dueDate: ${year}-12-10, rule: before, recipient: SKHDT }`,
          'tasks:',
          `  - { ref: I.1, section: I, title: Tổng hợp, leadAgency: SKHDT, coordinatingAgencies: [STC, SCT], due: { date: ${year}-06-30 } }`,
          `  - { ref: I.2, section: I, title: Các xã phường triển khai, leadAgency: DISTRICTS, due: { date: ${year}-06-30 } }`,
          '',
        ].join('\n'),
      )
      .expect(201);
    expect(imported.body.warnings).toEqual(
      expect.arrayContaining([
        { path: 'reporting.recipient', message: `SKHDT đã hợp nhất vào STC từ ${since()}` },
        { path: 'tasks[0].leadAgency', message: `SKHDT đã hợp nhất vào STC từ ${since()}` },
        { path: 'tasks[1].leadAgency', message: `Nhóm DISTRICTS đã kết thúc từ ${since()}; thay bằng nhóm COMMUNES` },
      ]),
    );
    // The 30 districts became 31 wards here (Ba Đình into two): one task for STC, one per ward.
    expect(imported.body).toMatchObject({ taskCount: 2, agencyTaskCount: 1 + 31 });
    const plan = (await stack.http.get(`/api/plans/${imported.body.id}`).set(auth(coordinator)).expect(200)).body;
    expect(plan.reporting.recipient).toBe('STC');
    const leads = plan.tasks.map((task: { leadAgency: string }) => task.leadAgency);
    expect(leads).toEqual(['STC', 'COMMUNES']);
    expect(plan.tasks[0].coordinatingAgencies).toEqual(['SCT']);
  });

  it('counts a district’s work under its ward today, and under the agencies of a day with ?asOf=', async () => {
    const moved = (await stack.http.get(`/api/tasks/${districtTask}`).set(auth(coordinator)).expect(200)).body;
    expect(moved.leadAgency).toBe('P-BA-DINH');
    expect((await stack.http.get(`/api/tasks/${cancelledTask}`).set(auth(coordinator)).expect(200)).body.leadAgency).toBe('UBND-TAY-HO');

    const overview = (await stack.http.get('/api/dashboard/overview').set(auth(leader)).expect(200)).body;
    expect(overview.agenciesOn).toBe(today());
    const row = (code: string, body = overview) => body.byAgency.find((agency: { agency: string }) => agency.agency === code);
    // The cancelled task of the abolished district counts for the ward that took over its work.
    expect(row('P-TAY-HO')).toMatchObject({ total: 1, byCategory: expect.objectContaining({ cancelled: 1 }) });
    expect(row('UBND-TAY-HO')).toBeUndefined();
    expect(row('P-BA-DINH')).toMatchObject({ total: 1 });

    // Today's agencies on the effective day; before it the work did not exist yet.
    const ofToday = (await stack.http.get('/api/dashboard/overview').query({ asOf: today() }).set(auth(leader)).expect(200)).body;
    expect(ofToday.agenciesOn).toBe(today());
    expect(row('P-BA-DINH', ofToday)).toMatchObject({ total: 1 });
    // Closed by a district that no longer exists that day: under the ward holding its work.
    expect(row('P-TAY-HO', ofToday)).toMatchObject({ total: 1 });
    expect(row('UBND-TAY-HO', ofToday)).toBeUndefined();
    const ofYesterday = (await stack.http.get('/api/dashboard/overview').query({ asOf: yesterday() }).set(auth(leader)).expect(200)).body;
    expect(row('P-BA-DINH', ofYesterday)).toBeUndefined();
    expect(row('UBND-BA-DINH', ofYesterday)).toBeUndefined();

    const refused = await stack.http.get('/api/dashboard/overview').query({ asOf: '2025-02-30' }).set(auth(leader)).expect(400);
    expect(JSON.stringify(refused.body)).toContain('asOf');
  });

  it('has the consolidated report issued by the coordinating office’s successor: SỞ TÀI CHÍNH, …/BC-STC', async () => {
    const summary = (await stack.http.get(`/api/reporting-rounds/${roundId}/summary`).set(auth(leader)).expect(200)).body;
    expect(summary.compiledBy).toEqual({ code: 'STC', name: 'Sở Tài chính' });
    expect(summary.taskStatistics.agenciesAsOf).toBeUndefined();
    const ofToday = (await stack.http.get(`/api/reporting-rounds/${roundId}/summary`).query({ asOf: today() }).set(auth(leader)).expect(200)).body;
    expect(ofToday.taskStatistics).toMatchObject({ agenciesAsOf: today(), total: 1 });
    await stack.http.get(`/api/reporting-rounds/${roundId}/summary`).query({ asOf: 'hôm qua' }).set(auth(leader)).expect(400);
    const docx = await stack.http
      .get(`/api/reporting-rounds/${roundId}/summary`)
      .query({ format: 'docx' })
      .set(auth(leader))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const xml = strFromU8(unzipSync(new Uint8Array(docx.body as Buffer))['word/document.xml']);
    expect(xml).toContain('SỞ TÀI CHÍNH');
    expect(xml).not.toContain('SỞ KẾ HOẠCH VÀ ĐẦU TƯ');
    expect(xml).toMatch(/\/BC-STC</);
  });
});
