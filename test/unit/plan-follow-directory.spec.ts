import {
  HANOI_AGENCIES,
  applyToDirectory,
  followDirectory,
  parsePlanFile,
  planDirectoryDate,
  planReorganization,
  type DatedAgency,
  type DatedGroup,
  type PlanFile,
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
const seededGroups: DatedGroup[] = [{ code: 'DISTRICTS', name: 'Quận huyện', validFrom: null, validTo: null }];

/** Applies a reorganisation to the dated directory as the repository does (agencies, then groups). */
function reorganize(directory: { agencies: DatedAgency[]; groups: DatedGroup[] }, request: ReorganizationRequest) {
  const plan = planReorganization(request, directory.agencies, directory.groups);
  const groups = directory.groups.map((group) => (plan.groupsEnded.includes(group.code) ? { ...group, validTo: plan.lastDayOfEnded } : group));
  for (const code of plan.groupsCreated) groups.push({ code, name: code, validFrom: request.effectiveDate, validTo: null });
  return { agencies: applyToDirectory(directory.agencies, plan, request.effectiveDate), groups };
}

// 1 March 2025: the departments merge; 1 July 2025: every district is abolished into wards (two of them into two each).
const districts = seeded.filter((agency) => agency.kind === 'district').map((agency) => agency.code);
const afterMarch = reorganize(
  { agencies: seeded, groups: seededGroups },
  {
    effectiveDate: '2025-03-01',
    title: 'Hợp nhất các sở',
    changes: [
      { kind: 'merge', from: ['SKHDT', 'STC'], into: 'STC' },
      { kind: 'create', code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường', agencyKind: 'department' },
      { kind: 'merge', from: ['STNMT', 'SNNPTNT'], into: 'SNNMT' },
    ],
  },
);
const wardsOf = (district: string) => (district === 'UBND-BA-DINH' ? ['P-BA-DINH', 'P-GIANG-VO'] : [`P-${district.slice(5)}`]);
const directory = reorganize(afterMarch, {
  effectiveDate: '2025-07-01',
  title: 'Bỏ cấp huyện',
  changes: [
    ...districts.flatMap((district) =>
      wardsOf(district).map((code) => ({ kind: 'create' as const, code, name: `UBND phường ${code}`, agencyKind: 'district' as const, groups: ['COMMUNES'] })),
    ),
    ...districts.map((district) => ({ kind: 'abolish' as const, code: district, successors: wardsOf(district), openTasksTo: wardsOf(district)[0] })),
  ],
});

function plan(yaml: string): PlanFile {
  const result = parsePlanFile(yaml, 'yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const PLAN_2026 = plan(`
code: HN-2026-THEO
title: Kế hoạch năm 2026
issuer: UBND-TP
year: 2026
issuedDate: 2026-01-15
sections: [{ ref: I, title: Nhiệm vụ }]
reporting: { dueDate: 2026-12-10, rule: before, recipient: SKHDT, participants: [SKHDT, UBND-BA-DINH, SCT] }
tasks:
  - { ref: I.1, section: I, title: Tổng hợp, leadAgency: SKHDT, coordinatingAgencies: [STC, STNMT, SCT] }
  - { ref: I.2, section: I, title: Các quận huyện, leadAgency: DISTRICTS, coordinatingAgencies: [SNNPTNT] }
  - { ref: I.3, section: I, title: Ba Đình, leadAgency: UBND-BA-DINH, coordinatingAgencies: [UBND-BA-DINH, UBND-TAY-HO] }
  - { ref: I.4, section: I, title: Không đổi, leadAgency: SCT }
indicators:
  - { code: HTX, name: Số HTX, unit: HTX, target: { kind: at_least, value: 100 }, aggregation: sum, reporters: [DISTRICTS, SKHDT] }
`);

describe('plans follow the dated directory', () => {
  const { plan: followed, warnings } = followDirectory(PLAN_2026, directory, '2026-01-15');

  it('replaces a merged department by the one it merged into, saying so', () => {
    expect(followed.tasks[0].leadAgency).toBe('STC');
    expect(followed.reporting?.recipient).toBe('STC');
    expect(warnings).toContainEqual({ path: 'tasks[0].leadAgency', message: 'SKHDT đã hợp nhất vào STC từ 01/3/2025' });
    expect(warnings).toContainEqual({ path: 'reporting.recipient', message: 'SKHDT đã hợp nhất vào STC từ 01/3/2025' });
  });

  it('keeps the lead out of its own coordinating agencies and each code once', () => {
    // STC leads after the merge, so it no longer coordinates; STNMT became SNNMT.
    expect(followed.tasks[0].coordinatingAgencies).toEqual(['SNNMT', 'SCT']);
    expect(followed.tasks[1].coordinatingAgencies).toEqual(['SNNMT']);
  });

  it('turns DISTRICTS into COMMUNES in a plan for 2026', () => {
    expect(followed.tasks[1].leadAgency).toBe('COMMUNES');
    expect(warnings).toContainEqual({ path: 'tasks[1].leadAgency', message: 'Nhóm DISTRICTS đã kết thúc từ 01/7/2025; thay bằng nhóm COMMUNES' });
    expect(followed.indicators[0].reporters).toEqual(['COMMUNES', 'STC']);
  });

  it('gives an abolished district’s single-agency fields to its primary successor and its lists to every successor', () => {
    expect(followed.tasks[2].leadAgency).toBe('P-BA-DINH');
    expect(warnings).toContainEqual({ path: 'tasks[2].leadAgency', message: 'UBND-BA-DINH đã giải thể từ 01/7/2025; thay bằng P-BA-DINH' });
    expect(followed.tasks[2].coordinatingAgencies).toEqual(['P-GIANG-VO', 'P-TAY-HO']);
    expect(followed.reporting?.participants).toEqual(['STC', 'P-BA-DINH', 'P-GIANG-VO', 'SCT']);
    expect(warnings).toContainEqual({
      path: 'reporting.participants[1]',
      message: 'UBND-BA-DINH đã giải thể từ 01/7/2025; thay bằng P-BA-DINH, P-GIANG-VO',
    });
  });

  it('warns once per replaced field and leaves the rest alone', () => {
    expect(followed.tasks[3]).toEqual(PLAN_2026.tasks[3]);
    expect(followed.issuer).toBe('UBND-TP');
    expect(warnings.map((warning) => warning.path)).toEqual([
      'reporting.recipient',
      'reporting.participants[0]',
      'reporting.participants[1]',
      'tasks[0].leadAgency',
      'tasks[0].coordinatingAgencies[1]',
      'tasks[1].leadAgency',
      'tasks[1].coordinatingAgencies[0]',
      'tasks[2].leadAgency',
      'tasks[2].coordinatingAgencies[0]',
      'tasks[2].coordinatingAgencies[1]',
      'indicators[0].reporters[0]',
      'indicators[0].reporters[1]',
    ]);
    // Pure: the plan given is not changed.
    expect(PLAN_2026.tasks[0].leadAgency).toBe('SKHDT');
  });

  it('changes nothing in a plan whose dates the old structure still covers', () => {
    const early = followDirectory(PLAN_2026, directory, '2025-02-28');
    expect(early.plan).toEqual(PLAN_2026);
    expect(early.warnings).toEqual([]);
    // Between the merges and the abolition: departments replaced, districts kept.
    const spring = followDirectory(PLAN_2026, directory, '2025-04-01');
    expect(spring.plan.tasks[0].leadAgency).toBe('STC');
    expect(spring.plan.tasks[1].leadAgency).toBe('DISTRICTS');
  });

  it('leaves codes the plan declares itself to the plan', () => {
    const own = { ...PLAN_2026, groups: [{ code: 'DISTRICTS', name: 'Các quận của kế hoạch', members: ['UBND-TAY-HO'] }] };
    const result = followDirectory(own, directory, '2026-01-15');
    expect(result.plan.tasks[1].leadAgency).toBe('DISTRICTS');
    expect(result.plan.groups?.[0].members).toEqual(['P-TAY-HO']);
  });

  it('resolves on the day the plan starts, never before today', () => {
    expect(planDirectoryDate({ year: 2026, issuedDate: '2026-01-15' }, '2025-12-01')).toBe('2026-01-15');
    expect(planDirectoryDate({ year: 2026 }, '2025-12-01')).toBe('2026-01-01');
    expect(planDirectoryDate({ year: 2024, issuedDate: '2024-02-01' }, '2026-12-02')).toBe('2026-12-02');
  });
});
