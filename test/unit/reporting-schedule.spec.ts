import { periodicReportingRoundInput, periodicRoundKey, reportingRoundWorkflowId, reportingScheduleWorkflowId } from '../../libs/contracts/src';
import { buildCalendarSnapshot } from '../../libs/domain/src/calendar';
import { resolveRoundPolicy } from '../../libs/domain/src/reporting/round-policy';
import { planReportingScheduleSchema, periodicReportingRounds, type PlanReportingSchedule } from '../../libs/domain/src/plan';

const calendar = buildCalendarSnapshot({ fromYear: 2024, toYear: 2026 });
const rounds = (schedule: PlanReportingSchedule[], year = 2024, startedAt = '2024-01-05T02:00:00.000Z') =>
  periodicReportingRounds(schedule, { year, defaultRule: 'by', startedAt, calendar });
const brief = (schedule: PlanReportingSchedule[], year?: number) =>
  rounds(schedule, year).map((r) => `${r.key} ${r.period} | opens ${r.opensAt} | due ${r.dueAt} | ${r.dueText}`);

describe('periodic reporting rounds (Asia/Ho_Chi_Minh)', () => {
  it('opens a round per quarter, 30 days before its due date, due at the end of the stated day', () => {
    expect(brief([{ every: 'quarter', day: 15 }])).toEqual([
      'quarter-2024-Q1 quý I/2024 | opens 2024-02-13T17:00:00.000Z | due 2024-03-15T16:59:59.999Z | chậm nhất ngày 15/03/2024',
      'quarter-2024-Q2 quý II/2024 | opens 2024-05-15T17:00:00.000Z | due 2024-06-15T16:59:59.999Z | chậm nhất ngày 15/06/2024',
      'quarter-2024-Q3 quý III/2024 | opens 2024-08-15T17:00:00.000Z | due 2024-09-15T16:59:59.999Z | chậm nhất ngày 15/09/2024',
      'quarter-2024-Q4 quý IV/2024 | opens 2024-11-14T17:00:00.000Z | due 2024-12-15T16:59:59.999Z | chậm nhất ngày 15/12/2024',
    ]);
  });

  it('takes half-years and years to their last day, "trước ngày" at 00:00 local time', () => {
    expect(brief([{ every: 'half_year', rule: 'before' }, { every: 'year' }])).toEqual([
      'half_year-2024-H1 6 tháng đầu năm 2024 | opens 2024-05-30T17:00:00.000Z | due 2024-06-29T17:00:00.000Z | trước ngày 30/06/2024',
      'half_year-2024-H2 năm 2024 | opens 2024-11-30T17:00:00.000Z | due 2024-12-30T17:00:00.000Z | trước ngày 31/12/2024',
      'year-2024 năm 2024 | opens 2024-11-30T17:00:00.000Z | due 2024-12-31T16:59:59.999Z | chậm nhất ngày 31/12/2024',
    ]);
  });

  it('keeps a due date on a day off unless the plan says the next working day', () => {
    // 30/03/2024 is a Saturday, 30/06/2024 a Sunday.
    expect(rounds([{ every: 'quarter', day: 30 }]).map((r) => r.dueText)).toEqual([
      'chậm nhất ngày 30/03/2024', 'chậm nhất ngày 30/06/2024', 'chậm nhất ngày 30/09/2024', 'chậm nhất ngày 30/12/2024',
    ]);
    expect(rounds([{ every: 'quarter', day: 30, dayOff: 'next_working_day' }]).map((r) => r.dueText)).toEqual([
      'chậm nhất ngày 01/04/2024', 'chậm nhất ngày 01/07/2024', 'chậm nhất ngày 30/09/2024', 'chậm nhất ngày 30/12/2024',
    ]);
  });

  it('moves past public holidays too: Tết 2025 and Quốc khánh', () => {
    const monthly = rounds([{ every: 'month', day: 29, dayOff: 'next_working_day' }], 2025);
    expect(monthly[0]).toMatchObject({ key: 'month-2025-01', period: 'tháng 1/2025', dueText: 'chậm nhất ngày 03/02/2025' });
    expect(monthly[1]).toMatchObject({ key: 'month-2025-02', dueText: 'chậm nhất ngày 28/02/2025' }); // capped to the month, a Friday
    expect(monthly[2]).toMatchObject({ key: 'month-2025-03', dueText: 'chậm nhất ngày 31/03/2025' }); // Sat 29/03 → Mon
    const september = rounds([{ every: 'month', day: 2, dayOff: 'next_working_day' }], 2025)[8];
    expect(september.dueText).toBe('chậm nhất ngày 03/09/2025'); // 01–02/09/2025 off
    expect(rounds([{ every: 'month' }])[1].dueText).toBe('chậm nhất ngày 29/02/2024');
  });

  it('counts an exact period from the issue, the given number of times', () => {
    expect(rounds([{ every: 'PT30S', times: 3 }], 2024, '2024-05-01T00:00:00.000Z')).toEqual([
      { key: 'PT30S-1', period: 'đợt 1', opensAt: '2024-05-01T00:00:00.000Z', dueAt: '2024-05-01T00:00:30.000Z', dueText: 'trước 07:00:30 ngày 01/05/2024' },
      { key: 'PT30S-2', period: 'đợt 2', opensAt: '2024-05-01T00:00:30.000Z', dueAt: '2024-05-01T00:01:00.000Z', dueText: 'trước 07:01 ngày 01/05/2024' },
      { key: 'PT30S-3', period: 'đợt 3', opensAt: '2024-05-01T00:01:00.000Z', dueAt: '2024-05-01T00:01:30.000Z', dueText: 'trước 07:01:30 ngày 01/05/2024' },
    ]);
  });

  it('gives every period of a mixed schedule a distinct key, in opening order', () => {
    const all = rounds([{ every: 'quarter' }, { every: 'half_year' }, { every: 'year' }]);
    expect(new Set(all.map((r) => r.key)).size).toBe(7);
    expect(all.map((r) => r.opensAt)).toEqual([...all.map((r) => r.opensAt)].sort());
    expect(all.every((r) => !r.key.includes(':'))).toBe(true);
  });

  it('accepts only what the schedule can run', () => {
    expect(planReportingScheduleSchema.safeParse({ every: 'PT30S', times: 3 }).success).toBe(true);
    expect(planReportingScheduleSchema.safeParse({ every: 'PT30S' }).error?.issues[0].path).toEqual(['times']);
    expect(planReportingScheduleSchema.safeParse({ every: 'quarter', times: 2 }).error?.issues[0].path).toEqual(['times']);
    expect(planReportingScheduleSchema.safeParse({ every: '3wd', times: 2 }).success).toBe(false);
    expect(planReportingScheduleSchema.safeParse({ every: 'quarter', dayOff: 'previous' }).success).toBe(false);
  });
});

describe('periodic round identities', () => {
  const source = {
    planId: 'p-1',
    planCode: 'KH-2026-KTTT',
    planTitle: 'Kế hoạch phát triển kinh tế tập thể năm 2026',
    dueAt: '2026-12-09T17:00:00.000Z',
    dueText: 'trước ngày 10/12/2026',
    coordinatorAgency: 'SKHDT',
    participants: ['STC', 'UBND-BA-DINH'],
    agencyNames: { STC: 'Sở Tài chính' },
  };

  it('gives the scheduler and each period a business key of their own', () => {
    expect(reportingScheduleWorkflowId('KH-2026-KTTT')).toBe('reporting-schedule:KH-2026-KTTT');
    expect(reportingRoundWorkflowId('KH-2026-KTTT', periodicRoundKey('quarter-2026-Q2'))).toBe('reporting-round:KH-2026-KTTT:periodic-quarter-2026-Q2');
  });

  it("opens a period's round as the plan's own round, for that period", () => {
    const [q2] = periodicReportingRounds([{ every: 'quarter', day: 15 }], { year: 2026, defaultRule: 'by', startedAt: '2026-01-05T00:00:00.000Z' }).slice(1);
    const input = periodicReportingRoundInput(source, q2, { roundId: 'r-1', openedAt: q2.opensAt, openedBy: { sub: 'skhdt', role: 'coordinator' }, policy: resolveRoundPolicy() });
    expect(input).toMatchObject({
      roundKey: 'periodic-quarter-2026-Q2',
      kind: 'plan',
      title: 'Báo cáo kết quả thực hiện kế hoạch phát triển kinh tế tập thể năm 2026 (quý II/2026)',
      dueAt: '2026-06-15T16:59:59.999Z',
      dueText: 'chậm nhất ngày 15/06/2026',
      participants: ['STC', 'UBND-BA-DINH'],
      coordinatorAgency: 'SKHDT',
    });
  });
});
