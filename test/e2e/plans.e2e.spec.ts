import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { parse as parseYaml } from 'yaml';
import { Worker } from '@temporalio/worker';
import { startTestStack, startTestWorker, workflowBundle, type TestStack } from '../support/test-stack';

/**
 * Plans end to end (issue 4), through the real API and worker on real Temporal and PostgreSQL: the five
 * seed files import, broken files are refused whole, Hanoi 2024 re-based to 2026 issues its ~360 task
 * workflows (30 per district item) exactly once — twice in a row, and across a worker that dies half-way.
 */
describe('plans (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let leader: string;
  const extraWorkers: { stop(): Promise<void> }[] = [];
  /** Issued plans' codes carry a random suffix: Temporal keeps workflow IDs across test databases. */
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  const issuedCodes: string[] = [];

  const PLANS_DIR = path.join(__dirname, '../../data/plans');
  const seed = (file: string) => fs.readFileSync(path.join(PLANS_DIR, file), 'utf8');
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const yamlType = { 'Content-Type': 'application/yaml' };
  /** Hanoi 2024 under a code of this test run, so its workflow IDs are new on a shared Temporal server. */
  const withRunCode = (file: string, tag: string) => seed(file).replace(/^code: (.+)$/m, (_line, code) => `code: ${code}-${tag}${run}`);

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', name: 'Sở KH&ĐT', role: 'coordinator' });
    leader = await stack.tokenFor({ sub: 'ubnd.pct', role: 'leader' });
  });

  afterAll(async () => {
    for (const worker of extraWorkers) await worker.stop();
    await stack?.stopWorker();
    // Leave nothing running on the shared Temporal server.
    if (stack && issuedCodes.length) {
      const rows: { workflow_id: string }[] = await stack.dataSource.query(`SELECT workflow_id FROM tasks WHERE plan_code = ANY($1)`, [issuedCodes]);
      await forEachConcurrently(rows, 32, async ({ workflow_id }) => {
        await stack.client.workflow.getHandle(workflow_id).terminate('kết thúc kiểm thử').catch(() => undefined);
      });
    }
    await stack?.close();
  });

  function importPlan(text: string, query: Record<string, string | number> = {}) {
    return stack.http.post('/api/plans').query(query).set(auth(coordinator)).set(yamlType).send(text);
  }

  async function planCount(): Promise<number> {
    const [{ count }] = await stack.dataSource.query(`SELECT count(*)::int AS count FROM plans`);
    return count;
  }

  describe('import', () => {
    it.each([
      ['hanoi-2024-kttt-htx.yaml', 'HN-2024-KTTT-HTX', 32, 14],
      ['hanoi-2020-htx.yaml', 'HN-2020-HTX', 13, 9],
      ['hoa-binh-2023-lmhtx.yaml', 'HB-2023-LMHTX', 12, 1],
      ['son-la-2024-kttt.yaml', 'SL-2024-KTTT', 5, 0],
      ['city-49-ctr-tu.yaml', 'TP-2023-CTR49-TU', 5, 13],
    ])('imports %s with its task and indicator counts', async (file, code, taskCount, indicatorCount) => {
      const response = await importPlan(seed(file)).expect(201);
      expect(response.body).toMatchObject({ code, taskCount, indicatorCount });
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
      const read = await stack.http.get(`/api/plans/${response.body.id}`).set(auth(leader)).expect(200);
      expect(read.body.tasks).toHaveLength(taskCount);
      expect(read.body.indicators).toHaveLength(indicatorCount);
      expect(read.body.warnings).toEqual(response.body.warnings);
    });

    it('lists the imported plans and adds the agencies a plan declares to the directory', async () => {
      const list = await stack.http.get('/api/plans').set(auth(coordinator)).expect(200);
      expect(list.body.items.map((plan: { code: string }) => plan.code).sort()).toEqual(
        ['HB-2023-LMHTX', 'HN-2020-HTX', 'HN-2024-KTTT-HTX', 'SL-2024-KTTT', 'TP-2023-CTR49-TU'].sort(),
      );
      const directory = await stack.http.get('/api/agencies').set(auth(coordinator)).expect(200);
      const codes = directory.body.map((agency: { code: string }) => agency.code);
      expect(codes).toEqual(expect.arrayContaining(['HB-LMHTX', 'HB-SNV', 'SL-UBND', 'TP49-UBND']));
      const groups = await stack.http.get('/api/agencies/groups').set(auth(coordinator)).expect(200);
      const hbGroup = groups.body.find((group: { code: string }) => group.code === 'HB-DIA-PHUONG');
      expect(hbGroup.members).toHaveLength(10);
    });

    it("keeps Sơn La's 38-vs-34 warning with the plan", async () => {
      const list = await stack.http.get('/api/plans').set(auth(coordinator)).expect(200);
      const sonLa = list.body.items.find((plan: { code: string }) => plan.code === 'SL-2024-KTTT');
      const read = await stack.http.get(`/api/plans/${sonLa.id}`).set(auth(coordinator)).expect(200);
      const warning = read.body.warnings.find((w: { path?: string }) => w.path === 'statedCounts[1]');
      expect(warning.message).toContain('38 nhiệm vụ chi tiết');
      expect(warning.message).toContain('34');
    });

    it('accepts JSON and re-bases with ?year=', async () => {
      const json = parseYaml(seed('city-49-ctr-tu.yaml'));
      const response = await stack.http.post('/api/plans').query({ year: 2025 }).set(auth(coordinator)).send(json).expect(201);
      expect(response.body).toMatchObject({ code: 'TP-2025-CTR49-TU', taskCount: 5, indicatorCount: 13 });
      const read = await stack.http.get(`/api/plans/${response.body.id}`).set(auth(coordinator)).expect(200);
      expect(read.body).toMatchObject({ year: 2025, templateYear: 2023 });
      // 2030 and 2045 horizons stay where they are.
      expect(read.body.indicators.map((i: { horizon: number }) => i.horizon).sort()).toEqual([...Array(9).fill(2030), ...Array(4).fill(2045)]);
    });

    it('refuses malformed YAML with the line, and stores nothing', async () => {
      const before = await planCount();
      const broken = seed('hanoi-2020-htx.yaml').replace('title: Kế hoạch phát triển', 'title: [Kế hoạch phát triển');
      const response = await importPlan(broken).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(response.body.details[0].message).toMatch(/YAML syntax error at line \d+, column \d+/);
      expect(await planCount()).toBe(before);
    });

    it('refuses a file with unknown agencies and bad offsets, naming every problem, and stores nothing (not even its agencies)', async () => {
      const before = await planCount();
      const file = `
code: QN-2026-THU
title: Kế hoạch thử năm 2026
issuer: QN-UBND
year: 2026
agencies:
  - { code: QN-UBND, name: Ủy ban nhân dân tỉnh Quảng Ninh, kind: committee }
policy: { remindBefore: [99999wd] }
sections: [{ ref: I, title: Nhiệm vụ }]
tasks:
  - { ref: I.1, section: I, title: Việc một, leadAgency: QN-UBND, due: { date: 2026-12-31 } }
  - { ref: I.2, section: I, title: Việc hai, leadAgency: KHONG-CO, coordinatingAgencies: [STC, NOPE], due: { date: 2026-12-31 } }
`;
      const response = await importPlan(file).expect(400);
      expect(response.body.details).toEqual(
        expect.arrayContaining([
          { path: 'tasks[1].leadAgency', message: 'unknown agency "KHONG-CO"' },
          { path: 'tasks[1].coordinatingAgencies[1]', message: 'unknown agency "NOPE"' },
          expect.objectContaining({ path: 'policy.remindBefore[0]' }),
        ]),
      );
      expect(response.body.message).toContain('không có gì được lưu');
      expect(await planCount()).toBe(before);
      const [{ count }] = await stack.dataSource.query(`SELECT count(*)::int AS count FROM agencies WHERE code = 'QN-UBND'`);
      expect(count).toBe(0);
    });

    it('refuses a schema-invalid file with the field and its line', async () => {
      const response = await importPlan(seed('hanoi-2020-htx.yaml').replace('year: 2020', 'year: hai nghìn')).expect(400);
      expect(response.body.details).toEqual([expect.objectContaining({ path: 'year', message: expect.stringMatching(/dòng 20/) })]);
    });

    it('answers 409 to a duplicate code, 403 to an agency, 400 to another content type', async () => {
      const before = await planCount();
      const duplicate = await importPlan(seed('hanoi-2020-htx.yaml')).expect(409);
      expect(duplicate.body.message).toContain('HN-2020-HTX');
      const agency = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
      await stack.http.post('/api/plans').set(auth(agency)).set(yamlType).send(seed('hanoi-2020-htx.yaml')).expect(403);
      await stack.http.get('/api/plans').set(auth(agency)).expect(403);
      await stack.http.post('/api/plans').set(auth(coordinator)).set('Content-Type', 'text/plain').send('code: X').expect(400);
      await stack.http.post('/api/plans').query({ year: 'sau' }).set(auth(coordinator)).set(yamlType).send('x').expect(400);
      expect(await planCount()).toBe(before);
    });

    it('publishes the JSON Schema of the plan file', async () => {
      const response = await stack.http.get('/api/plans/schema').expect(200);
      expect(response.body.properties).toHaveProperty('tasks');
      expect(response.body.required).toEqual(expect.arrayContaining(['code', 'title', 'tasks']));
    });
  });

  describe('Hanoi 2024 re-based to 2026', () => {
    let planId: string;
    let code: string;

    beforeAll(async () => {
      const response = await importPlan(withRunCode('hanoi-2024-kttt-htx.yaml', 'A'), { year: 2026 }).expect(201);
      planId = response.body.id;
      code = response.body.code;
      issuedCodes.push(code);
      expect(code).toBe(`HN-2026-KTTT-HTX-A${run}`);
      expect(response.body.agencyTaskCount).toBe(359);
    });

    it('has the reporting deadline 10/12/2026, the finance and tax tasks, and the targets of the document', async () => {
      const plan = (await stack.http.get(`/api/plans/${planId}`).set(auth(leader)).expect(200)).body;
      expect(plan.reporting).toMatchObject({ dueDate: '2026-12-10', rule: 'before', dueAt: '2026-12-09T17:00:00.000Z', recipient: 'SKHDT' });
      const stc = plan.tasks.filter((task: { leadAgency: string }) => task.leadAgency === 'STC');
      expect(stc).toHaveLength(1);
      expect(`${stc[0].title} ${stc[0].description}`).toMatch(/giải thể/);
      expect(`${stc[0].title} ${stc[0].description}`).toMatch(/công nợ/);
      expect(stc[0]).toMatchObject({ dueDate: '2026-12-31', status: 'not_issued', coordinatingAgencies: ['LMHTX'] });
      const tax = plan.tasks.filter((task: { leadAgency: string }) => task.leadAgency === 'CT-HN');
      expect(`${tax[0].title} ${tax[0].description}`).toMatch(/nợ thuế/);

      const indicators = (await stack.http.get(`/api/plans/${planId}/indicators`).set(auth(coordinator)).expect(200)).body;
      const byCode = Object.fromEntries(indicators.map((i: { code: string }) => [i.code, i]));
      expect(byCode['HTX-THANH-LAP-MOI']).toMatchObject({ target: { kind: 'at_least', value: 100 }, actual: null, met: null, horizon: 2026 });
      expect(byCode['HTX-TOT-KHA']).toMatchObject({ target: { kind: 'range', min: 65, max: 70 }, targetText: '65–70%' });
      expect(byCode['DAO-TAO-SO-CAN-BO'].target.value).toBe(2704);
      expect(byCode['HTX-GIAI-THE'].target.value).toBe(30);
    });

    // How fast is measured by `npm run bench:issue`, never here: this machine is shared and noisy.
    it('issues every task once: 30 child tasks per DISTRICTS item', async () => {
      const response = await stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).expect(202);
      expect(response.body).toMatchObject({ issued: 359, alreadyRunning: 0, total: 359 });

      const plan = (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body;
      expect(plan.issuedAt).not.toBeNull();
      const districtTasks = plan.tasks.filter((task: { leadAgency: string }) => task.leadAgency === 'DISTRICTS');
      expect(districtTasks).toHaveLength(8);
      for (const task of districtTasks) {
        expect(task.children).toHaveLength(30);
        expect(new Set(task.children.map((child: { leadAgency: string }) => child.leadAgency)).size).toBe(30);
        expect(task).toMatchObject({ isGroup: true, status: 'assigned', category: 'in_progress_on_time' });
      }
      const baDinh = districtTasks[0].children.find((child: { leadAgency: string }) => child.leadAgency === 'UBND-BA-DINH');
      expect(baDinh.workflowId).toBe(`task:${code}:${districtTasks[0].ref}:UBND-BA-DINH`);
      expect((await stack.client.workflow.getHandle(baDinh.workflowId).describe()).status.name).toBe('RUNNING');

      // The district committee sees its own tasks — the 8 district items and the two city-wide ones — and
      // the two it coordinates.
      const district = await stack.tokenFor({ sub: 'bd.cv', role: 'agency', agency: 'UBND-BA-DINH' });
      const own = await stack.http.get('/api/tasks').query({ planId, limit: 100 }).set(auth(district)).expect(200);
      expect(own.body.items.filter((task: { leadAgency: string }) => task.leadAgency === 'UBND-BA-DINH')).toHaveLength(10);
      expect(own.body.total).toBe(12);
      // The HTX union coordinates the finance department's task and sees it.
      const union = await stack.tokenFor({ sub: 'lm.cv', role: 'agency', agency: 'LMHTX' });
      const coordinated = await stack.http.get('/api/tasks').query({ planId, q: 'giải thể', limit: 100 }).set(auth(union)).expect(200);
      expect(coordinated.body.items.map((task: { leadAgency: string }) => task.leadAgency)).toContain('STC');
    });

    it('issues nothing twice', async () => {
      const again = await stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).expect(202);
      expect(again.body).toMatchObject({ issued: 0, alreadyRunning: 359 });
      const [{ count }] = await stack.dataSource.query(`SELECT count(*)::int AS count FROM tasks WHERE plan_id = $1`, [planId]);
      expect(count).toBe(359);
    });

    it('replays the plan-issue history with the current workflow code', async () => {
      const history = await stack.client.workflow.getHandle(`plan-issue:${code}`).fetchHistory();
      await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history)).resolves.toBeUndefined();
    });

    it("aggregates a group task's status over its children", async () => {
      const taskOf = async (ref: string) =>
        (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body.tasks.find((t: { ref: string }) => t.ref === ref);

      const districtItem = await taskOf('III.3.c.1');
      const baDinh = districtItem.children.find((child: { leadAgency: string }) => child.leadAgency === 'UBND-BA-DINH');
      const district = await stack.tokenFor({ sub: 'bd.cv', role: 'agency', agency: 'UBND-BA-DINH' });
      await stack.http.post(`/api/tasks/${baDinh.id}/acknowledge`).set(auth(district)).expect(200);
      expect(await taskOf('III.3.c.1')).toMatchObject({ status: 'in_progress', counts: { total: 30, byStatus: { assigned: 29, acknowledged: 1 } } });

      // III.4.a goes to the 9 departments of SO-NGANH: cancelled children do not count, the rest decide.
      const departments = await taskOf('III.4.a');
      expect(departments.children).toHaveLength(9);
      const [finance, ...others] = departments.children;
      for (const child of others) {
        await stack.http.post(`/api/tasks/${child.id}/cancel`).set(auth(coordinator)).send({ reason: 'Không còn phù hợp' }).expect(200);
      }
      expect(await taskOf('III.4.a')).toMatchObject({ status: 'assigned', category: 'in_progress_on_time', counts: { byStatus: { cancelled: 8 } } });
      const token = await stack.tokenFor({ sub: 'cv', role: 'agency', agency: finance.leadAgency });
      await stack.http.post(`/api/tasks/${finance.id}/acknowledge`).set(auth(token)).expect(200);
      await stack.http.post(`/api/tasks/${finance.id}/submit`).set(auth(token)).send({ summary: 'Đã hoàn thành' }).expect(200);
      expect(await taskOf('III.4.a')).toMatchObject({ status: 'submitted', progressPercent: 100 });
      await stack.http.post(`/api/tasks/${finance.id}/accept`).set(auth(coordinator)).send({}).expect(200);
      expect(await taskOf('III.4.a')).toMatchObject({ status: 'completed', category: 'completed_on_time' });
    });

    it('lets a coordinating agency attach its input, shown with the plan', async () => {
      const plan = (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body;
      const finance = plan.tasks.find((task: { ref: string }) => task.ref === 'III.4.g').children[0];
      const union = await stack.tokenFor({ sub: 'lm.cv', role: 'agency', agency: 'LMHTX' });
      const lead = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
      const other = await stack.tokenFor({ sub: 'sct.cv', role: 'agency', agency: 'SCT' });
      const note = 'Liên minh HTX đã rà soát 12 HTX giải thể, đề nghị xử lý trước công nợ của 5 HTX.';
      const added = await stack.http.post(`/api/tasks/${finance.id}/inputs`).set(auth(union)).send({ note }).expect(201);
      expect(added.body).toMatchObject({ taskId: finance.id, agency: 'LMHTX', note });
      await stack.http.post(`/api/tasks/${finance.id}/inputs`).set(auth(lead)).send({ note: 'x' }).expect(403);
      await stack.http.post(`/api/tasks/${finance.id}/inputs`).set(auth(other)).send({ note: 'x' }).expect(404);
      await stack.http.post(`/api/tasks/${finance.id}/inputs`).set(auth(union)).send({ note: '' }).expect(400);
      const seenByLead = await stack.http.get(`/api/tasks/${finance.id}/inputs`).set(auth(lead)).expect(200);
      expect(seenByLead.body.map((input: { note: string }) => input.note)).toEqual([note]);
      const after = (await stack.http.get(`/api/plans/${planId}`).set(auth(leader)).expect(200)).body;
      expect(after.tasks.find((task: { ref: string }) => task.ref === 'III.4.g').children[0].inputs).toEqual([
        expect.objectContaining({ agency: 'LMHTX', note, createdBy: expect.objectContaining({ sub: 'lm.cv' }) }),
      ]);
    });

    it("aggregates indicator actuals and says whether the target is met", async () => {
      const indicators = (await stack.http.get(`/api/plans/${planId}/indicators`).set(auth(coordinator)).expect(200)).body;
      const founded = indicators.find((i: { code: string }) => i.code === 'HTX-THANH-LAP-MOI');
      // Actuals arrive with round reports (issue 5); written here directly.
      await stack.dataSource.query(
        `INSERT INTO indicator_actuals (indicator_id, agency, value, reported_at, source_ref)
         VALUES ($1, 'UBND-BA-DINH', 40, '2026-06-30T00:00:00Z', 'r1'), ($1, 'UBND-SOC-SON', 45, '2026-06-30T00:00:00Z', 'r1'),
                ($1, 'UBND-BA-DINH', 60, '2026-11-30T00:00:00Z', 'r2')`,
        [founded.id],
      );
      const after = (await stack.http.get(`/api/plans/${planId}/indicators`).set(auth(leader)).expect(200)).body;
      expect(after.find((i: { code: string }) => i.code === 'HTX-THANH-LAP-MOI')).toMatchObject({
        actual: 105,
        met: true,
        assessment: 'exceeded',
        reportCount: 3,
      });
    });
  });

  it('finishes an issue that lost its worker half-way, and a retry joins it: every task exactly once', async () => {
    // Hanoi 2020 re-based to 2026: 5 tasks for 39 agencies each and 8 for the HTX union, 203 task workflows.
    const imported = await importPlan(withRunCode('hanoi-2020-htx.yaml', 'B'), { year: 2026 }).expect(201);
    const { id: planId, code } = imported.body;
    issuedCodes.push(code);

    // A worker that dies half-way through issuing: the first write of first events (after its
    // first 100 starts) stalls, then fails.
    await stack.stopWorker();
    let calls = 0;
    const reached = deferred();
    const gate = deferred();
    const dying = await startTestWorker(stack.dataSource, (deps) => ({
      ...deps,
      taskProjection: {
        recordTaskEvent: (...args: Parameters<typeof deps.taskProjection.recordTaskEvent>) => deps.taskProjection.recordTaskEvent(...args),
        recordTaskFailure: (failure: Parameters<typeof deps.taskProjection.recordTaskFailure>[0]) => deps.taskProjection.recordTaskFailure(failure),
        recordFirstTaskEvents: async (...args: Parameters<typeof deps.taskProjection.recordFirstTaskEvents>) => {
          if (Context.current().info.activityType === 'issuePlanTaskBatch' && ++calls === 1) {
            reached.resolve();
            await gate.promise;
            throw new Error('the worker died');
          }
          return deps.taskProjection.recordFirstTaskEvents(...args);
        },
      },
    }));
    const first = stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).then((response) => response);
    await reached.promise;
    const stopping = dying.stop();
    gate.resolve();
    await stopping;

    // Half-way: the first tasks are running, the last are not.
    const planTasks = (await stack.http.get(`/api/plans/${planId}`).set(auth(coordinator)).expect(200)).body.tasks;
    const workflowIds: string[] = planTasks.flatMap((task: { ref: string; assignees: string[] }) =>
      task.assignees.map((agency) => `task:${code}:${task.ref}:${agency}`),
    );
    expect(workflowIds).toHaveLength(203);
    await expect(stack.client.workflow.getHandle(workflowIds[0]).describe()).resolves.toBeDefined();
    await expect(stack.client.workflow.getHandle(workflowIds[202]).describe()).rejects.toThrow();
    const [{ count: projected }] = await stack.dataSource.query(`SELECT count(*)::int AS count FROM tasks WHERE plan_id = $1`, [planId]);
    expect(projected).toBeLessThan(203);

    // The coordinator retries while no worker runs; then a new worker comes up.
    const retry = stack.http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).then((response) => response);
    extraWorkers.push(await startTestWorker(stack.dataSource));
    const [firstResponse, retryResponse] = await Promise.all([first, retry]);
    expect(firstResponse.status).toBe(202);
    expect(firstResponse.body).toMatchObject({ issued: 203, alreadyRunning: 0 });
    expect(retryResponse.status).toBe(202);
    expect(retryResponse.body).toMatchObject({ issued: 203, alreadyRunning: 0 });

    const counts = await stack.dataSource.query(
      `SELECT count(*)::int AS tasks, count(DISTINCT workflow_id)::int AS workflows,
              (SELECT count(*)::int FROM task_events e WHERE e.type = 'assigned' AND e.task_id IN (SELECT id FROM tasks WHERE plan_id = $1)) AS assigned
       FROM tasks WHERE plan_id = $1`,
      [planId],
    );
    expect(counts[0]).toEqual({ tasks: 203, workflows: 203, assigned: 203 });
    const rows: { workflow_id: string }[] = await stack.dataSource.query(`SELECT workflow_id FROM tasks WHERE plan_id = $1`, [planId]);
    expect(rows.map((row) => row.workflow_id).sort()).toEqual([...workflowIds].sort());
    await forEachConcurrently(workflowIds, 32, async (workflowId) => {
      const description = await stack.client.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
    });
  });
});

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}
