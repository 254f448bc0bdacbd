import {
  HANOI_AGENCIES,
  applyToDirectory,
  directoryAt,
  planReorganization,
  successorsOn,
  taskMoveOf,
  primarySuccessorOn,
  roundParticipantMovesOf,
  validateReorganization,
  type DatedAgency,
  type ReorganizationRequest,
} from '@giaoviec/domain';

const seeded: DatedAgency[] = HANOI_AGENCIES.map((agency) => ({
  code: agency.code,
  name: agency.name,
  kind: agency.kind,
  groups: agency.kind === 'district' ? ['DISTRICTS'] : [],
  validFrom: null,
  validTo: null,
  successorCode: null,
}));

const request: ReorganizationRequest = {
  effectiveDate: '2025-07-01',
  title: 'Sắp xếp bộ máy',
  changes: [
    { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
    { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
    { kind: 'merge', from: ['SKHDT', 'STC'], into: 'STC' },
    { kind: 'create', code: 'P-BA-DINH', name: 'UBND phường Ba Đình', agencyKind: 'district', groups: ['COMMUNES'] },
    { kind: 'create', code: 'P-GIANG-VO', name: 'UBND phường Giảng Võ', agencyKind: 'district', groups: ['COMMUNES'] },
    { kind: 'abolish', code: 'UBND-BA-DINH', successors: ['P-BA-DINH', 'P-GIANG-VO'], openTasksTo: 'P-BA-DINH' },
  ],
};

describe('reorganisation validation', () => {
  it('accepts a merge into a created agency, a merge into one of its members and an abolition', () => {
    expect(validateReorganization(request, seeded)).toEqual([]);
  });

  it('names every problem by its change', () => {
    const problems = validateReorganization(
      {
        effectiveDate: '2025-02-30',
        title: '',
        changes: [
          { kind: 'rename', code: 'NOPE', name: 'x' },
          { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SCT' },
          { kind: 'abolish', code: 'SCT', successors: ['SCT'], openTasksTo: 'each' },
          { kind: 'abolish', code: 'UBND-BA-DINH', successors: ['UBND-TAY-HO'], openTasksTo: 'UBND-TAY-HO' },
          { kind: 'abolish', code: 'UBND-TAY-HO', successors: ['UBND-HOAN-KIEM'], openTasksTo: 'each' },
          { kind: 'rename', code: 'STNMT', name: 'Sở mới' },
          { kind: 'create', code: 'stc', name: 'x', agencyKind: 'ministry' },
          { kind: 'split' },
        ],
      },
      seeded,
    );
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'effectiveDate',
        'title',
        'changes[0].code',
        'changes[1].into',
        'changes[2].successors[0]',
        'changes[3].successors[0]',
        'changes[5].code',
        'changes[6].code',
        'changes[6].agencyKind',
        'changes[7].kind',
      ]),
    );
    expect(problems.find((p) => p.path === 'changes[3].successors[0]')?.message).toContain('changes[4]');
    expect(problems.find((p) => p.path === 'changes[5].code')?.message).toContain('changes[1]');
    expect(problems.find((p) => p.path === 'changes[2].successors[0]')?.message).toContain('vòng lặp');
  });

  it('refuses an openTasksTo outside the successors', () => {
    const problems = validateReorganization(
      { effectiveDate: '2025-07-01', title: 't', changes: [{ kind: 'abolish', code: 'UBND-TAY-HO', successors: ['UBND-BA-DINH'], openTasksTo: 'SCT' }] },
      seeded,
    );
    expect(problems).toEqual([expect.objectContaining({ path: 'changes[0].openTasksTo' })]);
  });
});

describe('groups across a merge', () => {
  // "Các Sở, ban, ngành" keeps reaching the merged department: the body a merge forms joins its parts' groups.
  const departments = ['STNMT', 'SNNPTNT', 'SKHDT', 'STC', 'SCT'];
  const withGroups: DatedAgency[] = seeded.map((agency) =>
    departments.includes(agency.code) ? { ...agency, groups: ['SO-NGANH', ...(agency.code === 'STNMT' ? ['MOI-TRUONG'] : [])] } : agency,
  );
  const groups = ['DISTRICTS', 'SO-NGANH', 'MOI-TRUONG'].map((code) => ({ code, name: code, validFrom: null, validTo: null }));

  it('gives a created successor the groups of the agencies merged into it, and an existing one those it lacked', () => {
    const plan = planReorganization(
      {
        effectiveDate: '2025-03-01',
        title: 'Hợp nhất',
        changes: [
          { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
          { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
          { kind: 'merge', from: ['SKHDT', 'CT-HN'], into: 'CT-HN' },
        ],
      },
      withGroups,
      groups,
    );
    expect(plan.created).toEqual([expect.objectContaining({ code: 'SNNMT', groups: ['SO-NGANH', 'MOI-TRUONG'] })]);
    expect(plan.joinedGroups).toEqual({ 'CT-HN': ['SO-NGANH'] });
    // MOI-TRUONG lost its only member, but its successor takes its place: the group goes on.
    expect(plan.groupsEnded).toEqual([]);
    const after = directoryAt(applyToDirectory(withGroups, plan, '2025-03-01'), '2025-03-01');
    expect(after.filter((agency) => agency.groups.includes('SO-NGANH')).map((agency) => agency.code).sort()).toEqual(['CT-HN', 'SCT', 'SNNMT', 'STC']);
  });

  it('gives a created agency the parent its predecessors had (a ward formed from a district answers to UBND-TP)', () => {
    const parents = HANOI_AGENCIES.map((agency) => ({ ...seeded.find((a) => a.code === agency.code)!, parentCode: agency.parentCode ?? null }));
    const plan = planReorganization(request, parents, groups);
    const parentOf = (code: string) => plan.created.find((entry) => entry.code === code)?.parentCode;
    expect(HANOI_AGENCIES.find((a) => a.code === 'STNMT')?.parentCode).toBe('UBND-TP');
    expect([parentOf('SNNMT'), parentOf('P-BA-DINH'), parentOf('P-GIANG-VO')]).toEqual(['UBND-TP', 'UBND-TP', 'UBND-TP']);
  });
});

describe('dated directory and successor chains', () => {
  const plan = planReorganization(request, seeded, [{ code: 'DISTRICTS', name: 'Quận huyện', validFrom: null, validTo: null }]);
  const after = applyToDirectory(seeded, plan, request.effectiveDate);

  it('plans where open work goes', () => {
    expect(plan.openTasksTo).toEqual({ STNMT: ['SNNMT'], SNNPTNT: ['SNNMT'], SKHDT: ['STC'], 'UBND-BA-DINH': ['P-BA-DINH'] });
    expect(plan.replacements['UBND-BA-DINH']).toBe('P-BA-DINH');
    expect(plan.groupsCreated).toEqual(['COMMUNES']);
    expect(plan.groupsEnded).toEqual([]);
    expect(plan.lastDayOfEnded).toBe('2025-06-30');
  });

  it('moves an open task: ended lead to its successor, ended coordinating agencies replaced, once each', () => {
    expect(taskMoveOf(plan, { leadAgency: 'STNMT', coordinatingAgencies: ['SNNPTNT', 'SCT', 'SKHDT'] })).toEqual({
      agency: 'SNNMT',
      coordinatingAgencies: ['SCT', 'STC'],
    });
    expect(taskMoveOf(plan, { leadAgency: 'SCT', coordinatingAgencies: ['UBND-BA-DINH'] })).toEqual({ agency: 'SCT', coordinatingAgencies: ['P-BA-DINH'] });
    expect(taskMoveOf(plan, { leadAgency: 'SCT', coordinatingAgencies: ['CT-HN'] })).toBeNull();
    const fanOut = planReorganization(
      { effectiveDate: '2025-07-01', title: 'x', changes: [{ kind: 'abolish', code: 'UBND-TAY-HO', successors: ['UBND-BA-DINH', 'UBND-CAU-GIAY'], openTasksTo: 'each' }] },
      seeded,
    );
    expect(taskMoveOf(fanOut, { leadAgency: 'UBND-TAY-HO', coordinatingAgencies: [] })).toEqual({
      agency: 'UBND-BA-DINH',
      coordinatingAgencies: [],
      fanOut: ['UBND-CAU-GIAY'],
    });
    // A coordinating abolished agency is replaced by its first successor only: the fan-out is for tasks it led.
    expect(taskMoveOf(fanOut, { leadAgency: 'SCT', coordinatingAgencies: ['UBND-TAY-HO'] })).toEqual({ agency: 'SCT', coordinatingAgencies: ['UBND-BA-DINH'] });
  });

  it("lists the round participants a plan replaces, by the primary successor", () => {
    expect(roundParticipantMovesOf(plan, ['STC', 'SKHDT', 'UBND-BA-DINH', 'CT-HN'])).toEqual([
      { from: 'SKHDT', to: 'STC' },
      { from: 'UBND-BA-DINH', to: 'P-BA-DINH' },
    ]);
    expect(roundParticipantMovesOf(plan, ['CT-HN'])).toEqual([]);
  });

  it('answers the directory of a day', () => {
    const before = directoryAt(after, '2025-06-30').map((agency) => agency.code);
    const since = directoryAt(after, '2025-07-01').map((agency) => agency.code);
    expect(before).toContain('SKHDT');
    expect(before).not.toContain('SNNMT');
    expect(since).not.toContain('SKHDT');
    expect(since).toEqual(expect.arrayContaining(['SNNMT', 'P-BA-DINH', 'STC']));
  });

  it('follows successor chains to the agencies of a day', () => {
    expect(successorsOn(after, 'UBND-BA-DINH', '2025-08-01')).toEqual(['P-BA-DINH', 'P-GIANG-VO']);
    expect(primarySuccessorOn(after, 'SKHDT', '2025-08-01')).toBe('STC');
    expect(successorsOn(after, 'SKHDT', '2025-01-01')).toEqual(['SKHDT']);
    // A second reorganisation chains on: STC merged again.
    const later = applyToDirectory(
      after,
      planReorganization({ effectiveDate: '2026-01-01', title: 'x', changes: [{ kind: 'merge', from: ['STC', 'SCT'], into: 'SCT' }] }, after),
      '2026-01-01',
    );
    expect(primarySuccessorOn(later, 'SKHDT', '2026-02-01')).toBe('SCT');
  });

  it('ends a group whose members all end', () => {
    const districts = seeded.filter((agency) => agency.kind === 'district');
    const all = planReorganization(
      {
        effectiveDate: '2025-07-01',
        title: 'x',
        changes: [
          { kind: 'create', code: 'P-X', name: 'x', agencyKind: 'district', groups: ['COMMUNES'] },
          ...districts.map((agency) => ({ kind: 'abolish' as const, code: agency.code, successors: ['P-X'], openTasksTo: 'P-X' })),
        ],
      },
      seeded,
      [{ code: 'DISTRICTS', name: 'Quận huyện', validFrom: null, validTo: null }],
    );
    expect(all.groupsEnded).toEqual(['DISTRICTS']);
  });
});
