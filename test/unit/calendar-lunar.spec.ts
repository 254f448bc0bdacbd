import {
  addDays,
  leapMonthOfLunarYear,
  localDateToLunar,
  lunarMonthLength,
  lunarNewYear,
  lunarToLocalDate,
  lunarToSolar,
  solarToLunar,
} from '../../libs/domain/src/calendar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Mùng 1 Tết, every year 2000–2031 (published Vietnamese calendars).
  const tet: Record<number, string> = {
    2000: '2000-02-05', 2001: '2001-01-24', 2002: '2002-02-12', 2003: '2003-02-01',
    2004: '2004-01-22', 2005: '2005-02-09', 2006: '2006-01-29',
    2007: '2007-02-17', // China: 2007-02-18 (new moon 23:14 at UTC+7, 00:14 at UTC+8)
    2008: '2008-02-07', 2009: '2009-01-26', 2010: '2010-02-14', 2011: '2011-02-03',
    2012: '2012-01-23', 2013: '2013-02-10', 2014: '2014-01-31', 2015: '2015-02-19',
    2016: '2016-02-08', 2017: '2017-01-28', 2018: '2018-02-16', 2019: '2019-02-05',
    2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22',
    2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06',
    2028: '2028-01-26', 2029: '2029-02-13',
    // Not 2030-02-03 (China's date): the new moon is at 2030-02-02 16:07 UTC, i.e. 23:07 in
    // Hanoi and 00:07 in Beijing, so Vietnam's Tết Canh Tuất is one day earlier than China's.
    2030: '2030-02-02',
    2031: '2031-01-23',
  };
  it.each(Object.entries(tet))('Tết %s is %s', (year, date) => {
    expect(lunarNewYear(Number(year))).toBe(date);
  });

  it.each([
    [1900, '1900-01-31'],
    [1901, '1901-02-19'],
    [1945, '1945-02-13'],
    // North Vietnam moved to UTC+7 in 1967, so its Tết Mậu Thân came a day before the South's and China's (01-30).
    [1968, '1968-01-29'],
    [1975, '1975-02-11'],
    // The famous case: Vietnam's Tết Ất Sửu was 1985-01-21, China's a month later (1985-02-20).
    // The 1984 winter solstice (16:23 UTC on 21/12) fell on 21/12 at UTC+7 but on 22/12 at UTC+8,
    // the day of a new moon: month 11 thus started a lunation earlier in Vietnam.
    [1985, '1985-01-21'],
    [2050, '2050-01-23'],
    [2053, '2053-02-18'], // China: 2053-02-19 (new moon 23:31 at UTC+7)
    [2100, '2100-02-09'],
  ])('Tết %i is %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
  });

  it.each([
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3 âm lịch) %i is %s', (year, date) => {
    expect(lunarToLocalDate(10, 3, year)).toBe(date);
  });

  it('converts known dates both ways', () => {
    // 30 Tết Quý Mão and 29 Tết Giáp Thìn (no 30th in that month).
    expect(solarToLunar(2024, 2, 9)).toEqual({ day: 30, month: 12, year: 2023, leap: false });
    expect(solarToLunar(2025, 1, 28)).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    // Trung thu (15/8) 2024 and 2025; rằm tháng Giêng 2024.
    expect(lunarToLocalDate(15, 8, 2024)).toBe('2024-09-17');
    expect(lunarToLocalDate(15, 8, 2025)).toBe('2025-10-06');
    expect(lunarToLocalDate(15, 1, 2024)).toBe('2024-02-24');
    // Leap month 6 of Ất Tỵ (2025) starts 2025-07-25, after the regular month 6 (2025-06-25).
    expect(lunarToLocalDate(1, 6, 2025)).toBe('2025-06-25');
    expect(lunarToLocalDate(1, 6, 2025, true)).toBe('2025-07-25');
    expect(localDateToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(lunarToSolar(1, 1, 1985)).toEqual({ year: 1985, month: 1, day: 21 });
    // Month 11 and 12 belong to the lunar year that started before the solar new year.
    expect(localDateToLunar('2024-01-01')).toEqual({ day: 20, month: 11, year: 2023, leap: false });
  });

  it.each([
    [2012, 4],
    [2014, 9],
    [2017, 6],
    [2020, 4],
    [2023, 2],
    [2025, 6],
    [2028, 5],
    [2033, 11], // the "2033 problem": a leap month 11, after the winter solstice
  ])('lunar year %i has leap month %i', (year, month) => {
    expect(leapMonthOfLunarYear(year)).toBe(month);
  });

  it.each([2021, 2022, 2024, 2026, 2027])('lunar year %i has no leap month', (year) => {
    expect(leapMonthOfLunarYear(year)).toBeNull();
  });

  it('reports month lengths and refuses dates that do not exist', () => {
    expect(lunarMonthLength(12, 2023)).toBe(30);
    expect(lunarMonthLength(12, 2024)).toBe(29);
    expect(() => lunarToSolar(30, 12, 2024)).toThrow(/has only 29 days/);
    expect(() => lunarToSolar(1, 5, 2024, true)).toThrow(/no leap month 5/);
    expect(() => lunarToSolar(1, 13, 2024)).toThrow(/lunar month 13/);
    expect(() => lunarToSolar(0, 1, 2024)).toThrow(/lunar day 0/);
    expect(() => lunarToSolar(1, 1, 2101)).toThrow(/1899–2100/);
    expect(() => solarToLunar(1899, 12, 31)).toThrow(/1900–2100/);
    expect(() => solarToLunar(2023, 2, 29)).toThrow(/2023-02-29/);
  });

  it('handles the two days where the original algorithm returned day 0', () => {
    // The mean-lunation estimate lands one month late there; both are the 30th of a 30-day month.
    expect(localDateToLunar('2054-05-07')).toEqual({ day: 30, month: 3, year: 2054, leap: false });
    expect(localDateToLunar('2054-05-08')).toEqual({ day: 1, month: 4, year: 2054, leap: false });
    expect(localDateToLunar('2062-04-09')).toEqual({ day: 30, month: 2, year: 2062, leap: false });
    expect(lunarToLocalDate(30, 2, 2062)).toBe('2062-04-09');
  });

  it('is consistent day by day from 1900 to 2100 and round-trips every day', () => {
    // Problems are collected rather than asserted one by one: 73,000 days × expect() is slow.
    const problems: string[] = [];
    let previous = solarToLunar(1900, 1, 1);
    let date = '1900-01-02';
    let monthStarts = 0;
    while (date <= '2100-12-31') {
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const lunar = solarToLunar(y, m, d);
      const shown = `${date} → ${JSON.stringify(lunar)} after ${JSON.stringify(previous)}`;
      if (lunar.day === 1) {
        monthStarts++;
        const nextMonthOk = lunar.leap
          ? lunar.month === previous.month && lunar.year === previous.year && !previous.leap
          : lunar.month === (previous.month % 12) + 1 &&
            lunar.year === (previous.month === 12 ? previous.year + 1 : previous.year);
        if (previous.day !== 29 && previous.day !== 30) problems.push(`month length: ${shown}`);
        if (!nextMonthOk) problems.push(`month sequence: ${shown}`);
      } else if (
        lunar.day !== previous.day + 1 ||
        lunar.month !== previous.month ||
        lunar.year !== previous.year ||
        lunar.leap !== previous.leap
      ) {
        problems.push(`day sequence: ${shown}`);
      }
      const back = lunarToSolar(lunar.day, lunar.month, lunar.year, lunar.leap);
      if (back.year !== y || back.month !== m || back.day !== d) problems.push(`round trip: ${shown}`);
      previous = lunar;
      date = addDays(date, 1);
    }
    expect(problems).toEqual([]);
    // 201 solar years ≈ 2486 synodic months.
    expect(monthStarts).toBeGreaterThan(2480);
    expect(monthStarts).toBeLessThan(2492);
  });
});
