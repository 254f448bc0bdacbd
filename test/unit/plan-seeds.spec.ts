import * as fs from 'fs';
import * as path from 'path';
import { HANOI_AGENCIES, HANOI_AGENCY_GROUPS } from '../../libs/domain/src/agency';
import {
  assessIndicator,
  checkPlanConsistency,
  describeIndicatorTarget,
  PlanFile,
  parsePlanFile,
  rebasePlan,
  resolvePlanTaskDue,
  validatePlanReferences,
} from '../../libs/domain/src/plan';

const PLANS_DIR = path.join(__dirname, '..', '..', 'data', 'plans');

const hanoiDirectory = {
  agencies: new Set(HANOI_AGENCIES.map((agency) => agency.code)),
  groups: Object.fromEntries(HANOI_AGENCY_GROUPS.map((group) => [group.code, group.members])),
};

function loadPlan(file: string): PlanFile {
  const result = parsePlanFile(fs.readFileSync(path.join(PLANS_DIR, file), 'utf8'), 'yaml');
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.issues, null, 2)}`);
  return result.plan;
}

/** The counts transcribed by hand from each seed document. */
const SEEDS: { file: string; code: string; year: number; tasks: number; indicators: number; warnings: number }[] = [
// Every seed states no task deadline: each warns once about its assumed due date; Sơn La also about its counts.
  { file: 'hanoi-2024-kttt-htx.yaml', code: 'HN-2024-KTTT-HTX', year: 2024, tasks: 32, indicators: 14, warnings: 1 },
  { file: 'hanoi-2020-htx.yaml', code: 'HN-2020-HTX', year: 2020, tasks: 13, indicators: 9, warnings: 1 },
  { file: 'hoa-binh-2023-lmhtx.yaml', code: 'HB-2023-LMHTX', year: 2023, tasks: 12, indicators: 1, warnings: 1 },
  { file: 'son-la-2024-kttt.yaml', code: 'SL-2024-KTTT', year: 2024, tasks: 5, indicators: 0, warnings: 7 },
  { file: 'city-49-ctr-tu.yaml', code: 'TP-2023-CTR49-TU', year: 2023, tasks: 5, indicators: 13, warnings: 1 },
];

describe('seed plan files (data/plans)', () => {
  it('has exactly the five seed plans', () => {
    expect(fs.readdirSync(PLANS_DIR).filter((f) => f.endsWith('.yaml')).sort()).toEqual(SEEDS.map((s) => s.file).sort());
  });

  describe.each(SEEDS)('$file', (seed) => {
    const plan = loadPlan(seed.file);

    it('parses, with the transcribed task and indicator counts', () => {
      expect(plan.code).toBe(seed.code);
      expect(plan.year).toBe(seed.year);
      expect(plan.tasks).toHaveLength(seed.tasks);
      expect(plan.indicators).toHaveLength(seed.indicators);
    });

    it('passes validatePlanReferences against the Hanoi directory plus its own agencies', () => {
      expect(validatePlanReferences(plan, hanoiDirectory)).toEqual([]);
    });

    it('gives every task a due date and every indicator a reporter', () => {
      for (const task of plan.tasks) expect(resolvePlanTaskDue(plan, task)).toBeDefined();
      for (const indicator of plan.indicators) expect(indicator.reporters.length).toBeGreaterThan(0);
      expect(checkPlanConsistency(plan)).toHaveLength(seed.warnings);
    });

    it('uses Vietnamese with diacritics in titles', () => {
      expect(plan.title).toMatch(/[ăâđêôơưáàảãạếềểễệíìỉĩịóòỏõọúùủũụýỳỷỹỵ]/i);
    });

    it('re-bases to another year', () => {
      const rebased = rebasePlan(plan, seed.year + 2);
      expect(rebased.year).toBe(seed.year + 2);
      expect(validatePlanReferences(rebased, hanoiDirectory)).toEqual([]);
      expect(rebased.tasks).toHaveLength(seed.tasks);
    });
  });
});

describe('Hanoi 2024 plan (seed 004)', () => {
  const plan = loadPlan('hanoi-2024-kttt-htx.yaml');
  const task = (ref: string) => plan.tasks.find((t) => t.ref === ref)!;

  it('reports to SKHDT before 10 December 2024', () => {
    expect(plan.issuer).toBe('UBND-TP');
    expect(plan.reporting).toMatchObject({ dueDate: '2024-12-10', rule: 'before', recipient: 'SKHDT' });
    expect(resolvePlanTaskDue(plan, task('III.3.a'))).toEqual({ date: '2024-12-10', rule: 'before' });
    expect(resolvePlanTaskDue(plan, task('III.4.m.3'))).toEqual({ date: '2024-12-10', rule: 'before' });
  });

  it('gives STC the assets and debts of dissolved HTX', () => {
    const stc = plan.tasks.filter((t) => t.leadAgency === 'STC');
    expect(stc.map((t) => t.ref)).toEqual(['III.4.g']);
    expect(`${stc[0].title} ${stc[0].description}`).toMatch(/giải thể/);
    expect(stc[0].description).toMatch(/công nợ/);
    expect(stc[0].coordinatingAgencies).toEqual(['LMHTX']);
  });

  it('gives CT-HN the hard-to-collect tax debts', () => {
    const tax = plan.tasks.filter((t) => t.leadAgency === 'CT-HN');
    expect(tax.map((t) => t.ref)).toEqual(['III.4.i']);
    expect(`${tax[0].title} ${tax[0].description}`).toMatch(/nợ thuế/);
  });

  it('assigns the district items to the DISTRICTS group', () => {
    const districts = plan.tasks.filter((t) => t.leadAgency === 'DISTRICTS').map((t) => t.ref);
    expect(districts).toEqual([
      'III.3.c.1', 'III.3.c.2', 'III.3.c.3', 'III.3.c.4', 'III.3.c.5', 'III.4.m.1', 'III.4.m.2', 'III.4.m.3',
    ]);
    expect(hanoiDirectory.groups.DISTRICTS).toHaveLength(30);
  });

  it('has one task per lettered assignment (bullets split) with the right lead agencies', () => {
    const leads = Object.fromEntries(plan.tasks.map((t) => [t.ref, t.leadAgency]));
    expect(leads).toMatchObject({
      'III.3.b': 'LMHTX', 'III.4.b.1': 'SKHDT', 'III.4.b.2': 'SKHDT', 'III.4.c': 'SNNPTNT', 'III.4.d': 'STNMT',
      'III.4.đ': 'SCT', 'III.4.e': 'SKHCN', 'III.4.g': 'STC', 'III.4.h': 'NHNN-HN', 'III.4.i': 'CT-HN',
      'III.4.k.1': 'TTXT', 'III.4.k.2': 'TTXT', 'III.4.l.1': 'LMHTX', 'III.4.l.2': 'LMHTX', 'III.4.l.3': 'LMHTX',
      'III.5.a.1': 'MTTQ', 'III.5.a.2': 'MTTQ', 'III.5.a.3': 'MTTQ', 'III.5.b.1': 'LMHTX', 'III.5.b.2': 'LMHTX',
    });
    const groupOf = (code: string) => plan.groups!.find((g) => g.code === code)!.members;
    expect(groupOf(leads['III.1'])).toHaveLength(9 + 2 + 30);
    expect(groupOf(leads['III.2'])).toHaveLength(9 + 1 + 30);
  });

  it('has the indicators of its Phụ lục 1 list', () => {
    const target = (code: string) => plan.indicators.find((i) => i.code === code)!.target;
    expect(target('HTX-THANH-LAP-MOI')).toEqual({ kind: 'at_least', value: 100 });
    expect(target('LHHTX-THANH-LAP-MOI')).toEqual({ kind: 'at_least', value: 2 });
    expect(target('THT-THANH-LAP-MOI')).toEqual({ kind: 'at_least', value: 145 });
    expect(target('HTX-TOT-KHA')).toEqual({ kind: 'range', min: 65, max: 70 });
    expect(target('DAO-TAO-SO-LOP')).toEqual({ kind: 'at_least', value: 47 });
    expect(target('DAO-TAO-SO-CAN-BO')).toEqual({ kind: 'at_least', value: 2704 });
    expect(target('HTX-DOANH-THU-BQ')).toEqual({ kind: 'at_least', value: 2700 });
    expect(target('LAO-DONG-THU-NHAP-BQ')).toEqual({ kind: 'at_least', value: 60 });
    expect(target('HTX-LAI-BQ')).toEqual({ kind: 'at_least', value: 200 });
    expect(target('HTX-GIAI-THE')).toEqual({ kind: 'at_least', value: 30 });
    expect(plan.indicators.map((i) => (i.target.kind === 'range' ? -1 : 'value' in i.target ? i.target.value : 0))).toEqual([
      100, 2, 145, -1, 47, 2704, 53, 15, 15, 24, 2700, 60, 200, 30,
    ]);
  });

  it('re-bases to 2026: the reporting deadline moves to 2026-12-10 and the input is unchanged', () => {
    const before = JSON.stringify(plan);
    const rebased = rebasePlan(plan, 2026);
    expect(JSON.stringify(plan)).toBe(before);
    expect(rebased.reporting!.dueDate).toBe('2026-12-10');
    expect(rebased.year).toBe(2026);
    expect(rebased.code).toBe('HN-2026-KTTT-HTX');
    expect(rebased.title).toMatch(/năm 2026$/);
    expect(rebased.tasks.find((t) => t.ref === 'III.4.g')!.due).toEqual({ date: '2026-12-31', rule: 'by', assumed: true });
    expect(resolvePlanTaskDue(rebased, rebased.tasks.find((t) => t.ref === 'III.3.a')!)).toEqual({
      date: '2026-12-10',
      rule: 'before',
    });
    expect(plan.reporting!.dueDate).toBe('2024-12-10');
  });
});

describe('Sơn La 2024 programme (seed 002)', () => {
  const plan = loadPlan('son-la-2024-kttt.yaml');

  it('has its 5 key tasks, and the 34 detailed tasks it only counts (groups of 4, 13, 8, 4 and 5) as stated counts', () => {
    expect(plan.tasks.map((t) => t.ref)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5']);
    expect(plan.tasks.every((t) => t.placeholder === undefined && t.description !== undefined || t.ref === '1.5')).toBe(true);
    const groups = plan.statedCounts!.filter((c) => /^2\.\d$/.test(c.within ?? '')).map((c) => c.stated);
    expect(groups).toEqual([4, 13, 8, 4, 5]);
  });

  it('warns that the document announces 38 detailed tasks while its groups add up to 34, and that no group lists any', () => {
    const warnings = checkPlanConsistency(plan);
    const total = warnings.find((w) => w.path === 'statedCounts[1]')!;
    expect(total.message).toContain('38 nhiệm vụ chi tiết');
    expect(total.message).toContain('34');
    expect(warnings.filter((w) => /^statedCounts\[[2-6]\]$/.test(w.path ?? '')).map((w) => w.message)).toEqual([
      expect.stringMatching(/nêu 4 .* liệt kê 0/),
      expect.stringMatching(/nêu 13 .* liệt kê 0/),
      expect.stringMatching(/nêu 8 .* liệt kê 0/),
      expect.stringMatching(/nêu 4 .* liệt kê 0/),
      expect.stringMatching(/nêu 5 .* liệt kê 0/),
    ]);
  });
});

describe('city programme 49-CTr/TU (seed 003)', () => {
  const plan = loadPlan('city-49-ctr-tu.yaml');

  it('has 2030 and 2045 targets, which stay put when the plan is re-based', () => {
    const horizons = plan.indicators.map((i) => i.horizon);
    expect(horizons.filter((h) => h === 2030)).toHaveLength(9);
    expect(horizons.filter((h) => h === 2045)).toHaveLength(4);
    expect(rebasePlan(plan, 2025).indicators.map((i) => i.horizon)).toEqual(horizons);
    expect(plan.indicators.find((i) => i.code === 'HTX-CONG-NGHE-CAO-2030')!.target).toEqual({ kind: 'range', min: 80, max: 100 });
  });

  it('says "khoảng 2.000" as an approximate target and "trên N" as strictly more than N', () => {
    const target = (code: string) => plan.indicators.find((i) => i.code === code)!.target;
    expect(target('THT-2030')).toEqual({ kind: 'approx', value: 2000, tolerancePercent: 5 });
    expect(assessIndicator(target('THT-2030'), 1980)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator(target('THT-2030'), 1899)).toEqual({ met: false, assessment: 'not_met' });
    expect(describeIndicatorTarget(target('THT-2030'), 'tổ hợp tác')).toBe('khoảng 2.000 tổ hợp tác (±5%)');
    for (const code of ['THT-THANH-VIEN-2030', 'HTX-THANH-VIEN-2030', 'KTTT-TOT-KHA-2030', 'KTTT-HIEU-QUA-2045']) {
      expect(target(code).kind).toBe('greater_than');
    }
    expect(assessIndicator(target('KTTT-TOT-KHA-2030'), 60).met).toBe(false);
  });

  it('marks the due dates the document does not state as assumed, and warns once naming them', () => {
    expect(plan.tasks.every((t) => t.due !== 'reporting' && t.due?.assumed === true)).toBe(true);
    const [warning] = checkPlanConsistency(plan);
    expect(warning.message).toMatch(/không nêu thời hạn của 5 nhiệm vụ \(NV\.1, NV\.2, NV\.3, NV\.4, NV\.5\); thời hạn 31\/12\/2023 .* giả định/);
  });
});

describe('Hòa Bình 2023 (seed 001)', () => {
  const plan = loadPlan('hoa-binh-2023-lmhtx.yaml');

  it('has 12 groups of key tasks led by its provincial HTX union, with its own agencies declared', () => {
    expect(new Set(plan.tasks.map((t) => t.leadAgency))).toEqual(new Set(['HB-LMHTX']));
    expect(plan.tasks.find((t) => t.ref === 'NV.3')!.coordinatingAgencies).toEqual(['HB-SNV']);
    expect(plan.agencies!.map((a) => a.code)).toContain('HB-LMHTX');
    // Without its own agencies, the Hanoi directory does not know them.
    const issues = validatePlanReferences({ ...plan, agencies: [], groups: [] }, hanoiDirectory);
    expect(issues).toContainEqual({ path: 'tasks[0].leadAgency', message: 'unknown agency "HB-LMHTX"' });
  });
});
