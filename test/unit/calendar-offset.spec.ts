import fc from 'fast-check';
import {
  addDays,
  applyOffset,
  buildCalendarSnapshot,
  CalendarSnapshot,
  deferToWorkingDay,
  dueInstant,
  formatOffset,
  isWorkingDay,
  localDateOfInstant,
  localDateTimeToInstant,
  parseOffset,
  PolicyOffset,
  tryParseOffset,
  validateOffset,
  workingDaysBetween,
} from '../../libs/domain/src/calendar';

const snapshot: CalendarSnapshot = buildCalendarSnapshot({
  fromYear: 2024,
  toYear: 2026,
  overrides: [
    { date: '2024-04-29', kind: 'day_off' },
    { date: '2024-05-04', kind: 'working_day' },
  ],
});

/** An instant written as local time in Asia/Ho_Chi_Minh (UTC+7). */
const at = (local: string): number => Date.parse(`${local}+07:00`);
const wd = (days: number): PolicyOffset => ({ kind: 'working_days', days });

describe('parseOffset', () => {
  it.each([
    ['3wd', { kind: 'working_days', days: 3 }],
    ['0wd', { kind: 'working_days', days: 0 }],
    ['10WD', { kind: 'working_days', days: 10 }],
    ['PT5S', { kind: 'duration', ms: 5000 }],
    ['PT0S', { kind: 'duration', ms: 0 }],
    ['P2D', { kind: 'duration', ms: 2 * 86_400_000 }],
    ['PT1H30M', { kind: 'duration', ms: 90 * 60_000 }],
    ['P1W', { kind: 'duration', ms: 7 * 86_400_000 }],
    ['P1DT2H', { kind: 'duration', ms: 26 * 3_600_000 }],
    ['PT0.5S', { kind: 'duration', ms: 500 }],
    ['PT1,5H', { kind: 'duration', ms: 90 * 60_000 }],
    ['pt5s', { kind: 'duration', ms: 5000 }],
  ])('parses %s', (input, expected) => {
    expect(parseOffset(input)).toEqual(expected);
    expect(validateOffset(input)).toBeNull();
  });

  it.each([
    ['', /Invalid offset "": expected "<n>wd"/],
    ['3', /Invalid offset "3"/],
    ['3 wd', /Invalid offset "3 wd"/],
    ['3d', /Invalid offset "3d"/],
    ['-1wd', /"-1wd": offsets cannot be negative/],
    ['-PT5S', /"-PT5S": offsets cannot be negative/],
    ['P1M', /"P1M": years and months have no fixed length/],
    ['P1Y', /"P1Y": years and months/],
    ['P', /Invalid offset "P"/],
    ['PT', /Invalid offset "PT"/],
    ['P1DT', /Invalid offset "P1DT"/],
    ['PT1.5H30M', /only the last component/],
    ['5S', /Invalid offset "5S"/],
    ['99999wd', /"99999wd": at most 3650 working days/],
    ['P99999D', /"P99999D": at most 3650 days/],
  ])('rejects %j', (input, message) => {
    expect(() => parseOffset(input)).toThrow(message);
    const result = tryParseOffset(input);
    expect(result.ok).toBe(false);
    expect(validateOffset(input)).toMatch(message);
  });

  it('rejects non-strings with a message naming the value', () => {
    expect(validateOffset(5)).toBe('Invalid offset 5: expected "<n>wd" (working days, e.g. "3wd") or an ISO 8601 duration (e.g. "PT5S", "PT1H30M", "P2D")');
    expect(validateOffset(null)).toMatch(/^Invalid offset null:/);
    expect(validateOffset(undefined)).toMatch(/^Invalid offset undefined:/);
  });

  it.each([
    ['3wd', '3wd'],
    ['PT5S', 'PT5S'],
    ['PT90M', 'PT1H30M'],
    ['P1W', 'P7D'],
    ['P1DT2H', 'P1DT2H'],
    ['PT0.5S', 'PT0.5S'],
    ['PT0S', 'PT0S'],
  ])('formats %s as %s', (input, canonical) => {
    expect(formatOffset(parseOffset(input))).toBe(canonical);
    expect(parseOffset(canonical)).toEqual(parseOffset(input));
  });
});

describe('dueInstant', () => {
  it('"trước ngày D" is 00:00 of D, "chậm nhất/đến ngày D" the last millisecond of D (Asia/Ho_Chi_Minh)', () => {
    expect(dueInstant('2024-12-10', 'before')).toBe(Date.UTC(2024, 11, 9, 17, 0, 0, 0));
    expect(dueInstant('2024-12-10', 'by')).toBe(Date.UTC(2024, 11, 10, 16, 59, 59, 999));
    expect(localDateOfInstant(dueInstant('2024-12-10', 'before'))).toBe('2024-12-10');
    expect(localDateOfInstant(dueInstant('2024-12-10', 'by'))).toBe('2024-12-10');
    expect(dueInstant('2024-12-31', 'by') + 1).toBe(dueInstant('2025-01-01', 'before'));
  });

  it('rejects a bad date or rule', () => {
    expect(() => dueInstant('2024-02-30', 'by')).toThrow(/2024-02-30/);
    expect(() => dueInstant('2024-12-10', 'until' as 'by')).toThrow(/"until"/);
  });

  it('uses the fixed UTC+7 of Asia/Ho_Chi_Minh, as the tz database does since 1975', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1976, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        return localDateOfInstant(ms) === format.format(new Date(ms));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('applyOffset', () => {
  const beforeDec10 = dueInstant('2024-12-10', 'before'); // Tue 10/12 00:00
  const byDec10 = dueInstant('2024-12-10', 'by'); // Tue 10/12 23:59:59.999

  it('counts reminders back in working days and fires at 08:00 (plan due "before 10/12/2024")', () => {
    expect(applyOffset(snapshot, beforeDec10, wd(7), -1)).toBe(at('2024-11-29T08:00'));
    expect(applyOffset(snapshot, beforeDec10, wd(3), -1)).toBe(at('2024-12-05T08:00'));
    expect(applyOffset(snapshot, beforeDec10, wd(1), -1)).toBe(at('2024-12-09T08:00'));
    expect(applyOffset(snapshot, byDec10, wd(1), -1)).toBe(at('2024-12-09T08:00'));
  });

  it('counts escalations forward in working days, at 08:00', () => {
    expect(applyOffset(snapshot, byDec10, wd(3), 1)).toBe(at('2024-12-13T08:00'));
    expect(applyOffset(snapshot, byDec10, wd(5), 1)).toBe(at('2024-12-17T08:00'));
    expect(applyOffset(snapshot, beforeDec10, wd(1), 1)).toBe(at('2024-12-11T08:00'));
  });

  it('0wd is the anchor itself on a working day, else the next working morning', () => {
    expect(applyOffset(snapshot, beforeDec10, wd(0), 1)).toBe(beforeDec10);
    expect(applyOffset(snapshot, byDec10, wd(0), 1)).toBe(byDec10);
    expect(applyOffset(snapshot, byDec10, wd(0), -1)).toBe(byDec10);
    // Due "before Saturday 14/12" = Sat 00:00: the overdue escalation waits for Monday 08:00.
    expect(applyOffset(snapshot, dueInstant('2024-12-14', 'before'), wd(0), 1)).toBe(at('2024-12-16T08:00'));
    // Due during Tết: the next working morning is Thu 15/02/2024.
    expect(deferToWorkingDay(snapshot, at('2024-02-10T10:00'))).toBe(at('2024-02-15T08:00'));
    expect(deferToWorkingDay(snapshot, at('2024-02-07T06:00'))).toBe(at('2024-02-07T06:00'));
  });

  it('skips Tết, compensatory days and swapped days', () => {
    // Due by Wed 07/02/2024; Tết off 08–14/02.
    expect(applyOffset(snapshot, dueInstant('2024-02-07', 'by'), wd(1), 1)).toBe(at('2024-02-15T08:00'));
    expect(applyOffset(snapshot, dueInstant('2024-02-07', 'by'), wd(3), 1)).toBe(at('2024-02-19T08:00'));
    // Due before Thu 15/02: reminders on the last working days before Tết.
    expect(applyOffset(snapshot, dueInstant('2024-02-15', 'before'), wd(1), -1)).toBe(at('2024-02-07T08:00'));
    expect(applyOffset(snapshot, dueInstant('2024-02-15', 'before'), wd(3), -1)).toBe(at('2024-02-05T08:00'));
    // Acknowledge within 2wd of an assignment on Wed 07/02 15:30.
    expect(applyOffset(snapshot, at('2024-02-07T15:30'), wd(2), 1)).toBe(at('2024-02-16T08:00'));
    // Giỗ Tổ 2026 on Sunday → nghỉ bù Monday 27/4.
    expect(applyOffset(snapshot, dueInstant('2026-04-24', 'by'), wd(1), 1)).toBe(at('2026-04-28T08:00'));
    // 2024 swap: Mon 29/4 off, Sat 4/5 worked.
    expect(applyOffset(snapshot, dueInstant('2024-04-26', 'by'), wd(3), 1)).toBe(at('2024-05-04T08:00'));
  });

  it('adds and subtracts exact durations without the calendar', () => {
    const saturday = at('2024-02-10T10:00');
    expect(applyOffset(snapshot, saturday, parseOffset('PT5S'), 1)).toBe(saturday + 5000);
    expect(applyOffset(snapshot, saturday, parseOffset('PT5S'), -1)).toBe(saturday - 5000);
    expect(applyOffset(snapshot, saturday, parseOffset('P2D'), 1)).toBe(at('2024-02-12T10:00'));
    expect(applyOffset(snapshot, saturday, parseOffset('PT1H30M'), -1)).toBe(at('2024-02-10T08:30'));
  });

  it('always lands on a working day at 08:00, on the right side of the anchor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 1) }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom<1 | -1>(1, -1),
        (anchor, days, direction) => {
          const result = applyOffset(snapshot, anchor, wd(days), direction);
          const date = localDateOfInstant(result);
          return (
            result === localDateTimeToInstant(date, 8) &&
            isWorkingDay(snapshot, date) &&
            (direction === 1 ? result > anchor : result < anchor) &&
            // Exactly `days` working days from the anchor's day (not counted) to the result (counted).
            (direction === 1
              ? workingDaysBetween(snapshot, localDateOfInstant(anchor), date) === days
              : workingDaysBetween(snapshot, date, addDays(localDateOfInstant(anchor), -1)) === days - 1)
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects a bad direction or instant', () => {
    expect(() => applyOffset(snapshot, beforeDec10, wd(1), 0 as 1)).toThrow(/direction 0/);
    expect(() => applyOffset(snapshot, Number.NaN, wd(1), 1)).toThrow(/Invalid instant NaN/);
  });
});
