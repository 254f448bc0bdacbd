import { randomInt } from 'node:crypto';
import { replayHistories } from '../support/replay';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * Issue 11 end to end, what a reorganisation moves: a plan's tasks of a department and of two districts and
 * its open reporting round; a reorganisation merging the department and abolishing the districts into new
 * wards — one to a named successor, one to each — dry-run first (counts, nothing changes), then applied:
 * `reassigned` events naming it, a task split off for the second ward under the same plan task, the round's
 * participants swapped (a report already sent counts for the successor), access moved, the former agencies'
 * tokens refused, the dashboard's counts carried over. Then a future one applied by its timer.
 */
describe('reorganisations move open work (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  let leader: string;
  let planId: string;
  let roundId: string;
  /** A plan code of this run: Temporal keeps workflow IDs across test databases. */
  const code = `REORG-${Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('')}`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const agencyToken = (agency: string) => stack.tokenFor({ sub: `${agency.toLowerCase()}.cv`, role: 'agency', agency });
  const planTasks = async () =>
    (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body.tasks as {
      ref: string;
      counts: { total: number };
      children: { id: string; workflowId: string; leadAgency: string; coordinatingAgencies: string[] }[];
    }[];
  const byAgency = async () => {
    const overview = (await stack.http.get('/api/dashboard/overview').query({ planId }).set(auth(leader)).expect(200)).body;
    return { total: overview.total as number, agencies: Object.fromEntries(overview.byAgency.map((row: { agency: string; total: number }) => [row.agency, row.total])) };
  };

  const plan = `
code: ${code}
title: Kế hoạch thử nghiệm sắp xếp tổ chức năm 2027
issuer: UBND-TP
year: 2027
deadlineRule: by
sections: [{ ref: I, title: Nhiệm vụ }]
tasks:
  - { ref: I.1, section: I, title: Hướng dẫn HTX bảo vệ môi trường, leadAgency: STNMT, coordinatingAgencies: [UBND-HOAN-KIEM, SCT], due: { date: 2027-06-30 } }
  - { ref: I.2, section: I, title: Hướng dẫn HTX trên địa bàn quận Hoàn Kiếm, leadAgency: UBND-HOAN-KIEM, due: { date: 2027-06-30 } }
  - { ref: I.3, section: I, title: Hướng dẫn HTX trên địa bàn quận Đống Đa, leadAgency: UBND-DONG-DA, due: { date: 2027-06-30 } }
indicators:
  - { code: HTX-MOI, name: Số HTX thành lập mới, unit: HTX, target: { kind: at_least, value: 5 }, aggregation: sum, reporters: [UBND-DONG-DA] }
`;

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'admin', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    leader = await stack.tokenFor({ sub: 'ubnd.pct', role: 'leader' });
    const imported = await stack.http.post('/api/plans').set(auth(coordinator)).set('Content-Type', 'application/yaml').send(plan).expect(201);
    planId = imported.body.id;
    await stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).expect(202);
    await waitFor(planTasks, (tasks) => tasks.every((task) => task.children.length === 1));
    const round = await stack.http
      .post(`/api/plans/${planId}/reporting-rounds`)
      .set(auth(coordinator))
      .send({ dueAt: new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString(), participants: ['STNMT', 'UBND-HOAN-KIEM', 'UBND-DONG-DA', 'SCT'] })
      .expect(201);
    roundId = round.body.id;
  });

  afterAll(async () => {
    // Leave nothing running on the shared Temporal server.
    if (stack) {
      const rows: { workflow_id: string }[] = await stack.dataSource.query(
        `SELECT workflow_id FROM tasks UNION ALL SELECT workflow_id FROM reporting_rounds UNION ALL SELECT workflow_id FROM reorganizations`,
      );
      await Promise.all(rows.map(({ workflow_id }) => stack.client.workflow.getHandle(workflow_id).terminate('kết thúc kiểm thử').catch(() => undefined)));
    }
    await stack?.close();
  });

  it('dry-runs, then applies: tasks move or fan out through their workflows, the round swaps participants, access follows', async () => {
    const environment = await agencyToken('STNMT');
    const dongDa = await agencyToken('UBND-DONG-DA');
    await stack.http.post(`/api/reporting-rounds/${roundId}/reports`).set(auth(environment)).send({ content: 'Sở TN&MT: đã hướng dẫn 3 HTX.', indicatorActuals: [] }).expect(201);
    const [task1, task2, task3] = (await planTasks()).map((task) => task.children[0]);
    expect((await byAgency()).agencies).toEqual({ STNMT: 1, 'UBND-HOAN-KIEM': 1, 'UBND-DONG-DA': 1 });

    const body = {
      effectiveDate: today(),
      title: 'Sắp xếp tổ chức bộ máy thử nghiệm',
      changes: [
        { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
        { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
        { kind: 'create', code: 'P-HOAN-KIEM', name: 'Ủy ban nhân dân phường Hoàn Kiếm', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'create', code: 'P-CUA-NAM', name: 'Ủy ban nhân dân phường Cửa Nam', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'abolish', code: 'UBND-HOAN-KIEM', successors: ['P-HOAN-KIEM', 'P-CUA-NAM'], openTasksTo: 'P-HOAN-KIEM' },
        { kind: 'create', code: 'P-DONG-DA', name: 'Ủy ban nhân dân phường Đống Đa', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'create', code: 'P-KIM-LIEN', name: 'Ủy ban nhân dân phường Kim Liên', agencyKind: 'district', groups: ['COMMUNES'] },
        { kind: 'abolish', code: 'UBND-DONG-DA', successors: ['P-DONG-DA', 'P-KIM-LIEN'], openTasksTo: 'each' },
      ],
    };

    // Dry run: the counts and the list, and nothing changes.
    const dry = await stack.http.post('/api/agencies/reorganizations?dryRun=true').set(auth(admin)).send(body).expect(200);
    expect(dry.body).toMatchObject({ applied: false, dryRun: true, movedTasks: 3, movedRoundParticipants: 3, createdTasks: 1 });
    // Tasks issued together are listed in no particular order among themselves.
    expect(dry.body.moves).toHaveLength(3);
    expect(dry.body.moves).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ taskId: task1.id, from: 'STNMT', to: 'SNNMT', coordinatingAgencies: ['P-HOAN-KIEM', 'SCT'] }),
        expect.objectContaining({ taskId: task2.id, from: 'UBND-HOAN-KIEM', to: 'P-HOAN-KIEM' }),
        expect.objectContaining({ taskId: task3.id, from: 'UBND-DONG-DA', to: 'P-DONG-DA', fanOut: ['P-DONG-DA', 'P-KIM-LIEN'] }),
      ]),
    );
    expect(dry.body.roundMoves).toEqual([
      { roundId, title: expect.any(String), from: 'STNMT', to: 'SNNMT' },
      { roundId, title: expect.any(String), from: 'UBND-HOAN-KIEM', to: 'P-HOAN-KIEM' },
      { roundId, title: expect.any(String), from: 'UBND-DONG-DA', to: 'P-DONG-DA' },
    ]);
    await stack.http.get(`/api/tasks/${task3.id}`).set(auth(dongDa)).expect(200);
    expect((await stack.http.get(`/api/reporting-rounds/${roundId}`).set(auth(coordinator)).expect(200)).body.participants).toHaveLength(4);
    expect((await planTasks()).map((task) => task.counts.total)).toEqual([1, 1, 1]);

    // Applied.
    const applied = await stack.http.post('/api/agencies/reorganizations').set(auth(admin)).send(body).expect(201);
    expect(applied.body).toMatchObject({ applied: true, movedTasks: 3, movedRoundParticipants: 3, createdTasks: 1 });
    const reorganization = { id: applied.body.id, title: body.title };

    // Each moved task has a `reassigned` event naming the reorganisation; its new lead sees the whole history.
    const snnmt = await agencyToken('SNNMT');
    const moved1 = (await stack.http.get(`/api/tasks/${task1.id}`).set(auth(snnmt)).expect(200)).body;
    expect(moved1).toMatchObject({ leadAgency: 'SNNMT', coordinatingAgencies: ['P-HOAN-KIEM', 'SCT'] });
    expect(moved1.events.map((event: { type: string }) => event.type)).toEqual(['assigned', 'reassigned']);
    expect(moved1.events[1].payload).toMatchObject({ from: 'STNMT', to: 'SNNMT', reason: 'tổ chức lại bộ máy', reorganization });
    const hoanKiem = await agencyToken('P-HOAN-KIEM');
    await stack.http.get(`/api/tasks/${task1.id}`).set(auth(hoanKiem)).expect(200); // now a coordinating agency of it
    const moved2 = (await stack.http.get(`/api/tasks/${task2.id}`).set(auth(hoanKiem)).expect(200)).body;
    expect(moved2.events[1].payload).toMatchObject({ from: 'UBND-HOAN-KIEM', to: 'P-HOAN-KIEM', reorganization });

    // To each: the first ward takes the task, the second gets its own under the same plan task, which aggregates both.
    const wardDongDa = await agencyToken('P-DONG-DA');
    const moved3 = (await stack.http.get(`/api/tasks/${task3.id}`).set(auth(wardDongDa)).expect(200)).body;
    expect(moved3.events[1].payload).toMatchObject({ from: 'UBND-DONG-DA', to: 'P-DONG-DA', reorganization: { ...reorganization, fanOut: ['P-DONG-DA', 'P-KIM-LIEN'] } });
    const tasks = await planTasks();
    expect(tasks.map((task) => task.counts.total)).toEqual([1, 1, 2]);
    expect(tasks[2].children.map((child) => child.leadAgency)).toEqual(['P-DONG-DA', 'P-KIM-LIEN']);
    const kimLien = await agencyToken('P-KIM-LIEN');
    const split = (await stack.http.get(`/api/tasks/${tasks[2].children[1].id}`).set(auth(kimLien)).expect(200)).body;
    expect(split).toMatchObject({ leadAgency: 'P-KIM-LIEN', status: 'assigned', dueAt: moved3.dueAt, title: moved3.title });
    expect(split.events[0].payload).toMatchObject({ reason: 'tổ chức lại bộ máy', reorganization, from: 'UBND-DONG-DA', fromTaskId: task3.id });

    // The former agencies' tokens are refused, naming their successors.
    expect((await stack.http.get(`/api/tasks/${task1.id}`).set(auth(environment)).expect(403)).body.message).toContain('SNNMT');
    expect((await stack.http.get(`/api/tasks/${task3.id}`).set(auth(dongDa)).expect(403)).body.message).toContain('P-DONG-DA');

    // The round: successors in their predecessors' places; the report already sent stays with its sender and counts for SNNMT.
    const round = (await stack.http.get(`/api/reporting-rounds/${roundId}`).set(auth(snnmt)).expect(200)).body;
    expect(round.participants.map((participant: { agency: string; status: string }) => [participant.agency, participant.status])).toEqual([
      ['SNNMT', 'submitted'],
      ['P-HOAN-KIEM', 'pending'],
      ['P-DONG-DA', 'pending'],
      ['SCT', 'pending'],
    ]);
    const summary = (await stack.http.get(`/api/reporting-rounds/${roundId}/summary`).set(auth(coordinator)).set('Accept', 'application/json').expect(200)).body;
    expect(summary.participants.find((participant: { agency: string }) => participant.agency === 'SNNMT')).toMatchObject({
      status: 'submitted',
      content: 'Sở TN&MT: đã hướng dẫn 3 HTX.',
    });
    const versions = (await stack.http.get(`/api/reporting-rounds/${roundId}/reports`).set(auth(coordinator)).expect(200)).body;
    expect(JSON.stringify(versions)).toContain('"agency":"STNMT"');
    const amended = await stack.http.post(`/api/reporting-rounds/${roundId}/reports`).set(auth(snnmt)).send({ content: 'Sở NN&MT: đã hướng dẫn 5 HTX.', indicatorActuals: [] }).expect(201);
    expect(amended.body.ownReport).toMatchObject({ agency: 'SNNMT', version: 2 });
    // The ward reports the actual its district was to report.
    const ward = await stack.http
      .post(`/api/reporting-rounds/${roundId}/reports`)
      .set(auth(wardDongDa))
      .send({ content: 'Phường Đống Đa.', indicatorActuals: [{ indicator: 'HTX-MOI', value: 2 }] })
      .expect(201);
    expect(ward.body.reportableIndicators).toEqual([expect.objectContaining({ code: 'HTX-MOI' })]);
    const events = (await stack.http.get(`/api/reporting-rounds/${roundId}`).set(auth(coordinator)).expect(200)).body.events as { type: string; payload: unknown }[];
    expect(events.map((event) => event.type)).toEqual(['opened', 'report_submitted', 'participants_replaced', 'report_amended', 'report_submitted']);
    expect(events[2].payload).toMatchObject({ reorganization, participants: ['SNNMT', 'P-HOAN-KIEM', 'P-DONG-DA', 'SCT'] });

    // The dashboard counts the work under the agencies that hold it now: nothing lost, the fan-out added.
    expect(await byAgency()).toEqual({ total: 4, agencies: { SNNMT: 1, 'P-HOAN-KIEM': 1, 'P-DONG-DA': 1, 'P-KIM-LIEN': 1 } });
    const list = (await stack.http.get('/api/agencies/reorganizations').set(auth(admin)).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ id: applied.body.id, status: 'applied', movedTasks: 3, movedRoundParticipants: 3, createdTasks: 1 })]);

    // What the reorganisation recorded replays with the current code (RECORD_HISTORIES=<tag> keeps it for test/replay).
    const workflowIds = [round.workflowId, task3.workflowId, tasks[2].children[1].workflowId, list[0].workflowId];
    expect(await replayHistories(stack.client, workflowIds, 'reorganization-moves')).toEqual([]);
  });

  it('applies a future reorganisation by its timer: an ad-hoc task fans out, the round swaps its participant', async () => {
    const task = (
      await stack.http
        .post('/api/tasks')
        .set(auth(coordinator))
        .send({ title: 'Rà soát HTX huyện Ba Vì', leadAgency: 'UBND-BA-VI', dueAt: new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString() })
        .expect(201)
    ).body;
    const round = (
      await stack.http
        .post(`/api/plans/${planId}/reporting-rounds`)
        .set(auth(coordinator))
        .send({ dueAt: new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString(), participants: ['UBND-BA-VI', 'SCT'] })
        .expect(201)
    ).body;
    const effectiveAt = new Date(Date.now() + 4000);
    const date = new Date(effectiveAt.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
    const scheduled = await stack.http
      .post('/api/agencies/reorganizations')
      .set(auth(admin))
      .send({
        effectiveDate: date,
        effectiveAt: effectiveAt.toISOString(),
        title: 'Thành lập các xã thuộc huyện Ba Vì',
        changes: [
          { kind: 'create', code: 'X-BA-VI', name: 'Ủy ban nhân dân xã Ba Vì', agencyKind: 'district', groups: ['COMMUNES'] },
          { kind: 'create', code: 'X-TAN-VIEN', name: 'Ủy ban nhân dân xã Tản Viên', agencyKind: 'district', groups: ['COMMUNES'] },
          { kind: 'abolish', code: 'UBND-BA-VI', successors: ['X-BA-VI', 'X-TAN-VIEN'], openTasksTo: 'each' },
        ],
      })
      .expect(201);
    expect(scheduled.body).toMatchObject({ applied: false });

    const lead = await waitFor(
      async () => (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body.leadAgency as string,
      (agency) => agency === 'X-BA-VI',
      60_000,
    );
    expect(lead).toBe('X-BA-VI');
    const participants = await waitFor(
      async () => (await stack.http.get(`/api/reporting-rounds/${round.id}`).set(auth(coordinator)).expect(200)).body.participants.map((p: { agency: string }) => p.agency) as string[],
      (codes) => codes[0] === 'X-BA-VI',
      30_000,
    );
    expect(participants).toEqual(['X-BA-VI', 'SCT']);
    const tanVien = await agencyToken('X-TAN-VIEN');
    const own = await waitFor(
      async () => (await stack.http.get('/api/tasks').set(auth(tanVien)).expect(200)).body.items as { title: string; leadAgency: string }[],
      (items) => items.length === 1,
      30_000,
    );
    expect(own[0]).toMatchObject({ title: 'Rà soát HTX huyện Ba Vì', leadAgency: 'X-TAN-VIEN' });
    // Outside any plan task, the original task shows the group the fan-out made of it, aggregated as a group task.
    const original = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body;
    expect(original.fannedOut).toMatchObject({ total: 2, status: 'assigned', byStatus: { assigned: 2 } });
    expect(original.fannedOut.children.map((child: { leadAgency: string }) => child.leadAgency)).toEqual(['X-BA-VI', 'X-TAN-VIEN']);
    const record = (await stack.http.get('/api/agencies/reorganizations').set(auth(admin)).expect(200)).body.find(
      (entry: { id: string }) => entry.id === scheduled.body.id,
    );
    expect(record).toMatchObject({ status: 'applied', movedTasks: 1, movedRoundParticipants: 1, createdTasks: 1 });
  });
});
