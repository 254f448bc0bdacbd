import {
  assembleOverview,
  buildCalendarSnapshot,
  countsUnderHoldersOn,
  emptyCategoryCounts,
  endOfLocalDay,
  leadAgencyOn,
  startOfLocalDay,
  type DatedAgency,
} from '@giaoviec/domain';

const at = (date: string) => startOfLocalDay(date);

// UBND-BA-DINH abolished on 1 July 2025 (its work to P-BA-DINH first); SKHDT merged into STC on 1 March 2025.
const directory: DatedAgency[] = [
  { code: 'UBND-BA-DINH', name: 'UBND quận Ba Đình', kind: 'district', groups: [], validFrom: null, validTo: '2025-06-30', successorCode: 'P-BA-DINH', successorCodes: ['P-BA-DINH', 'P-GIANG-VO'] },
  { code: 'P-BA-DINH', name: 'UBND phường Ba Đình', kind: 'district', groups: [], validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: 'P-GIANG-VO', name: 'UBND phường Giảng Võ', kind: 'district', groups: [], validFrom: '2025-07-01', validTo: null, successorCode: null },
  { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', kind: 'department', groups: [], validFrom: null, validTo: '2025-02-28', successorCode: 'STC' },
  { code: 'STC', name: 'Sở Tài chính', kind: 'department', groups: [], validFrom: null, validTo: null, successorCode: null },
];

describe('the agency a task counts under', () => {
  const moved = {
    leadAgency: 'P-BA-DINH',
    assignedAtMs: at('2025-03-10'),
    changes: [
      { effectiveAtMs: at('2025-05-02'), from: 'UBND-TAY-HO', to: 'UBND-BA-DINH' },
      { effectiveAtMs: at('2025-07-01'), from: 'UBND-BA-DINH', to: 'P-BA-DINH' },
    ],
  };

  it('is the lead of the end of that day, following the moves in order', () => {
    expect(leadAgencyOn(moved, '2025-04-01')).toBe('UBND-TAY-HO');
    expect(leadAgencyOn(moved, '2025-05-02')).toBe('UBND-BA-DINH');
    // The abolition takes effect at 00:00 of 1 July: 30 June is still the district's.
    expect(leadAgencyOn(moved, '2025-06-30')).toBe('UBND-BA-DINH');
    expect(leadAgencyOn(moved, '2025-07-01')).toBe('P-BA-DINH');
  });

  it('leaves out a task assigned after that day, and keeps a task never moved where it is', () => {
    expect(leadAgencyOn(moved, '2025-03-09')).toBeNull();
    expect(leadAgencyOn({ leadAgency: 'STC', assignedAtMs: at('2025-03-10'), changes: [] }, '2025-12-31')).toBe('STC');
    expect(endOfLocalDay('2025-06-30')).toBe(at('2025-07-01'));
  });

  it('counts an ended agency’s work under the agency holding it today', () => {
    const counts = (n: number) => ({ ...emptyCategoryCounts(), completed_on_time: n });
    const rows = countsUnderHoldersOn(
      [
        { agency: 'UBND-BA-DINH', counts: counts(2) },
        { agency: 'P-BA-DINH', counts: counts(1) },
        { agency: 'SKHDT', counts: counts(3) },
      ],
      directory,
      '2026-01-10',
    );
    expect(rows.map((row) => row.agency)).toEqual(['P-BA-DINH', 'P-BA-DINH', 'STC']);
    const overview = assembleOverview({
      nowMs: at('2026-01-10'),
      planId: null,
      snapshot: buildCalendarSnapshot({ fromYear: 2026, toYear: 2026, overrides: [] }),
      byAgency: rows,
      agencyNames: {},
      overdue: [],
      limit: 10,
    });
    expect(overview.agenciesOn).toBe('2026-01-10');
    expect(overview.byAgency.map((row) => [row.agency, row.total])).toEqual([
      ['P-BA-DINH', 3],
      ['STC', 3],
    ]);
    // Before the reorganisations each agency keeps its own.
    expect(countsUnderHoldersOn([{ agency: 'SKHDT', counts: counts(1) }], directory, '2025-01-01')[0].agency).toBe('SKHDT');
  });
});
