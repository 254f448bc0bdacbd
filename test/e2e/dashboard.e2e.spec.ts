import {
  addWorkingDays,
  buildCalendarSnapshot,
  categorize,
  emptyCategoryCounts,
  localDateOfInstant,
  overviewCalendarYears,
  workingDaysOverdue,
  type CalendarOverride,
  type CategoryCounts,
  type TaskStatus,
} from '@giaoviec/domain';
import { DashboardIndexes1732500000004 } from '../../libs/persistence/src/migrations/1732500000004-DashboardIndexes';
import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The leadership overview against the real API and PostgreSQL. Task rows are written straight
 * into the read model (as the projection would) so that tasks can be long overdue already.
 */
describe('dashboard (end to end)', () => {
  let stack: TestStack;
  let admin: string;
  let coordinator: string;
  let leader: string;
  let agency: string;
  const planId = randomUUID();
  const otherPlanId = randomUUID();
  const now = Date.now();
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;

  async function insertTask(task: {
    lead: string;
    status: string;
    dueAt: number;
    completedAt?: number;
    plan?: string | null;
    escalationLevel?: number;
    escalatedTo?: string | null;
    title?: string;
  }): Promise<string> {
    const id = randomUUID();
    await stack.dataSource.query(
      `INSERT INTO tasks (id, workflow_id, plan_id, plan_code, task_ref, title, lead_agency, status, due_at, original_due_at,
         completed_at, escalation_level, escalated_to, assigned_at, updated_at, version)
       VALUES ($1, $2, $3, 'KH-TEST', $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $12, 1)`,
      [
        id,
        `task:KH-TEST:${id}:${task.lead}`,
        task.plan === undefined ? planId : task.plan,
        `III.${id.slice(0, 4)}`,
        task.title ?? `Nhiệm vụ thử ${id.slice(0, 8)}`,
        task.lead,
        task.status,
        new Date(task.dueAt),
        task.completedAt === undefined ? null : new Date(task.completedAt),
        task.escalationLevel ?? 0,
        task.escalatedTo ?? null,
        new Date(now - 60 * DAY),
      ],
    );
    return id;
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.tokenFor({ sub: 'it.quantri', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    leader = await stack.tokenFor({ sub: 'ubnd.chutich', name: 'Chủ tịch UBND TP', role: 'leader' });
    agency = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });

    await insertTask({ lead: 'STC', status: 'completed', dueAt: now + 5 * DAY, completedAt: now - DAY });
    await insertTask({ lead: 'STC', status: 'completed', dueAt: now - 20 * DAY, completedAt: now - 21 * DAY });
    await insertTask({ lead: 'STC', status: 'completed', dueAt: now - 10 * DAY, completedAt: now - 2 * DAY });
    await insertTask({ lead: 'STC', status: 'in_progress', dueAt: now + 10 * DAY });
    ids.stcOverdue = await insertTask({ lead: 'STC', status: 'acknowledged', dueAt: now - 3 * DAY, escalationLevel: 1, escalatedTo: 'coordinator' });
    ids.taxOldest = await insertTask({
      lead: 'CT-HN',
      status: 'in_progress',
      dueAt: now - 30 * DAY,
      escalationLevel: 3,
      escalatedTo: 'leader',
      title: 'Xử lý nợ thuế khó thu của HTX giải thể',
    });
    ids.taxSubmitted = await insertTask({ lead: 'CT-HN', status: 'submitted', dueAt: now - 8 * DAY, escalationLevel: 2, escalatedTo: 'agency_head' });
    ids.taxJustDue = await insertTask({ lead: 'CT-HN', status: 'assigned', dueAt: now - HOUR });
    await insertTask({ lead: 'CT-HN', status: 'cancelled', dueAt: now - 40 * DAY });
    await insertTask({ lead: 'UBND-BA-DINH', status: 'assigned', dueAt: now + 2 * DAY });
    // Another plan, and a task of no plan: only the city-wide overview counts them.
    ids.otherPlan = await insertTask({ lead: 'SCT', status: 'in_progress', dueAt: now - 90 * DAY, plan: otherPlanId });
    await insertTask({ lead: 'SCT', status: 'completed', dueAt: now - 5 * DAY, completedAt: now - 6 * DAY, plan: null });
  });

  afterAll(async () => {
    await stack?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const overview = async (query: Record<string, string | number> = {}, token = leader) =>
    (await stack.http.get('/api/dashboard/overview').query(query).set(auth(token)).expect(200)).body;

  /** The working days overdue the API should report at its `asOf`, given the admin's overrides. */
  async function expectedWorkingDays(dueAtMs: number, asOf: string, overrides: CalendarOverride[] = []) {
    const asOfMs = Date.parse(asOf);
    const years = overviewCalendarYears([dueAtMs], asOfMs);
    return workingDaysOverdue(buildCalendarSnapshot({ ...years, overrides }), dueAtMs, asOfMs);
  }

  it("counts one plan's tasks by category, overall and per lead agency", async () => {
    const body = await overview({ planId });
    expect(body.planId).toBe(planId);
    expect(body.byCategory).toEqual({
      completed_on_time: 2,
      completed_late: 1,
      in_progress_on_time: 2,
      in_progress_overdue: 4,
      cancelled: 1,
    });
    expect(body.total).toBe(10);
    expect(body.byAgency).toEqual([
      {
        agency: 'CT-HN',
        agencyName: expect.any(String),
        total: 4,
        byCategory: { completed_on_time: 0, completed_late: 0, in_progress_on_time: 0, in_progress_overdue: 3, cancelled: 1 },
      },
      {
        agency: 'STC',
        agencyName: expect.stringContaining('Tài chính'),
        total: 5,
        byCategory: { completed_on_time: 2, completed_late: 1, in_progress_on_time: 1, in_progress_overdue: 1, cancelled: 0 },
      },
      {
        agency: 'UBND-BA-DINH',
        agencyName: expect.any(String),
        total: 1,
        byCategory: { completed_on_time: 0, completed_late: 0, in_progress_on_time: 1, in_progress_overdue: 0, cancelled: 0 },
      },
    ]);
  });

  it('agrees with the task list on every category', async () => {
    const body = await overview({ planId }, coordinator);
    for (const [category, count] of Object.entries(body.byCategory)) {
      const list = await stack.http.get('/api/tasks').query({ planId, category, limit: 1 }).set(auth(coordinator)).expect(200);
      expect([category, list.body.total]).toEqual([category, count]);
    }
  });

  it('lists overdue tasks most overdue first, with working days overdue and the escalation reached', async () => {
    const body = await overview({ planId });
    expect(body.overdue.total).toBe(4);
    expect(body.overdue.limit).toBe(100);
    const items = body.overdue.items;
    expect(items.map((item: { taskId: string }) => item.taskId)).toEqual([ids.taxOldest, ids.taxSubmitted, ids.stcOverdue, ids.taxJustDue]);
    expect(items[0]).toEqual({
      taskId: ids.taxOldest,
      title: 'Xử lý nợ thuế khó thu của HTX giải thể',
      planId,
      planCode: 'KH-TEST',
      taskRef: expect.stringMatching(/^III\./),
      agency: 'CT-HN',
      agencyName: expect.any(String),
      status: 'in_progress',
      dueAt: new Date(now - 30 * DAY).toISOString(),
      dueAssumed: false,
      workingDaysOverdue: await expectedWorkingDays(now - 30 * DAY, body.asOf),
      daysOverdue: expect.any(Number),
      escalationLevel: 3,
      escalatedTo: 'leader',
    });
    // 30 calendar days hold 4–5 weekends and maybe a holiday: between 16 and 23 working days.
    expect(items[0].workingDaysOverdue).toBeGreaterThanOrEqual(16);
    expect(items[0].workingDaysOverdue).toBeLessThanOrEqual(23);
    expect(items[0].daysOverdue).toBeGreaterThanOrEqual(29);
    expect(items[0].daysOverdue).toBeLessThanOrEqual(30);
    expect(items[1]).toMatchObject({ status: 'submitted', escalationLevel: 2, escalatedTo: 'agency_head' });
    expect(items[2]).toMatchObject({ agency: 'STC', escalationLevel: 1, escalatedTo: 'coordinator' });
    expect(items[3]).toMatchObject({ escalationLevel: 0, escalatedTo: null });
    for (const [item, due] of [[items[1], now - 8 * DAY], [items[2], now - 3 * DAY], [items[3], now - HOUR]] as const) {
      expect(item.workingDaysOverdue).toBe(await expectedWorkingDays(due, body.asOf));
    }
    const worked = items.map((item: { workingDaysOverdue: number }) => item.workingDaysOverdue);
    expect([...worked].sort((a, b) => b - a)).toEqual(worked);
  });

  it("counts overdue days against the admin's calendar overrides", async () => {
    const before = await overview({ planId });
    const oldest = before.overdue.items[0];
    // A working day well inside the overdue stretch, given off by the admin.
    const asOfMs = Date.parse(before.asOf);
    const years = overviewCalendarYears([now - 30 * DAY], asOfMs);
    const dayOff = addWorkingDays(buildCalendarSnapshot(years), localDateOfInstant(now - 15 * DAY), 0);
    await stack.http.put(`/api/calendar/overrides/${dayOff}`).set(auth(admin)).send({ kind: 'day_off' }).expect(200);
    try {
      const after = await overview({ planId });
      const updated = after.overdue.items[0];
      expect(updated.taskId).toBe(oldest.taskId);
      expect(updated.workingDaysOverdue).toBe(
        await expectedWorkingDays(now - 30 * DAY, after.asOf, [{ date: dayOff, kind: 'day_off' }]),
      );
      if (localDateOfInstant(Date.parse(after.asOf)) === localDateOfInstant(asOfMs)) {
        expect(updated.workingDaysOverdue).toBe(oldest.workingDaysOverdue - 1);
      }
    } finally {
      await stack.http.delete(`/api/calendar/overrides/${dayOff}`).set(auth(admin)).expect(204);
    }
  });

  it('covers every plan without planId, and caps the list while keeping the total', async () => {
    const all = await overview({}, coordinator);
    expect(all.planId).toBeNull();
    expect(all.total).toBe(12);
    expect(all.byCategory).toMatchObject({ in_progress_overdue: 5, completed_on_time: 3 });
    expect(all.overdue.items[0]).toMatchObject({ taskId: ids.otherPlan, agency: 'SCT', planId: otherPlanId });
    expect(all.byAgency.map((a: { agency: string }) => a.agency)).toEqual(['CT-HN', 'STC', 'SCT', 'UBND-BA-DINH']);

    const capped = await overview({ limit: 2 });
    expect(capped.overdue).toMatchObject({ total: 5, limit: 2 });
    expect(capped.overdue.items.map((item: { taskId: string }) => item.taskId)).toEqual([ids.otherPlan, ids.taxOldest]);

    const empty = await overview({ planId: randomUUID() });
    expect(empty).toMatchObject({ total: 0, byAgency: [], overdue: { total: 0, items: [] } });
    expect(Object.values(empty.byCategory)).toEqual([0, 0, 0, 0, 0]);
  });

  it('is for the coordinator and the leadership only', async () => {
    for (const token of [agency, admin]) {
      const refused = await stack.http.get('/api/dashboard/overview').set(auth(token)).expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    }
    await stack.http.get('/api/dashboard/overview').expect(401);
  });

  /** Per-agency counts as `categorize` gives them task by task at `asOf`, straight from the rows. */
  async function countsTaskByTask(asOf: string, plan?: string): Promise<Record<string, CategoryCounts>> {
    const rows: { lead_agency: string; status: TaskStatus; due_at: Date; completed_at: Date | null }[] = await stack.dataSource.query(
      `SELECT lead_agency, status, due_at, completed_at FROM tasks WHERE $1::uuid IS NULL OR plan_id = $1`,
      [plan ?? null],
    );
    const counts: Record<string, CategoryCounts> = {};
    for (const row of rows) {
      counts[row.lead_agency] ??= emptyCategoryCounts();
      counts[row.lead_agency]![
        categorize({ status: row.status, dueAtMs: row.due_at.getTime(), completedAtMs: row.completed_at?.getTime() ?? null, nowMs: Date.parse(asOf) })
      ] += 1;
    }
    return counts;
  }

  async function expectCountsTaskByTask(plan?: string): Promise<void> {
    const body = await overview(plan ? { planId: plan } : {});
    const counted = Object.fromEntries(body.byAgency.map((a: { agency: string; byCategory: CategoryCounts }) => [a.agency, a.byCategory]));
    expect(counted).toEqual(await countsTaskByTask(body.asOf, plan));
  }

  it('keeps the city-wide counts equal to a task-by-task count through every kind of write', async () => {
    const db = stack.dataSource;
    await db.query(`UPDATE tasks SET status = 'completed', completed_at = now() WHERE id = $1`, [ids.stcOverdue]); // late
    await db.query(`UPDATE tasks SET status = 'cancelled' WHERE id = $1`, [ids.taxJustDue]);
    await db.query(`UPDATE tasks SET lead_agency = 'SKHCN' WHERE id = $1`, [ids.taxSubmitted]); // reassigned
    await db.query(`UPDATE tasks SET due_at = completed_at - interval '1 day' WHERE status = 'completed' AND lead_agency = 'SCT'`); // now late
    await db.query(`UPDATE tasks SET progress_percent = 50, escalation_level = 1 WHERE id = $1`, [ids.otherPlan]); // same bucket
    await insertTask({ lead: 'MTTQ', status: 'completed', dueAt: now - 2 * DAY }); // completed_at unknown: late
    await insertTask({ lead: 'MTTQ', status: 'completed', dueAt: now + 2 * DAY }); // … and on time
    // The projection's upsert: a new row, then an update of it, then a stale repeat that changes nothing.
    const upsert = `INSERT INTO tasks (id, workflow_id, plan_code, task_ref, title, lead_agency, status, due_at, original_due_at,
        completed_at, assigned_at, updated_at, version)
      VALUES ($1::uuid, $2, 'ADHOC', $1::text, 'Nhiệm vụ đột xuất', 'STC', $3, $4, $4, $5, now(), now(), $6)
      ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, completed_at = EXCLUDED.completed_at, version = EXCLUDED.version
      WHERE tasks.version < EXCLUDED.version`;
    const adHoc = randomUUID();
    await db.query(upsert, [adHoc, `task:ADHOC:${adHoc}:STC`, 'assigned', new Date(now + DAY), null, 1]);
    await db.query(upsert, [adHoc, `task:ADHOC:${adHoc}:STC`, 'completed', new Date(now + DAY), new Date(now), 2]);
    await db.query(upsert, [adHoc, `task:ADHOC:${adHoc}:STC`, 'in_progress', new Date(now + DAY), null, 1]);
    await db.query(`DELETE FROM tasks WHERE id = $1`, [ids.taxOldest]);
    // Reassignments in both directions at once: the counters' rows are locked in one order, so none deadlocks.
    const movers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => insertTask({ lead: i % 2 ? 'STC' : 'CT-HN', status: 'in_progress', dueAt: now + DAY, plan: null })),
    );
    await Promise.all(
      movers.map((id, i) => db.query(`UPDATE tasks SET lead_agency = $2 WHERE id = $1`, [id, i % 2 ? 'CT-HN' : 'STC'])),
    );

    await expectCountsTaskByTask();
    await expectCountsTaskByTask(planId);
    await expectCountsTaskByTask(otherPlanId);
    const body = await overview();
    expect(body.byAgency.find((a: { agency: string }) => a.agency === 'MTTQ').byCategory).toMatchObject({ completed_on_time: 1, completed_late: 1 });
  });

  it('counts existing tasks when the migration is applied to a filled table', async () => {
    // As the migration runner does: each migration in a transaction of its own.
    const runner = stack.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await new DashboardIndexes1732500000004().down(runner);
      await runner.commitTransaction();
      await stack.dataSource.query(`UPDATE tasks SET status = 'in_progress', completed_at = NULL WHERE lead_agency = 'MTTQ'`);
      await runner.startTransaction();
      await new DashboardIndexes1732500000004().up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await expectCountsTaskByTask();
    const [{ rows }] = await stack.dataSource.query(`SELECT count(*)::int AS rows FROM task_counts WHERE count < 0`);
    expect(rows).toBe(0);
  });

  it('names each bad parameter', async () => {
    const cases: [Record<string, string>, string[]][] = [
      [{ planId: 'kh-2024' }, ['planId']],
      [{ limit: '0' }, ['limit']],
      [{ limit: '1001' }, ['limit']],
      [{ limit: 'all' }, ['limit']],
      [{ planId: 'x', limit: '' }, ['limit', 'planId']],
      [{ agency: 'STC' }, ['agency']],
    ];
    for (const [query, paths] of cases) {
      const response = await stack.http.get('/api/dashboard/overview').query(query).set(auth(leader)).expect(400);
      expect([...new Set(response.body.details.map((d: { path: string }) => d.path))].sort()).toEqual(paths);
    }
  });

  it('starts from zero again after the tasks table is truncated', async () => {
    await stack.dataSource.query(`TRUNCATE tasks`);
    const body = await overview();
    expect(body).toMatchObject({ total: 0, byAgency: [], overdue: { total: 0, items: [] } });
  });
});
