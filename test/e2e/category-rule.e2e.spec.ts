import { initialTaskState, type TaskWorkflowInput } from '@giaoviec/contracts';
import {
  TASK_CATEGORIES,
  TASK_STATUSES,
  canSeeTask,
  categorize,
  countsFromBuckets,
  emptyCategoryCounts,
  resolvePolicy,
  type CategoryCounts,
  type TaskAccessSubject,
  type TaskStatus,
} from '@giaoviec/domain';
import { createRepositories, type Repositories } from '@giaoviec/persistence';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/test-stack';

/**
 * The category rule (`categorize`) and the visibility rule (`canSeeTask`) are defined once, in
 * libs/domain; PostgreSQL answers them in SQL (the task list's filters, the dashboard's counts kept by
 * `task_count_bucket`, its overdue list). Generated tasks are written through the projection store, as
 * the workflows write them, and every SQL answer must be the TypeScript rule's.
 */
describe('the category and visibility rules in PostgreSQL agree with libs/domain', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let repositories: Repositories;

  // Directory agencies (the task view's lead agency references the directory).
  const AGENCIES = ['STC', 'SCT', 'CT-HN', 'LMHTX'] as const;
  const PLANS = [randomUUID(), randomUUID()] as const;
  const NOW = Date.parse('2026-06-15T03:00:00.000Z');
  const HOUR = 3_600_000;

  /** Instants near `NOW` and near each other, so that equal and adjacent milliseconds come up often. */
  const instant = fc.oneof(
    fc.integer({ min: -2, max: 2 }).map((ms) => NOW + ms),
    fc.integer({ min: -3 * 24, max: 3 * 24 }).map((hours) => NOW + hours * HOUR),
  );

  const generatedTask = fc.record({
    status: fc.constantFrom(...TASK_STATUSES),
    dueAtMs: instant,
    // Often none: a completed task without a completion time is where SQL and TypeScript once disagreed.
    completedAtMs: fc.option(instant, { nil: null, freq: 2 }),
    completedAtIsDue: fc.boolean(),
    leadAgency: fc.constantFrom(...AGENCIES),
    coordinatingAgencies: fc.subarray([...AGENCIES]),
    planId: fc.constantFrom<string | null>(null, ...PLANS),
  });
  type GeneratedTask = { taskId: string; status: TaskStatus; dueAtMs: number; completedAtMs: number | null; leadAgency: string; coordinatingAgencies: string[]; planId: string | null };

  const subjects: TaskAccessSubject[] = [
    { role: 'coordinator' },
    { role: 'leader' },
    { role: 'admin' },
    ...AGENCIES.map((agency) => ({ role: 'agency' as const, agency })),
    { role: 'agency', agency: 'UBND-BA-DINH' },
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    repositories = createRepositories(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** Replaces the task view with these tasks, each written as the projection of its latest event. */
  async function writeTasks(tasks: readonly GeneratedTask[]): Promise<void> {
    await database.dataSource.query('TRUNCATE tasks');
    for (const task of tasks) {
      const workflowId = `task:KH-RULES:${task.taskId}:${task.leadAgency}`;
      const input: TaskWorkflowInput = {
        taskId: task.taskId,
        planId: task.planId,
        planCode: 'KH-RULES',
        taskRef: task.taskId.slice(0, 8),
        title: 'Nhiệm vụ sinh ngẫu nhiên',
        description: null,
        leadAgency: task.leadAgency,
        coordinatingAgencies: task.coordinatingAgencies.filter((agency) => agency !== task.leadAgency),
        dueAt: new Date(task.dueAtMs).toISOString(),
        policy: resolvePolicy(),
        assignedAt: new Date(NOW - 30 * 24 * HOUR).toISOString(),
        assignedBy: { sub: 'test', role: 'coordinator' },
      };
      const state = {
        ...initialTaskState(input),
        status: task.status,
        completedAt: task.completedAtMs === null ? null : new Date(task.completedAtMs).toISOString(),
        eventSeq: 2,
      };
      await repositories.taskProjection.recordTaskEvent(
        { workflowId, seq: 2, taskId: task.taskId, type: 'progress_reported', at: input.assignedAt, actor: input.assignedBy, payload: {} },
        { input, state },
      );
    }
  }

  const category = (task: GeneratedTask) => categorize({ status: task.status, dueAtMs: task.dueAtMs, completedAtMs: task.completedAtMs, nowMs: NOW });
  const sorted = (ids: Iterable<string>) => [...ids].sort();

  async function listedIds(filter: Omit<Parameters<Repositories['tasks']['list']>[0], 'page' | 'limit'>): Promise<string[]> {
    const { items, total } = await repositories.tasks.list({ ...filter, page: 1, limit: 1000 }, new Date(NOW));
    expect(total).toBe(items.length);
    return sorted(items.map((item) => item.id));
  }

  function countsByAgency(tasks: readonly GeneratedTask[]): Record<string, CategoryCounts> {
    const counts: Record<string, CategoryCounts> = {};
    for (const task of tasks) (counts[task.leadAgency] ??= emptyCategoryCounts())[category(task)] += 1;
    return counts;
  }

  async function sqlCountsByAgency(planId: string | null): Promise<Record<string, CategoryCounts>> {
    const { counts } = await repositories.dashboard.overview({ now: new Date(NOW), planId, limit: 1000 });
    const byAgency = countsFromBuckets(counts).map(({ agency, counts: categories }) => [agency, categories] as const);
    // An agency whose tasks all left it may keep a zero row in `task_counts`.
    return Object.fromEntries(byAgency.filter(([, categories]) => Object.values(categories).some((count) => count !== 0)));
  }

  it('a completed task without a completion time is judged at the instant of the read, in SQL as in TypeScript', async () => {
    const task: GeneratedTask = { taskId: randomUUID(), status: 'completed', dueAtMs: NOW + HOUR, completedAtMs: null, leadAgency: 'STC', coordinatingAgencies: [], planId: null };
    await writeTasks([task]);
    expect(category(task)).toBe('completed_on_time');
    expect(await listedIds({ visibleTo: { role: 'coordinator' }, category: 'completed_on_time' })).toEqual([task.taskId]);
  });

  it('every category filter, the overdue filter, the dashboard counts and the overdue list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedTask, { maxLength: 12 }), async (generated) => {
        const tasks: GeneratedTask[] = generated.map(({ completedAtIsDue, ...task }) => ({
          ...task,
          taskId: randomUUID(),
          // A completion exactly at the due instant is the boundary of on time and late.
          completedAtMs: completedAtIsDue && task.completedAtMs !== null ? task.dueAtMs : task.completedAtMs,
        }));
        await writeTasks(tasks);
        const everyone: TaskAccessSubject = { role: 'coordinator' };

        for (const wanted of TASK_CATEGORIES) {
          const expected = sorted(tasks.filter((task) => category(task) === wanted).map((task) => task.taskId));
          expect({ category: wanted, ids: await listedIds({ visibleTo: everyone, category: wanted }) }).toEqual({ category: wanted, ids: expected });
        }
        for (const overdue of [true, false]) {
          const expected = sorted(tasks.filter((task) => (category(task) === 'in_progress_overdue') === overdue).map((task) => task.taskId));
          expect({ overdue, ids: await listedIds({ visibleTo: everyone, overdue }) }).toEqual({ overdue, ids: expected });
        }

        expect(await sqlCountsByAgency(null)).toEqual(countsByAgency(tasks));
        for (const planId of PLANS) {
          expect(await sqlCountsByAgency(planId)).toEqual(countsByAgency(tasks.filter((task) => task.planId === planId)));
        }
        const { overdue } = await repositories.dashboard.overview({ now: new Date(NOW), planId: null, limit: 1000 });
        expect(sorted(overdue.map((row) => row.taskId))).toEqual(
          sorted(tasks.filter((task) => category(task) === 'in_progress_overdue').map((task) => task.taskId)),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('who sees which task, and the agency filter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedTask, { maxLength: 12 }), async (generated) => {
        const tasks: GeneratedTask[] = generated.map(({ completedAtIsDue: _, ...task }) => ({
          ...task,
          taskId: randomUUID(),
          coordinatingAgencies: task.coordinatingAgencies.filter((agency) => agency !== task.leadAgency),
        }));
        await writeTasks(tasks);
        for (const subject of subjects) {
          const expected = sorted(tasks.filter((task) => canSeeTask(subject, task)).map((task) => task.taskId));
          expect({ subject, ids: await listedIds({ visibleTo: subject }) }).toEqual({ subject, ids: expected });
          // The `agency` filter narrows to the tasks that agency would see.
          if (subject.role === 'agency') {
            expect(await listedIds({ visibleTo: { role: 'leader' }, agency: subject.agency })).toEqual(expected);
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});
