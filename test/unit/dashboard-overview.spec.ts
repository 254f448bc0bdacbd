import fc from 'fast-check';
import {
  addDays,
  applyOffset,
  assembleOverview,
  buildCalendarSnapshot,
  categorize,
  countBucketOf,
  countsFromBuckets,
  dueInstant,
  emptyCategoryCounts,
  firstOverdueDay,
  epochDayOf,
  localDateOfInstant,
  localDateTimeToInstant,
  measureOverdue,
  overviewCalendarYears,
  TASK_CATEGORIES,
  workingDaysBetween,
  workingDaysOverdue,
  type CalendarOverride,
  type CategoryCounts,
  type CountRow,
  type OverdueTaskRow,
  type TaskStatus,
  TASK_STATUSES,
} from '../../libs/domain/src';

const OVERRIDES: CalendarOverride[] = [
  { date: '2024-04-29', kind: 'day_off' },
  { date: '2024-05-04', kind: 'working_day' },
  { date: '2025-05-02', kind: 'day_off' },
  { date: '2025-04-26', kind: 'working_day' },
];
const snapshot = buildCalendarSnapshot({ fromYear: 2024, toYear: 2026, overrides: OVERRIDES });
const at = (date: string, hour = 0, minute = 0) => localDateTimeToInstant(date, hour, minute);

describe('how long a task is overdue', () => {
  it('starts on the due day for "trước ngày D" and on the next day for "chậm nhất ngày D"', () => {
    expect(firstOverdueDay(dueInstant('2024-12-10', 'before'))).toBe('2024-12-10');
    expect(firstOverdueDay(dueInstant('2024-12-10', 'by'))).toBe('2024-12-11');
    expect(firstOverdueDay(at('2024-12-10', 15))).toBe('2024-12-11');
  });

  it('counts the working days from the first overdue day through today, both included', () => {
    const before = dueInstant('2024-12-10', 'before'); // Tue
    expect(workingDaysOverdue(snapshot, before, before - 1)).toBe(0);
    expect(workingDaysOverdue(snapshot, before, before)).toBe(1);
    expect(workingDaysOverdue(snapshot, before, at('2024-12-10', 16))).toBe(1);
    expect(workingDaysOverdue(snapshot, before, at('2024-12-16', 9))).toBe(5); // Tue–Fri + Mon

    const by = dueInstant('2024-12-10', 'by');
    expect(workingDaysOverdue(snapshot, by, at('2024-12-10', 23, 59))).toBe(0);
    expect(workingDaysOverdue(snapshot, by, by + 1)).toBe(1); // 00:00 of the 11th: the first overdue day has begun
    expect(workingDaysOverdue(snapshot, at('2024-12-10', 15), at('2024-12-10', 16))).toBe(0); // overdue within its due day
    expect(workingDaysOverdue(snapshot, by, at('2024-12-11', 8))).toBe(1);
    expect(workingDaysOverdue(snapshot, by, at('2024-12-14', 8))).toBe(3); // Saturday adds nothing
  });

  it('skips Tết and compensatory days, and honours the admin swaps', () => {
    const due = dueInstant('2024-02-07', 'by'); // Wed; Tết off 8–14/02
    expect(measureOverdue(snapshot, [due], at('2024-02-15', 10))).toEqual([{ workingDays: 1, days: 8 }]);
    const beforeSwap = dueInstant('2024-04-26', 'by'); // Fri; Mon 29/4 given off, Sat 4/5 worked
    expect(workingDaysOverdue(snapshot, beforeSwap, at('2024-05-01', 10))).toBe(0); // Mon 29/4 swapped off, 30/4 and 1/5 holidays
    expect(workingDaysOverdue(snapshot, beforeSwap, at('2024-05-04', 10))).toBe(3); // Thu 2, Fri 3 and the làm bù Saturday
    expect(workingDaysOverdue(snapshot, beforeSwap, at('2024-05-06', 10))).toBe(4); // + Thu 2, Fri 3, Mon 6
  });

  it('equals the escalation offset at the moment a "+n wd" escalation fires (deadline "chậm nhất ngày D")', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 }), fc.integer({ min: 1, max: 30 }), (dayIndex, n) => {
        const dueDay = addDays('2024-01-01', dayIndex);
        const due = dueInstant(dueDay, 'by');
        const fires = applyOffset(snapshot, due, { kind: 'working_days', days: n }, 1);
        expect(workingDaysOverdue(snapshot, due, fires)).toBe(n);
      }),
    );
  });

  it('measures many tasks in one pass exactly as one by one', () => {
    const instant = fc.integer({ min: at('2023-06-01'), max: at('2027-06-01') });
    fc.assert(
      fc.property(fc.array(instant, { maxLength: 30 }), instant, (dues, now) => {
        const measured = measureOverdue(snapshot, dues, now);
        dues.forEach((due, i) => {
          const first = firstOverdueDay(due);
          const today = localDateOfInstant(now);
          const expected =
            now < due || first > today
              ? { workingDays: 0, days: 0 }
              : { workingDays: workingDaysBetween(snapshot, addDays(first, -1), today), days: epochDayOf(today) - epochDayOf(first) + 1 };
          expect(measured[i]).toEqual(expected);
          expect(workingDaysOverdue(snapshot, due, now)).toBe(expected.workingDays);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('counting by bucket, then by time', () => {
  const instant = fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 20 * 86_400_000 });
  // Few distinct instants, so that due = now and completed = due happen often.
  const coarse = fc.integer({ min: 0, max: 6 }).map((i) => 1_700_000_000_000 + i * 86_400_000);
  const task = fc.record({
    agency: fc.constantFrom('STC', 'CT-HN', 'SCT'),
    status: fc.constantFrom(...(TASK_STATUSES as readonly TaskStatus[])),
    dueAtMs: fc.oneof(instant, coarse),
    completedAtMs: fc.option(fc.oneof(instant, coarse), { nil: null }),
  });

  it('gives exactly the counts of categorize, task by task, at any moment', () => {
    fc.assert(
      fc.property(fc.array(task, { maxLength: 40 }), fc.oneof(instant, coarse), (tasks, nowMs) => {
        // What the database returns: bucket counts, plus the time-dependent subsets at nowMs.
        const rows: CountRow[] = [];
        for (const t of tasks) {
          const bucket = countBucketOf(t);
          rows.push({ agency: t.agency, kind: bucket, count: 1 });
          if (bucket === 'open' && t.dueAtMs <= nowMs) rows.push({ agency: t.agency, kind: 'open_overdue', count: 1 });
          if (bucket === 'completed_undated' && t.dueAtMs < nowMs) rows.push({ agency: t.agency, kind: 'completed_undated_late', count: 1 });
        }
        const expected = new Map<string, CategoryCounts>();
        for (const t of tasks) {
          const counts = expected.get(t.agency) ?? emptyCategoryCounts();
          counts[categorize({ ...t, nowMs })] += 1;
          expected.set(t.agency, counts);
        }
        expect(new Map(countsFromBuckets(rows).map((row) => [row.agency, row.counts]))).toEqual(expected);
      }),
    );
  });

  it('adds up repeated rows of one agency', () => {
    expect(
      countsFromBuckets([
        { agency: 'STC', kind: 'open', count: 5 },
        { agency: 'STC', kind: 'open', count: 2 },
        { agency: 'STC', kind: 'open_overdue', count: 3 },
        { agency: 'STC', kind: 'completed_undated', count: 2 },
        { agency: 'STC', kind: 'completed_undated_late', count: 1 },
      ]),
    ).toEqual([
      {
        agency: 'STC',
        counts: { completed_on_time: 1, completed_late: 1, in_progress_on_time: 4, in_progress_overdue: 3, cancelled: 0 },
      },
    ]);
  });
});

describe('calendar years the overview needs', () => {
  it('reaches back to the oldest overdue task, at most 50 years, within 1900–2100', () => {
    const now = at('2025-03-01', 10);
    expect(overviewCalendarYears([], now)).toEqual({ fromYear: 2025, toYear: 2025 });
    expect(overviewCalendarYears([at('2022-12-31', 12), at('2024-05-01'), at('2026-01-01')], now)).toEqual({ fromYear: 2023, toYear: 2025 });
    expect(overviewCalendarYears([at('2022-12-31')], now)).toEqual({ fromYear: 2022, toYear: 2025 });
    expect(overviewCalendarYears([at('1950-01-01')], now)).toEqual({ fromYear: 1976, toYear: 2025 });
  });
});

describe('assembling the overview', () => {
  const counts = (partial: Partial<CategoryCounts>): CategoryCounts => ({ ...emptyCategoryCounts(), ...partial });
  const now = at('2024-12-16', 9);
  const row = (taskId: string, agency: string, dueAt: number, escalationLevel = 0, escalatedTo: string | null = null): OverdueTaskRow => ({
    taskId,
    title: `Nhiệm vụ ${taskId}`,
    planId: null,
    planCode: 'ADHOC',
    taskRef: taskId,
    agency,
    status: 'in_progress',
    dueAtMs: dueAt,
    escalationLevel,
    escalatedTo,
  });

  const overview = assembleOverview({
    nowMs: now,
    planId: null,
    snapshot,
    byAgency: [
      { agency: 'STC', counts: counts({ completed_on_time: 5, in_progress_overdue: 1 }) },
      { agency: 'CT-HN', counts: counts({ completed_late: 2, in_progress_overdue: 2, cancelled: 1 }) },
      { agency: 'SCT', counts: counts({ in_progress_on_time: 7 }) },
      { agency: 'SKHCN', counts: counts({ in_progress_on_time: 7 }) },
    ],
    agencyNames: { STC: 'Sở Tài chính', 'CT-HN': 'Cục Thuế Hà Nội', SCT: 'Sở Công Thương' },
    overdue: [
      row('a', 'CT-HN', dueInstant('2024-12-02', 'before'), 3, 'leader'),
      row('b', 'STC', dueInstant('2024-12-10', 'before'), 1, 'coordinator'),
      row('c', 'CT-HN', dueInstant('2024-12-13', 'by')),
    ],
    limit: 100,
  });

  it('sums the agencies into the overall counts', () => {
    expect(overview.byCategory).toEqual({
      completed_on_time: 5,
      completed_late: 2,
      in_progress_on_time: 14,
      in_progress_overdue: 3,
      cancelled: 1,
    });
    expect(overview.total).toBe(25);
    expect(Object.keys(overview.byCategory).sort()).toEqual([...TASK_CATEGORIES].sort());
    expect(overview.asOf).toBe('2024-12-16T02:00:00.000Z');
  });

  it('lists agencies most overdue first, then by size, then by code, with names', () => {
    expect(overview.byAgency.map((a) => [a.agency, a.total, a.agencyName])).toEqual([
      ['CT-HN', 5, 'Cục Thuế Hà Nội'],
      ['STC', 6, 'Sở Tài chính'],
      ['SCT', 7, 'Sở Công Thương'],
      ['SKHCN', 7, null],
    ]);
  });

  it('keeps the overdue order and says how long and how high each has gone', () => {
    expect(overview.overdue.total).toBe(3);
    expect(overview.overdue.limit).toBe(100);
    expect(overview.overdue.items).toEqual([
      expect.objectContaining({ taskId: 'a', agency: 'CT-HN', agencyName: 'Cục Thuế Hà Nội', dueAt: '2024-12-01T17:00:00.000Z', workingDaysOverdue: 11, daysOverdue: 15, escalationLevel: 3, escalatedTo: 'leader' }),
      expect.objectContaining({ taskId: 'b', agency: 'STC', workingDaysOverdue: 5, daysOverdue: 7, escalationLevel: 1, escalatedTo: 'coordinator' }),
      expect.objectContaining({ taskId: 'c', workingDaysOverdue: 1, daysOverdue: 3, escalationLevel: 0, escalatedTo: null }),
    ]);
  });

  it('reports the overdue total even when the list is cut', () => {
    const cut = assembleOverview({
      nowMs: now,
      planId: '7f1c9a52-7f5b-4c57-9d0f-6a9b2f0b3c11',
      snapshot,
      byAgency: [{ agency: 'STC', counts: counts({ in_progress_overdue: 250 }) }],
      agencyNames: {},
      overdue: [row('x', 'STC', dueInstant('2024-12-02', 'before'))],
      limit: 1,
    });
    expect(cut.overdue).toMatchObject({ total: 250, limit: 1 });
    expect(cut.overdue.items).toHaveLength(1);
    expect(cut.planId).toBe('7f1c9a52-7f5b-4c57-9d0f-6a9b2f0b3c11');
  });
});
