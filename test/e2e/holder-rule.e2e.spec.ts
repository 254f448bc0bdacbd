import { initialTaskState, type TaskWorkflowInput } from '@giaoviec/contracts';
import {
  categorize,
  countsFromBuckets,
  emptyCategoryCounts,
  endOfLocalDay,
  leadAgencyOn,
  resolvePolicy,
  startOfLocalDay,
  type CategoryCounts,
  type LeadChange,
  type TaskStatus,
} from '@giaoviec/domain';
import { createRepositories, type Repositories } from '@giaoviec/persistence';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../support/test-stack';

/**
 * The agency a task counts under on an `?asOf=` day is defined once, `leadAgencyOn` in libs/domain;
 * the dashboard answers it in SQL (`leadAgencyOnSql`) from the tasks' `reassigned` events. Generated
 * histories — moves by hand and by reorganisations applied days after their effective date — are
 * written through the projection store, as the workflows write them, and the SQL counts must be the
 * TypeScript rule's for every day.
 */
describe('the agency of a day in PostgreSQL agrees with libs/domain', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let repositories: Repositories;

  const AGENCIES = ['STC', 'SCT', 'CT-HN', 'LMHTX', 'UBND-BA-DINH'] as const;
  const FIRST_DAY = '2026-05-01';
  const DAY = 86_400_000;
  const HOUR = 3_600_000;
  const NOW = startOfLocalDay('2026-06-15') + 10 * HOUR;
  const dayOf = (offset: number) => new Date(startOfLocalDay(FIRST_DAY) + offset * DAY + 7 * HOUR).toISOString().slice(0, 10);
  // Two reorganisations with their effective dates; their moves are recorded up to 5 days later.
  const REORGANIZATIONS = [
    { id: randomUUID(), effectiveDay: 10 },
    { id: randomUUID(), effectiveDay: 25 },
  ];

  const move = fc.record({
    to: fc.constantFrom(...AGENCIES),
    // null: a move by hand; else the reorganisation's index.
    reorganization: fc.option(fc.constantFrom(0, 1), { nil: null }),
    // Hours after the previous event (by hand), or after the effective date (by a reorganisation).
    hours: fc.integer({ min: 0, max: 5 * 24 }),
  });
  const generatedTask = fc.record({
    status: fc.constantFrom<TaskStatus>('assigned', 'in_progress', 'completed', 'cancelled'),
    assignedHours: fc.integer({ min: 0, max: 40 * 24 }),
    dueInHours: fc.integer({ min: -10 * 24, max: 60 * 24 }),
    lead: fc.constantFrom(...AGENCIES),
    moves: fc.array(move, { maxLength: 3 }),
  });
  type GeneratedTask = typeof generatedTask extends fc.Arbitrary<infer T> ? T : never;
  type Generated = { taskId: string; status: TaskStatus; assignedAtMs: number; dueAtMs: number; lead: string; leadNow: string; changes: (LeadChange & { atMs: number; reorganization: string | null })[] };

  beforeAll(async () => {
    database = await createTestDatabase();
    repositories = createRepositories(database.dataSource);
    for (const { id, effectiveDay } of REORGANIZATIONS) {
      await repositories.reorganizations.create({
        id,
        effectiveDate: dayOf(effectiveDay),
        title: 'Sắp xếp thử',
        legalBasis: null,
        changes: [],
        plan: { created: [], renamed: [], ended: [], openTasksTo: {}, replacements: {}, groupsCreated: [], groupsEnded: [], lastDayOfEnded: dayOf(effectiveDay - 1) },
        workflowId: `reorganization:${id}`,
        createdBy: 'test',
      });
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  /** A history in event order: each move recorded after the previous event. */
  function history(task: GeneratedTask): Generated {
    const assignedAtMs = startOfLocalDay(FIRST_DAY) + task.assignedHours * HOUR;
    let lastAt = assignedAtMs;
    let holder = task.lead;
    const changes: Generated['changes'] = [];
    for (const step of task.moves) {
      const reorganization = step.reorganization === null ? null : REORGANIZATIONS[step.reorganization];
      const effectiveAtMs = reorganization ? startOfLocalDay(dayOf(reorganization.effectiveDay)) : lastAt + step.hours * HOUR;
      const atMs = Math.max(lastAt + 1000, reorganization ? effectiveAtMs + step.hours * HOUR : effectiveAtMs);
      changes.push({ effectiveAtMs: reorganization ? effectiveAtMs : atMs, atMs, from: holder, to: step.to, reorganization: reorganization?.id ?? null });
      holder = step.to;
      lastAt = atMs;
    }
    return { taskId: randomUUID(), status: task.status, assignedAtMs, dueAtMs: assignedAtMs + task.dueInHours * HOUR, lead: task.lead, leadNow: holder, changes };
  }

  async function writeTasks(tasks: readonly Generated[]): Promise<void> {
    await database.dataSource.query('TRUNCATE tasks');
    for (const task of tasks) {
      const workflowId = `task:KH-HOLDER:${task.taskId}:${task.lead}`;
      const input: TaskWorkflowInput = {
        taskId: task.taskId,
        planId: null,
        planCode: 'KH-HOLDER',
        taskRef: task.taskId.slice(0, 8),
        title: 'Nhiệm vụ sinh ngẫu nhiên',
        description: null,
        leadAgency: task.lead,
        coordinatingAgencies: [],
        dueAt: new Date(task.dueAtMs).toISOString(),
        policy: resolvePolicy(),
        assignedAt: new Date(task.assignedAtMs).toISOString(),
        assignedBy: { sub: 'test', role: 'coordinator' },
      };
      const actor = input.assignedBy;
      let state = { ...initialTaskState(input), eventSeq: 1 };
      await repositories.taskProjection.recordTaskEvent(
        { workflowId, seq: 1, taskId: task.taskId, type: 'assigned', at: input.assignedAt, actor, payload: {} },
        { input, state },
      );
      for (const [index, change] of task.changes.entries()) {
        state = { ...state, leadAgency: change.to, eventSeq: index + 2 };
        const payload: Record<string, unknown> = { from: change.from, to: change.to, reason: 'thử' };
        if (change.reorganization) payload.reorganization = { id: change.reorganization, title: 'Sắp xếp thử' };
        await repositories.taskProjection.recordTaskEvent(
          { workflowId, seq: index + 2, taskId: task.taskId, type: 'reassigned', at: new Date(change.atMs).toISOString(), actor, payload },
          { input, state },
        );
      }
      // The final status, as a later event records it.
      const completed = task.status === 'completed';
      state = { ...state, status: task.status, completedAt: completed ? new Date(task.dueAtMs).toISOString() : null, eventSeq: task.changes.length + 2 };
      await repositories.taskProjection.recordTaskEvent(
        { workflowId, seq: task.changes.length + 2, taskId: task.taskId, type: 'progress_reported', at: new Date(NOW - HOUR).toISOString(), actor, payload: {} },
        { input, state },
      );
    }
  }

  async function sqlCounts(date: string): Promise<Record<string, CategoryCounts>> {
    const { counts } = await repositories.dashboard.overview({ now: new Date(NOW), planId: null, limit: 1000, heldAt: new Date(endOfLocalDay(date)) });
    return Object.fromEntries(countsFromBuckets(counts).map(({ agency, counts: categories }) => [agency, categories]));
  }

  function tsCounts(tasks: readonly Generated[], date: string): Record<string, CategoryCounts> {
    const counts: Record<string, CategoryCounts> = {};
    for (const task of tasks) {
      const agency = leadAgencyOn({ leadAgency: task.leadNow, assignedAtMs: task.assignedAtMs, changes: task.changes }, date);
      if (agency === null) continue;
      const category = categorize({ status: task.status, dueAtMs: task.dueAtMs, completedAtMs: task.status === 'completed' ? task.dueAtMs : null, nowMs: NOW });
      (counts[agency] ??= emptyCategoryCounts())[category] += 1;
    }
    return counts;
  }

  it('counts every task under its agency of the day, in SQL as in TypeScript', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedTask, { maxLength: 10 }), fc.array(fc.integer({ min: -1, max: 45 }), { minLength: 1, maxLength: 4 }), async (generated, days) => {
        const tasks = generated.map(history);
        await writeTasks(tasks);
        for (const date of [...days.map(dayOf), dayOf(REORGANIZATIONS[0].effectiveDay - 1), dayOf(REORGANIZATIONS[0].effectiveDay)]) {
          expect({ date, counts: await sqlCounts(date) }).toEqual({ date, counts: tsCounts(tasks, date) });
        }
      }),
      { numRuns: 30 },
    );
  });
});
