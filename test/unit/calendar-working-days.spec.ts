import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  buildCalendarSnapshot,
  CalendarOverride,
  CalendarSnapshot,
  coversDate,
  DEFAULT_DAY_OFF_NAME,
  extraWorkingDaysOfYear,
  holidaysOfYear,
  isWorkingDay,
  localDateFromEpochDay,
  nextWorkingDay,
  workingDaysBetween,
} from '../../libs/domain/src/calendar';

// The official swaps of 2024–2026 (see calendar-holidays.spec.ts for sources).
const OVERRIDES: CalendarOverride[] = [
  { date: '2024-04-29', kind: 'day_off' },
  { date: '2024-05-04', kind: 'working_day' },
  { date: '2025-05-02', kind: 'day_off' },
  { date: '2025-04-26', kind: 'working_day' },
  { date: '2026-01-02', kind: 'day_off' },
  { date: '2026-01-10', kind: 'working_day' },
  { date: '2026-08-31', kind: 'day_off' },
  { date: '2026-08-22', kind: 'working_day' },
];

const snapshot: CalendarSnapshot = buildCalendarSnapshot({ fromYear: 2024, toYear: 2026, overrides: OVERRIDES });

describe('working days', () => {
  it('knows weekdays, weekends, holidays, compensatory and swapped days', () => {
    expect(isWorkingDay(snapshot, '2024-02-07')).toBe(true); // Wed before Tết
    for (let d = '2024-02-08'; d <= '2024-02-14'; d = addDays(d, 1)) expect(isWorkingDay(snapshot, d)).toBe(false);
    expect(isWorkingDay(snapshot, '2024-02-15')).toBe(true);
    expect(isWorkingDay(snapshot, '2024-02-17')).toBe(false); // Saturday
    expect(isWorkingDay(snapshot, '2024-04-29')).toBe(false); // Monday given off by the swap
    expect(isWorkingDay(snapshot, '2024-05-04')).toBe(true); // Saturday làm bù
    expect(isWorkingDay(snapshot, '2026-04-27')).toBe(false); // nghỉ bù Giỗ Tổ
  });

  it('adds working days across Tết (both directions) and returns working days only', () => {
    expect(addWorkingDays(snapshot, '2024-02-02', 4)).toBe('2024-02-15');
    expect(addWorkingDays(snapshot, '2024-02-02', 5)).toBe('2024-02-16');
    expect(addWorkingDays(snapshot, '2024-02-15', -1)).toBe('2024-02-07');
    expect(addWorkingDays(snapshot, '2024-02-15', -4)).toBe('2024-02-02');
    expect(addWorkingDays(snapshot, '2025-02-03', -1)).toBe('2025-01-24'); // Tết 2025: 25/01–02/02
    expect(addWorkingDays(snapshot, '2024-02-02', -1)).toBe('2024-02-01');
  });

  it('counts from a day off without counting it', () => {
    expect(addWorkingDays(snapshot, '2024-02-10', 1)).toBe('2024-02-15'); // from mùng 1 Tết
    expect(addWorkingDays(snapshot, '2024-02-10', -1)).toBe('2024-02-07');
    expect(addWorkingDays(snapshot, '2024-02-17', 1)).toBe('2024-02-19'); // from a Saturday
  });

  it('n = 0 is the date itself when working, else the next working day', () => {
    expect(addWorkingDays(snapshot, '2024-02-07', 0)).toBe('2024-02-07');
    expect(addWorkingDays(snapshot, '2024-02-10', 0)).toBe('2024-02-15');
    expect(addWorkingDays(snapshot, '2024-02-17', 0)).toBe('2024-02-19');
  });

  it('skips compensatory days and follows swaps', () => {
    // Fri 24/4/2026 → Giỗ Tổ Sun 26/4, nghỉ bù Mon 27/4.
    expect(nextWorkingDay(snapshot, '2026-04-24')).toBe('2026-04-28');
    expect(addWorkingDays(snapshot, '2026-04-24', 3)).toBe('2026-05-04'); // 28, 29, then 30/4–3/5 off
    // 2024: Mon 29/4 off by swap, Sat 4/5 worked.
    expect(addWorkingDays(snapshot, '2024-04-26', 1)).toBe('2024-05-02');
    expect(addWorkingDays(snapshot, '2024-04-26', 3)).toBe('2024-05-04');
    expect(addWorkingDays(snapshot, '2024-05-06', -1)).toBe('2024-05-04');
    // 2026: 1/1 holiday, Fri 2/1 swapped off, Sat 10/1 worked.
    expect(addWorkingDays(snapshot, '2025-12-31', 1)).toBe('2026-01-05');
    expect(addWorkingDays(snapshot, '2026-01-09', 1)).toBe('2026-01-10');
  });

  it('counts working days between dates, half-open (a, b]', () => {
    expect(workingDaysBetween(snapshot, '2024-02-07', '2024-02-07')).toBe(0);
    expect(workingDaysBetween(snapshot, '2024-02-07', '2024-02-15')).toBe(1);
    expect(workingDaysBetween(snapshot, '2024-02-15', '2024-02-07')).toBe(-1);
    expect(workingDaysBetween(snapshot, '2024-02-02', '2024-02-16')).toBe(5);
    // 2024: 262 weekdays − 12 weekday days off (1/1, 8–9/2, 12–14/2, 18/4, 29/4, 30/4, 1/5, 2–3/9) + Sat 4/5.
    expect(workingDaysBetween(snapshot, '2023-12-31', '2024-12-31')).toBe(251);
    // 2025: 261 weekdays − 12 (1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9) + Sat 26/4.
    expect(workingDaysBetween(snapshot, '2024-12-31', '2025-12-31')).toBe(250);
  });

  it('addWorkingDays and workingDaysBetween are inverse (property)', () => {
    const anyDate = fc.integer({ min: 19723, max: 20818 }).map(localDateFromEpochDay); // 2024-01-01 … 2026-12-31
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -40, max: 40 }), (date, n) => {
        const start = addWorkingDays(snapshot, date, 0);
        const end = addWorkingDays(snapshot, start, n);
        return isWorkingDay(snapshot, end) && workingDaysBetween(snapshot, start, end) === n;
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a non-integer count', () => {
    expect(() => addWorkingDays(snapshot, '2024-02-07', 1.5)).toThrow(/1.5/);
    expect(() => addWorkingDays(snapshot, '2024-02-30', 1)).toThrow(/2024-02-30/);
  });
});

describe('calendar snapshot', () => {
  it('is plain JSON that survives a round trip (workflow input)', () => {
    const copy = JSON.parse(JSON.stringify(snapshot)) as CalendarSnapshot;
    expect(copy).toEqual(snapshot);
    expect(addWorkingDays(copy, '2024-04-26', 3)).toBe('2024-05-04');
    expect(snapshot.daysOff).toEqual([...snapshot.daysOff].sort());
    expect(snapshot.workingDays).toEqual(['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22']);
    expect(snapshot.daysOff).toContain('2024-04-29');
  });

  it('falls back to the law outside its years (no overrides known there)', () => {
    const only2024 = buildCalendarSnapshot({ fromYear: 2024, toYear: 2024 });
    expect(coversDate(only2024, '2027-02-09')).toBe(false);
    // Tết Đinh Mùi 2027: 4–8/02, mùng 1–2 on Sat–Sun → nghỉ bù Tue 9/2 and Wed 10/2.
    expect(isWorkingDay(only2024, '2027-02-09')).toBe(false);
    expect(addWorkingDays(only2024, '2027-02-03', 1)).toBe('2027-02-11');
    expect(holidaysOfYear(only2024, 2027).map((h) => h.date)).toContain('2027-02-10');
    // Beyond the lunar range only weekends are known.
    expect(isWorkingDay(only2024, '2101-01-03')).toBe(true);
  });

  it('applies overrides over the computation, the last one for a date winning', () => {
    const s = buildCalendarSnapshot({
      fromYear: 2025,
      toYear: 2025,
      overrides: [
        { date: '2025-09-01', kind: 'working_day', name: 'Hủy nghỉ (ví dụ)' }, // cancels a holiday
        { date: '2025-06-02', kind: 'day_off' }, // an ordinary Monday given off
        { date: '2025-06-03', kind: 'day_off' },
        { date: '2025-06-03', kind: 'working_day' }, // changed mind: Tuesday worked again
        { date: '2025-01-01', kind: 'day_off' }, // already a holiday: keeps its name
        { date: '2024-12-30', kind: 'day_off' }, // outside the snapshot: left out
      ],
    });
    expect(isWorkingDay(s, '2025-09-01')).toBe(true);
    expect(isWorkingDay(s, '2025-06-02')).toBe(false);
    expect(isWorkingDay(s, '2025-06-03')).toBe(true);
    expect(isWorkingDay(s, '2024-12-30')).toBe(true);
    const list = holidaysOfYear(s, 2025);
    expect(list.find((h) => h.date === '2025-06-02')).toEqual({ date: '2025-06-02', name: DEFAULT_DAY_OFF_NAME, kind: 'day_off' });
    expect(list.find((h) => h.date === '2025-01-01')).toEqual({ date: '2025-01-01', name: 'Tết Dương lịch', kind: 'holiday' });
    expect(list.some((h) => h.date === '2025-09-01')).toBe(false);
    // A weekday that was working anyway needs no "extra working day" entry; a cancelled holiday does.
    expect(extraWorkingDaysOfYear(s, 2025)).toEqual([{ date: '2025-09-01', name: 'Hủy nghỉ (ví dụ)' }]);
  });

  it('rejects bad input with a message naming it', () => {
    expect(() => buildCalendarSnapshot({ fromYear: 2026, toYear: 2025 })).toThrow(/2026–2025/);
    expect(() => buildCalendarSnapshot({ fromYear: 2000, toYear: 2060 })).toThrow(/at most 50 years/);
    expect(() =>
      buildCalendarSnapshot({ fromYear: 2025, toYear: 2025, overrides: [{ date: '2025-13-01', kind: 'day_off' }] }),
    ).toThrow(/2025-13-01/);
    expect(() =>
      buildCalendarSnapshot({
        fromYear: 2025,
        toYear: 2025,
        overrides: [{ date: '2025-05-02', kind: 'holiday' as unknown as 'day_off' }],
      }),
    ).toThrow(/"holiday"/);
  });

  it('day-by-day walk agrees with isWorkingDay for every day of 2024–2026', () => {
    let date = '2024-01-01';
    let count = 0;
    while (date <= '2026-12-31') {
      const next = addWorkingDays(snapshot, date, 1);
      for (let d = addDays(date, 1); d < next; d = addDays(d, 1)) expect(isWorkingDay(snapshot, d)).toBe(false);
      expect(isWorkingDay(snapshot, next)).toBe(true);
      date = next;
      count++;
    }
    expect(count).toBe(workingDaysBetween(snapshot, '2024-01-01', date));
  });
});
