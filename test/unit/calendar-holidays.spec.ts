import {
  addDays,
  buildCalendarSnapshot,
  CalendarOverride,
  computePublicHolidays,
  computeStatutoryHolidays,
  dayOfWeek,
  holidaysOfYear,
  isWeekend,
  isWorkingDay,
  LocalDate,
} from '../../libs/domain/src/calendar';

function datesOf(year: number): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) dates.push(d);
  return dates;
}

function range(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}

describe('public holidays under the 2019 Labour Code (Art. 112, nghỉ bù Art. 111(3))', () => {
  it('computes 2024: Tết 8–12/02 with two compensatory days, and 3/9 joining 2/9 (a Monday)', () => {
    expect(computePublicHolidays(2024).map(({ date, name, kind }) => [date, kind, name])).toEqual([
      ['2024-01-01', 'holiday', 'Tết Dương lịch'],
      ['2024-02-08', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)'],
      ['2024-02-09', 'holiday', 'Tết Nguyên đán (30 tháng Chạp)'],
      ['2024-02-10', 'holiday', 'Tết Nguyên đán (mùng 1 tháng Giêng)'],
      ['2024-02-11', 'holiday', 'Tết Nguyên đán (mùng 2 tháng Giêng)'],
      ['2024-02-12', 'holiday', 'Tết Nguyên đán (mùng 3 tháng Giêng)'],
      ['2024-02-13', 'compensatory', 'Nghỉ bù Tết Nguyên đán (mùng 1 tháng Giêng)'],
      ['2024-02-14', 'compensatory', 'Nghỉ bù Tết Nguyên đán (mùng 2 tháng Giêng)'],
      ['2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
      ['2024-04-30', 'holiday', 'Ngày Chiến thắng (30/4)'],
      ['2024-05-01', 'holiday', 'Ngày Quốc tế Lao động (1/5)'],
      ['2024-09-02', 'holiday', 'Quốc khánh (2/9)'],
      ['2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề 3/9)'],
    ]);
  });

  it('takes the last two days of the lunar year whether tháng Chạp has 29 or 30 days', () => {
    const tet = (year: number) =>
      computeStatutoryHolidays(year).filter((h) => h.name.startsWith('Tết Nguyên đán')).map((h) => h.date);
    // Tháng Chạp of Quý Mão had 30 days; that of Giáp Thìn and Ất Tỵ had 29.
    expect(tet(2024)).toEqual(['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12']);
    expect(tet(2025)).toEqual(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(computeStatutoryHolidays(2025).find((h) => h.date === '2025-01-27')?.name).toBe(
      'Tết Nguyên đán (28 tháng Chạp)',
    );
    expect(tet(2026)).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19']);
  });

  it('gives compensatory days after the whole holiday period, in order (2022, 2023)', () => {
    const compensatory = (year: number) =>
      computePublicHolidays(year)
        .filter((h) => h.kind === 'compensatory')
        .map((h) => [h.date, h.compensatesFor]);
    expect(compensatory(2022)).toEqual([
      ['2022-01-03', '2022-01-01'], // Sat → Mon
      ['2022-02-04', '2022-01-30'], // 28 Tết on Sunday → Fri after mùng 3 (Thu)
      ['2022-04-11', '2022-04-10'], // Giỗ Tổ on Sunday
      ['2022-05-02', '2022-04-30'],
      ['2022-05-03', '2022-05-01'],
    ]);
    expect(compensatory(2023)).toEqual([
      ['2023-01-02', '2023-01-01'],
      ['2023-01-25', '2023-01-21'], // 30 Tết Sat and mùng 1 Sun → Wed, Thu after mùng 3 (Tue)
      ['2023-01-26', '2023-01-22'],
      ['2023-05-02', '2023-04-29'], // Giỗ Tổ on Saturday, then 30/4 on Sunday, then 1/5 Monday
      ['2023-05-03', '2023-04-30'],
      ['2023-09-04', '2023-09-02'],
    ]);
  });

  it('holds its invariants every year 1900–2100', () => {
    const problems: string[] = [];
    for (let year = 1900; year <= 2100; year++) {
      const statutory = computeStatutoryHolidays(year);
      const all = computePublicHolidays(year);
      const compensatory = all.filter((h) => h.kind === 'compensatory');
      const dates = all.map((h) => h.date);
      const distinct = new Set(statutory.map((h) => h.date)).size;
      if (statutory.length !== 11) problems.push(`${year}: ${statutory.length} statutory days`);
      if (new Set(dates).size !== dates.length) problems.push(`${year}: duplicate dates`);
      // One compensatory day per holiday on a weekend, and per holiday lost to a clash.
      const weekendDates = new Set(statutory.filter((h) => isWeekend(h.date)).map((h) => h.date)).size;
      const expected = weekendDates + statutory.length - distinct;
      if (compensatory.length !== expected) problems.push(`${year}: compensatory count`);
      if (all.length - compensatory.length !== distinct) problems.push(`${year}: holiday count`);
      for (const c of compensatory) {
        if (isWeekend(c.date) || c.date <= c.compensatesFor! || !c.date.startsWith(`${year}-`)) {
          problems.push(`${year}: bad compensatory ${JSON.stringify(c)}`);
        }
      }
      if ([...dates].sort().join() !== dates.join()) problems.push(`${year}: not sorted`);
    }
    expect(problems).toEqual([]);
  });

  it('makes up a day when two holidays fall on one day (1947: Giỗ Tổ on 30/4, a Wednesday)', () => {
    const around = computePublicHolidays(1947).filter((h) => h.date >= '1947-04-29' && h.date <= '1947-05-05');
    expect(around.map((h) => `${h.date} ${h.kind} ${h.name}`)).toEqual([
      '1947-04-30 holiday Giỗ Tổ Hùng Vương (10/3 âm lịch); Ngày Chiến thắng (30/4)',
      '1947-05-01 holiday Ngày Quốc tế Lao động (1/5)',
      '1947-05-02 compensatory Nghỉ bù Ngày Chiến thắng (30/4)',
    ]);
  });

  it.each([
    // Weekday of 2/9 → adjoining day chosen by `auto`, as decided by the Prime Minister 2021–2026.
    [2021, 'Thu', '2021-09-03'],
    [2022, 'Fri', '2022-09-01'],
    [2023, 'Sat', '2023-09-01'],
    [2024, 'Mon', '2024-09-03'],
    [2025, 'Tue', '2025-09-01'],
    [2026, 'Wed', '2026-09-01'],
  ])('Quốc khánh %i (2/9 a %s): the adjoining day is %s', (year, _weekday, adjoining) => {
    const names = computeStatutoryHolidays(year).filter((h) => h.name.startsWith('Quốc khánh'));
    expect(names.map((h) => h.date).sort()).toEqual([`${year}-09-02`, adjoining].sort());
  });

  it('lets the adjoining day of 2/9 be fixed before or after', () => {
    const days = (year: number, side: 'before' | 'after') =>
      computePublicHolidays(year, { nationalDayAdjoining: side })
        .filter((h) => h.date >= `${year}-08-31` && h.date <= `${year}-09-08`)
        .map((h) => `${h.date} ${h.kind}`);
    expect(days(2021, 'before')).toEqual(['2021-09-01 holiday', '2021-09-02 holiday']);
    expect(days(2021, 'after')).toEqual(['2021-09-02 holiday', '2021-09-03 holiday']);
    // 2024: 1/9 is a Sunday, so "before" yields a compensatory 3/9: the same days off as "after".
    expect(days(2024, 'before')).toEqual(['2024-09-01 holiday', '2024-09-02 holiday', '2024-09-03 compensatory']);
    expect(dayOfWeek('2024-09-01')).toBe(0);
  });

  it('can add a fixed holiday from a given year (e.g. an amended Code adding 24/11)', () => {
    const rules = {
      extraFixedHolidays: [{ month: 11, day: 24, name: 'Ngày Văn hóa Việt Nam (24/11)', fromYear: 2027 }],
    };
    expect(computePublicHolidays(2026, rules).some((h) => h.date === '2026-11-24')).toBe(false);
    // 24/11/2029 is a Saturday: its compensatory day is Monday 26/11.
    expect(computePublicHolidays(2029, rules).filter((h) => h.date >= '2029-11-01')).toEqual([
      { date: '2029-11-24', name: 'Ngày Văn hóa Việt Nam (24/11)', kind: 'holiday' },
      {
        date: '2029-11-26',
        name: 'Nghỉ bù Ngày Văn hóa Việt Nam (24/11)',
        kind: 'compensatory',
        compensatesFor: '2029-11-24',
      },
    ]);
  });

  it('refuses years outside 1900–2100', () => {
    expect(() => computePublicHolidays(1899)).toThrow(/1899/);
    expect(() => computePublicHolidays(2101)).toThrow(/2101/);
  });
});

/**
 * The days off officially announced for civil servants (công chức, viên chức), compared day by
 * day over the whole year with what the calendar computes plus the year's swaps as admin
 * overrides. Each period is inclusive and includes the weekends inside it.
 *
 * Sources and confidence:
 * - 2023: no swaps. Tết 20–26/01 (29 Tết → nghỉ bù), 29/4–3/5, 1–4/9, and 1/1 (Sun) → 2/1.
 *   Confident for Tết, 30/4 and 2/9 (press reports of the Ministry of Labour's notices);
 *   fairly confident for 2/1.
 * - 2024: 1/1; Tết 08–14/02 (Thông báo of the Ministry of Labour, 7 days, no swap);
 *   Giỗ Tổ 18/4; 27/4–1/5 with Mon 29/4 swapped for Sat 4/5 (VPCP letter 2450/VPCP-KGVX of
 *   12/4/2024); 31/8–3/9 (2/9 Mon + 3/9). Confident in all.
 * - 2025: 1/1 only; Tết 25/01–02/02 (9 days, no swap: the 5 days fall Mon–Fri); Giỗ Tổ 5–7/4;
 *   30/4–4/5 with Fri 2/5 swapped for Sat 26/4; 30/8–2/9 (1/9 + 2/9). Confident in all.
 * - 2026: 1/1–4/1 with Fri 2/1 swapped for Sat 10/1 (VPCP letter 12729/VPCP-KGVX of
 *   25/12/2025); Tết 14/02–22/02 (27 tháng Chạp to mùng 6; 15/2 Sun → nghỉ bù 20/2; Prime
 *   Minister's decision of October 2025); 29/8–2/9 with Mon 31/8 swapped for Sat 22/8 (same
 *   decision). Confident in these. Giỗ Tổ 26/4 (Sun) → nghỉ bù Mon 27/4 and 30/4–3/5 (Thu–Fri)
 *   follow from the law; press of February 2026 reports them so, but no swap decision for
 *   that period had been seen: less certain that none will be made.
 */
interface OfficialYear {
  year: number;
  periods: [LocalDate, LocalDate][];
  /** Saturdays worked (làm bù). */
  madeUpSaturdays: LocalDate[];
  /** What an admin enters for the year's swaps. */
  overrides: CalendarOverride[];
}

const OFFICIAL: OfficialYear[] = [
  {
    year: 2023,
    periods: [
      ['2022-12-31', '2023-01-02'],
      ['2023-01-20', '2023-01-26'],
      ['2023-04-29', '2023-05-03'],
      ['2023-09-01', '2023-09-04'],
    ],
    madeUpSaturdays: [],
    overrides: [],
  },
  {
    year: 2024,
    periods: [
      ['2024-01-01', '2024-01-01'],
      ['2024-02-08', '2024-02-14'],
      ['2024-04-18', '2024-04-18'],
      ['2024-04-27', '2024-05-01'],
      ['2024-08-31', '2024-09-03'],
    ],
    madeUpSaturdays: ['2024-05-04'],
    overrides: [
      { date: '2024-04-29', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)' },
      { date: '2024-05-04', kind: 'working_day', name: 'Làm bù cho thứ Hai 29/4/2024' },
    ],
  },
  {
    year: 2025,
    periods: [
      ['2025-01-01', '2025-01-01'],
      ['2025-01-25', '2025-02-02'],
      ['2025-04-05', '2025-04-07'],
      ['2025-04-30', '2025-05-04'],
      ['2025-08-30', '2025-09-02'],
    ],
    madeUpSaturdays: ['2025-04-26'],
    overrides: [
      { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)' },
      { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/5/2025' },
    ],
  },
  {
    year: 2026,
    periods: [
      ['2026-01-01', '2026-01-04'],
      ['2026-02-14', '2026-02-22'],
      ['2026-04-25', '2026-04-27'],
      ['2026-04-30', '2026-05-03'],
      ['2026-08-29', '2026-09-02'],
    ],
    madeUpSaturdays: ['2026-01-10', '2026-08-22'],
    overrides: [
      { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)' },
      { date: '2026-01-10', kind: 'working_day', name: 'Làm bù cho thứ Sáu 02/01/2026' },
      { date: '2026-08-31', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)' },
      { date: '2026-08-22', kind: 'working_day', name: 'Làm bù cho thứ Hai 31/8/2026' },
    ],
  },
];

function officialDaysOff(official: OfficialYear): LocalDate[] {
  const inPeriods = new Set(official.periods.flatMap(([from, to]) => range(from, to)));
  return datesOf(official.year).filter(
    (d) => inPeriods.has(d) || (isWeekend(d) && !official.madeUpSaturdays.includes(d)),
  );
}

describe('the computed calendar against the officially announced days off', () => {
  it.each(OFFICIAL.map((o) => [o.year, o] as const))('%i: computed + overrides = official', (year, official) => {
    const snapshot = buildCalendarSnapshot({ fromYear: year, toYear: year, overrides: official.overrides });
    const computedOff = datesOf(year).filter((d) => !isWorkingDay(snapshot, d));
    expect(computedOff).toEqual(officialDaysOff(official));
  });

  it.each(OFFICIAL.map((o) => [o.year, o] as const))(
    '%i: the law alone differs from the official calendar exactly at the swapped dates',
    (year, official) => {
      const lawOnly = buildCalendarSnapshot({ fromYear: year, toYear: year });
      const official_ = new Set(officialDaysOff(official));
      const differences = datesOf(year).filter((d) => !isWorkingDay(lawOnly, d) !== official_.has(d));
      expect(differences).toEqual(official.overrides.map((o) => o.date).sort());
    },
  );

  it('lists 2026 with its swaps for GET /api/calendar/holidays', () => {
    const snapshot = buildCalendarSnapshot({ fromYear: 2026, toYear: 2026, overrides: OFFICIAL[3]!.overrides });
    expect(holidaysOfYear(snapshot, 2026).map((h) => `${h.date} ${h.kind} ${h.name}`)).toEqual([
      '2026-01-01 holiday Tết Dương lịch',
      '2026-01-02 day_off Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)',
      '2026-02-15 holiday Tết Nguyên đán (28 tháng Chạp)',
      '2026-02-16 holiday Tết Nguyên đán (29 tháng Chạp)',
      '2026-02-17 holiday Tết Nguyên đán (mùng 1 tháng Giêng)',
      '2026-02-18 holiday Tết Nguyên đán (mùng 2 tháng Giêng)',
      '2026-02-19 holiday Tết Nguyên đán (mùng 3 tháng Giêng)',
      '2026-02-20 compensatory Nghỉ bù Tết Nguyên đán (28 tháng Chạp)',
      '2026-04-26 holiday Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      '2026-04-27 compensatory Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)',
      '2026-04-30 holiday Ngày Chiến thắng (30/4)',
      '2026-05-01 holiday Ngày Quốc tế Lao động (1/5)',
      '2026-08-31 day_off Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)',
      '2026-09-01 holiday Quốc khánh (ngày liền kề 1/9)',
      '2026-09-02 holiday Quốc khánh (2/9)',
    ]);
  });
});
