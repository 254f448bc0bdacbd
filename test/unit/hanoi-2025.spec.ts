import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DISTRICTS_GROUP_CODE,
  HANOI_AGENCIES,
  HANOI_AGENCY_GROUPS,
  HANOI_DISTRICTS,
  directoryAt,
  parseReorganizationFile,
  planReorganization,
  primarySuccessorOn,
  successorsOn,
  validateReorganizationSequence,
  type DatedAgency,
  type DatedGroup,
  type ReorganizationRequest,
} from '@giaoviec/domain';

/** The seeded directory as the API dates it: every agency from the beginning, districts in DISTRICTS. */
const seeded: DatedAgency[] = HANOI_AGENCIES.map((agency) => ({
  code: agency.code,
  name: agency.name,
  kind: agency.kind,
  groups: HANOI_AGENCY_GROUPS.filter((group) => group.members.includes(agency.code)).map((group) => group.code),
  validFrom: null,
  validTo: null,
  successorCode: null,
}));
const groups: DatedGroup[] = HANOI_AGENCY_GROUPS.map((group) => ({ code: group.code, name: group.name, validFrom: null, validTo: null }));

const FILE = path.join(__dirname, '../../data/reorganizations/hanoi-2025.yaml');

function load(): ReorganizationRequest[] {
  const parsed = parseReorganizationFile(readFileSync(FILE, 'utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.reorganizations;
}

describe('data/reorganizations/hanoi-2025.yaml', () => {
  const [departments, communes] = load();

  it('holds the two dated reorganisations of 2025 in order', () => {
    expect(load().map((reorganization) => reorganization.effectiveDate)).toEqual(['2025-03-01', '2025-07-01']);
  });

  it('validates against the seeded directory, applied in order by the API rules', () => {
    const { issues, directory } = validateReorganizationSequence(load(), seeded, groups);
    expect(issues).toEqual([]);
    // On 1 July 2025 the city has its 126 communes and wards and no district; the departments are merged.
    const july = directoryAt(directory, '2025-07-01');
    expect(july.filter((agency) => agency.groups.includes('COMMUNES'))).toHaveLength(126);
    expect(july.filter((agency) => agency.groups.includes(DISTRICTS_GROUP_CODE))).toEqual([]);
    expect(july.map((agency) => agency.code)).toEqual(expect.arrayContaining(['STC', 'SNNMT', 'UBND-TP']));
    expect(july.map((agency) => agency.code)).not.toEqual(expect.arrayContaining(['SKHDT']));
    // The day before each step the old structure still stands.
    expect(directoryAt(directory, '2025-02-28').map((agency) => agency.code)).toEqual(expect.arrayContaining(['SKHDT', 'STNMT', 'SNNPTNT']));
    expect(directoryAt(directory, '2025-06-30').filter((agency) => agency.kind === 'district')).toHaveLength(30);
  });

  it('merges SKHDT into STC and agriculture with environment into SNNMT on 1 March 2025', () => {
    const plan = planReorganization(departments, seeded, groups);
    expect(plan.created.map((agency) => agency.code)).toEqual(['SNNMT']);
    expect(plan.ended.map((entry) => [entry.code, entry.successorCode])).toEqual([
      ['SKHDT', 'STC'],
      ['SNNPTNT', 'SNNMT'],
      ['STNMT', 'SNNMT'],
    ]);
    expect(plan.lastDayOfEnded).toBe('2025-02-28');
  });

  it('abolishes the 30 districts on 1 July 2025 into exactly 126 units: 51 wards and 75 communes', () => {
    const plan = planReorganization(communes, seeded, groups);
    expect(plan.created).toHaveLength(126);
    expect(plan.created.filter((unit) => unit.code.startsWith('UBND-P-'))).toHaveLength(51);
    expect(plan.created.filter((unit) => unit.code.startsWith('UBND-X-'))).toHaveLength(75);
    expect(plan.created.every((unit) => unit.groups.join() === 'COMMUNES' && unit.kind === 'district')).toBe(true);
    expect(plan.ended.map((entry) => entry.code).sort()).toEqual(HANOI_DISTRICTS.map((district) => district.code).sort());
    expect(plan.groupsCreated).toEqual(['COMMUNES']);
    expect(plan.groupsEnded).toEqual([DISTRICTS_GROUP_CODE]);
    // Every new unit succeeds at least one district; a unit formed from several districts succeeds each.
    const successorOf = new Set(plan.ended.flatMap((entry) => entry.successorCodes));
    expect(plan.created.filter((unit) => !successorOf.has(unit.code))).toEqual([]);
    expect(plan.ended.reduce((sum, entry) => sum + entry.successorCodes.length, 0)).toBe(214);
  });

  it('sends each district’s open work to the unit bearing its name (Từ Liêm districts: the one formed from most of their wards)', () => {
    const plan = planReorganization(communes, seeded, groups);
    const openTo = Object.fromEntries(plan.ended.map((entry) => [entry.code, plan.openTasksTo[entry.code]]));
    expect(openTo['UBND-BA-DINH']).toEqual(['UBND-P-BA-DINH']);
    expect(openTo['UBND-SOC-SON']).toEqual(['UBND-X-SOC-SON']);
    expect(openTo['UBND-SON-TAY']).toEqual(['UBND-P-SON-TAY']);
    expect(openTo['UBND-NAM-TU-LIEM']).toEqual(['UBND-P-TU-LIEM']);
    expect(openTo['UBND-BAC-TU-LIEM']).toEqual(['UBND-P-DONG-NGAC']);
    const named = plan.ended.filter((entry) => !['UBND-NAM-TU-LIEM', 'UBND-BAC-TU-LIEM'].includes(entry.code));
    for (const entry of named) expect(entry.successorCode).toMatch(new RegExp(`^UBND-[PX]-${entry.code.slice('UBND-'.length)}$`));
    // A ward formed from parts of several districts: Ba Đình's Thụy Khuê area went to phường Ba Đình too.
    expect(plan.ended.find((entry) => entry.code === 'UBND-TAY-HO')?.successorCodes).toContain('UBND-P-BA-DINH');
  });

  it('follows successor chains across both steps', () => {
    const { directory } = validateReorganizationSequence(load(), seeded, groups);
    expect(primarySuccessorOn(directory, 'SKHDT', '2026-01-01')).toBe('STC');
    expect(primarySuccessorOn(directory, 'UBND-HOAN-KIEM', '2026-01-01')).toBe('UBND-P-HOAN-KIEM');
    expect(successorsOn(directory, 'UBND-HOAN-KIEM', '2026-01-01')).toEqual([
      'UBND-P-HOAN-KIEM',
      'UBND-P-CUA-NAM',
      'UBND-P-BA-DINH',
      'UBND-P-VAN-MIEU-QUOC-TU-GIAM',
      'UBND-P-HONG-HA',
    ]);
  });
});

describe('reorganisation files', () => {
  it('names a YAML syntax error, an entry that is not a reorganisation and dates out of order', () => {
    expect(parseReorganizationFile('- effectiveDate: [').ok).toBe(false);
    const parsed = parseReorganizationFile(
      ['- effectiveDate: "2025-07-01"', '  title: B', '  changes: []', '- 42', '- effectiveDate: "2025-03-01"', '  title: A', '  changes: []'].join('\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      issues: [
        { path: '[1]', message: expect.any(String) },
        { path: '[2].effectiveDate', message: expect.stringContaining('2025-07-01') },
      ],
    });
  });

  it('accepts one reorganisation as the bare request body, and names problems by their place in the list', () => {
    const single = parseReorganizationFile('effectiveDate: "2025-03-01"\ntitle: Một đợt\nchanges:\n  - { kind: rename, code: SCT, name: Sở Công Thương Hà Nội }\n');
    expect(single.ok && single.reorganizations).toEqual([
      { effectiveDate: '2025-03-01', title: 'Một đợt', changes: [{ kind: 'rename', code: 'SCT', name: 'Sở Công Thương Hà Nội' }] },
    ]);
    const steps = [
      { effectiveDate: '2025-03-01', title: 'A', changes: [{ kind: 'merge', from: ['SKHDT', 'STC'], into: 'STC' }] },
      // SKHDT ended with the first step: renaming it afterwards is refused, named in the second entry.
      { effectiveDate: '2025-07-01', title: 'B', changes: [{ kind: 'rename', code: 'SKHDT', name: 'x' }] },
    ];
    expect(validateReorganizationSequence(steps, seeded).issues).toEqual([{ path: '[1].changes[0].code', message: expect.stringContaining('SKHDT') }]);
  });
});
