import fs from 'node:fs';
import path from 'node:path';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * Issue 11 end to end: a reorganisation merges departments and abolishes a district into two new wards;
 * the dry run counts, the application moves open tasks through their workflows, access follows them.
 */
describe('reorganisations (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
  const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'admin', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function createTask(leadAgency: string, coordinatingAgencies: string[] = []) {
    const response = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: `Nhiệm vụ của ${leadAgency}`, leadAgency, coordinatingAgencies, dueAt: inTenDays() })
      .expect(201);
    return response.body as { id: string };
  }

  it('refuses a bad request naming each change, and changes nothing', async () => {
    const response = await stack.http
      .post('/api/agencies/reorganizations')
      .set(auth(admin))
      .send({
        effectiveDate: today(),
        title: 'Sai',
        changes: [
          { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'STNMT' },
          { kind: 'abolish', code: 'UBND-TAY-HO', successors: ['SNNPTNT'], openTasksTo: 'each' },
          { kind: 'rename', code: 'KHONG-CO', name: 'Không có' },
        ],
      })
      .expect(400);
    expect(response.body.details.map((detail: { path: string }) => detail.path)).toEqual(['changes[1].successors[0]', 'changes[2].code']);
    const agencies = await stack.http.get('/api/agencies').set(auth(admin)).expect(200);
    expect(agencies.body.find((agency: { code: string }) => agency.code === 'STNMT').validTo).toBeNull();
    await stack.http.post('/api/agencies/reorganizations').set(auth(coordinator)).send({}).expect(403);
    // A body that is not an object (found by the fuzz: it answered 500) is a 400 naming the body.
    const notAnObject = await stack.http.post('/api/agencies/reorganizations?dryRun=false').set(auth(admin)).send([]).expect(400);
    expect(notAnObject.body.details).toEqual([{ path: 'body', message: expect.any(String) }]);
  });

  it('dry-runs, then applies: tasks move through their workflows, access follows', async () => {
    const environment = await createTask('STNMT', ['SCT']);
    const agriculture = await createTask('SNNPTNT', ['STNMT']);
    const district = await createTask('UBND-BA-DINH');
    const fannedDistrict = await createTask('UBND-TAY-HO');
    const done = await createTask('STNMT');
    const environmentToken = await stack.tokenFor({ sub: 'stnmt.cv', role: 'agency', agency: 'STNMT' });
    await stack.http.post(`/api/tasks/${done.id}/cancel`).set(auth(coordinator)).send({ reason: 'Không còn phù hợp' }).expect(200);

    const body = {
      effectiveDate: today(),
      title: 'Sắp xếp tổ chức bộ máy',
      legalBasis: 'Nghị quyết thử nghiệm',
      changes: [
        { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
        { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
        { kind: 'create', code: 'P-BA-DINH', name: 'Ủy ban nhân dân phường Ba Đình', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'create', code: 'P-GIANG-VO', name: 'Ủy ban nhân dân phường Giảng Võ', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'abolish', code: 'UBND-BA-DINH', successors: ['P-BA-DINH', 'P-GIANG-VO'], openTasksTo: 'P-BA-DINH' },
        { kind: 'create', code: 'P-TAY-HO', name: 'Ủy ban nhân dân phường Tây Hồ', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'abolish', code: 'UBND-TAY-HO', successors: ['P-TAY-HO', 'P-GIANG-VO'], openTasksTo: 'each' },
      ],
    };
    const dry = await stack.http.post('/api/agencies/reorganizations?dryRun=true').set(auth(admin)).send(body).expect(200);
    expect(dry.body).toMatchObject({ applied: false, dryRun: true, movedTasks: 4 });
    expect(dry.body.moves).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ taskId: environment.id, from: 'STNMT', to: 'SNNMT', coordinatingAgencies: ['SCT'] }),
        expect.objectContaining({ taskId: agriculture.id, from: 'SNNPTNT', to: 'SNNMT', coordinatingAgencies: [] }),
        expect.objectContaining({ taskId: district.id, to: 'P-BA-DINH' }),
        expect.objectContaining({ taskId: fannedDistrict.id, to: 'P-TAY-HO', coordinatingAgencies: [], fanOut: ['P-TAY-HO', 'P-GIANG-VO'] }),
      ]),
    );
    await stack.http.get(`/api/tasks/${environment.id}`).set(auth(environmentToken)).expect(200);
    expect((await stack.http.get('/api/agencies/reorganizations').set(auth(admin)).expect(200)).body).toEqual([]);

    const groupsOf = async (code: string) =>
      ((await stack.http.get('/api/agencies/groups').set(auth(admin)).expect(200)).body as { code: string; members: string[] }[])
        .filter((group) => group.members.includes(code))
        .map((group) => group.code)
        .sort();
    // The Hanoi 2024 plan declares "các Sở, ban, ngành" (SO-NGANH) and the other groups STNMT is in; imported, not issued.
    const groupsPlan = fs.readFileSync(path.join(__dirname, '../../data/plans/hanoi-2024-kttt-htx.yaml'), 'utf8');
    await stack.http.post('/api/plans').set(auth(coordinator)).set('Content-Type', 'application/yaml').send(groupsPlan).expect(201);
    const environmentGroups = await groupsOf('STNMT');
    expect(environmentGroups).not.toEqual([]);
    const applied = await stack.http.post('/api/agencies/reorganizations').set(auth(admin)).send(body).expect(201);
    // The merged department stays in "các Sở, ban, ngành" and every other group its parts were in.
    expect(await groupsOf('SNNMT')).toEqual(expect.arrayContaining(environmentGroups));
    // Created agencies answer to the body their predecessors answered to (the drafter reads the city's agencies by it).
    const created = ((await stack.http.get('/api/agencies').set(auth(admin)).expect(200)).body as { code: string; parentCode: string | null }[]).filter((agency) =>
      ['SNNMT', 'P-BA-DINH'].includes(agency.code),
    );
    expect(created.map((agency) => agency.parentCode)).toEqual(['UBND-TP', 'UBND-TP']);
    expect(applied.body).toMatchObject({ applied: true, movedTasks: 4, effectiveDate: today() });

    const newLead = await stack.tokenFor({ sub: 'snnmt.cv', role: 'agency', agency: 'SNNMT' });
    const moved = await stack.http.get(`/api/tasks/${environment.id}`).set(auth(newLead)).expect(200);
    expect(moved.body.leadAgency).toBe('SNNMT');
    const reassigned = moved.body.events.find((event: { type: string }) => event.type === 'reassigned');
    expect(reassigned.payload).toMatchObject({ from: 'STNMT', to: 'SNNMT', reason: 'tổ chức lại bộ máy', reorganization: { id: applied.body.id } });
    expect(moved.body.events[0].type).toBe('assigned');
    const ward = await stack.tokenFor({ sub: 'p.badinh', role: 'agency', agency: 'P-BA-DINH' });
    expect((await stack.http.get(`/api/tasks/${district.id}`).set(auth(ward)).expect(200)).body.leadAgency).toBe('P-BA-DINH');
    const cancelled = await stack.http.get(`/api/tasks/${done.id}`).set(auth(coordinator)).expect(200);
    expect(cancelled.body.leadAgency).toBe('STNMT');

    const refused = await stack.http.get(`/api/tasks/${environment.id}`).set(auth(environmentToken)).expect(403);
    expect(refused.body.message).toContain('SNNMT');
    // An ended code is refused naming its successors, not as unknown: a new task, a new token.
    const stale = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Giao cho cơ quan đã hợp nhất', leadAgency: 'STNMT', dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString() })
      .expect(400);
    expect(stale.body.details).toEqual([{ path: 'leadAgency', message: expect.stringContaining('cơ quan kế thừa: SNNMT') }]);
    const staleToken = await stack.http.post('/api/auth/dev-token').send({ sub: 'stnmt.moi', role: 'agency', agency: 'STNMT' }).expect(400);
    expect(staleToken.body.details).toEqual([{ path: 'agency', message: expect.stringContaining('cơ quan kế thừa: SNNMT') }]);

    // Today's directory, then the agencies that ended, with their successors.
    const directory = await stack.http.get('/api/agencies').set(auth(admin)).expect(200);
    const codes = directory.body.map((agency: { code: string }) => agency.code);
    expect(codes).toEqual(expect.arrayContaining(['SNNMT', 'P-BA-DINH']));
    expect(directory.body.find((agency: { code: string }) => agency.code === 'STNMT')).toMatchObject({ validTo: expect.any(String), successorCode: 'SNNMT' });
    expect(directory.body.find((agency: { code: string }) => agency.code === 'UBND-BA-DINH')).toMatchObject({ successorCodes: ['P-BA-DINH', 'P-GIANG-VO'] });
    expect(codes.indexOf('STNMT')).toBeGreaterThan(codes.indexOf('P-BA-DINH'));
    const ofToday = await stack.http.get(`/api/agencies?at=${today()}`).set(auth(admin)).expect(200);
    expect(ofToday.body.map((agency: { code: string }) => agency.code)).not.toContain('STNMT');
    const yesterday = new Date(Date.parse(`${today()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await stack.http.get(`/api/agencies?at=${yesterday}`).set(auth(admin)).expect(200);
    expect(before.body.find((agency: { code: string }) => agency.code === 'UBND-BA-DINH')).toMatchObject({
      validTo: yesterday,
      successorCode: 'P-BA-DINH',
      successorCodes: ['P-BA-DINH', 'P-GIANG-VO'],
    });
    const list = await stack.http.get('/api/agencies/reorganizations').set(auth(admin)).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: applied.body.id, status: 'applied', movedTasks: 4 })]);
  });

  it('applies a future reorganisation by its timer, and cancels another', async () => {
    const task = await createTask('SCT');
    const effectiveAt = new Date(Date.now() + 4000);
    const date = new Date(effectiveAt.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    const body = {
      effectiveDate: date,
      effectiveAt: effectiveAt.toISOString(),
      title: 'Đổi tên và hợp nhất',
      changes: [{ kind: 'merge', from: ['SCT', 'SKHCN'], into: 'SKHCN' }],
    };
    const scheduled = await stack.http.post('/api/agencies/reorganizations').set(auth(admin)).send(body).expect(201);
    expect(scheduled.body).toMatchObject({ applied: false });
    const deadline = Date.now() + 30_000;
    let lead = 'SCT';
    while (lead === 'SCT' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      lead = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body.leadAgency;
    }
    expect(lead).toBe('SKHCN');

    const later = await stack.http
      .post('/api/agencies/reorganizations')
      .set(auth(admin))
      .send({ effectiveDate: '2099-01-01', title: 'Xa', changes: [{ kind: 'rename', code: 'STC', name: 'Sở Tài chính mới' }] })
      .expect(201);
    const cancelled = await stack.http.delete(`/api/agencies/reorganizations/${later.body.id}`).set(auth(admin)).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await stack.http.delete(`/api/agencies/reorganizations/${later.body.id}`).set(auth(admin)).expect(409);
  });
});
