import { HANOI_AGENCIES, HANOI_AGENCY_GROUPS } from '../../libs/domain/src/agency';
import {
  checkPlanConsistency,
  formatPlanIssuePath,
  PLAN_OFFSET_PATTERN,
  PlanFile,
  parsePlanFile,
  planJsonSchema,
  rebasePlan,
  shiftDateByYears,
  validatePlanReferences,
} from '../../libs/domain/src/plan';

const directory = {
  agencies: HANOI_AGENCIES.map((agency) => agency.code),
  groups: Object.fromEntries(HANOI_AGENCY_GROUPS.map((group) => [group.code, group.members])),
};

const MINIMAL = `
code: HN-2024-TEST
title: Kế hoạch thử nghiệm năm 2024
issuer: UBND-TP
issuedDate: 2024-02-29
year: 2024
policy:
  remindBefore: [7wd, 3wd, 1wd]
  escalateAfter:
    - { after: 0wd, to: coordinator }
    - { after: PT5S, to: leader }
reporting: { dueDate: 2024-12-10, rule: before, recipient: SKHDT }
sections:
  - { ref: III.4, title: Nhiệm vụ }
tasks:
  - ref: III.4.g
    section: III.4
    title: Xử lý tài sản của HTX giải thể
    leadAgency: STC
    coordinatingAgencies: [LMHTX]
    due: { date: 2024-06-30 }
  - ref: III.4.i
    section: III.4
    title: Xử lý nợ thuế khó thu
    leadAgency: CT-HN
    due: reporting
  - ref: III.4.m
    section: III.4
    title: Giải thể HTX
    leadAgency: DISTRICTS
    due: { date: 2024-12-31, rule: by }
indicators:
  - code: HTX-MOI
    name: Số HTX thành lập mới
    unit: HTX
    target: { kind: at_least, value: 100 }
    aggregation: sum
    reporters: [DISTRICTS]
`;

function parseOk(text: string): PlanFile {
  const result = parsePlanFile(text, 'yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function parseIssues(text: string, format: 'yaml' | 'json' = 'yaml') {
  const result = parsePlanFile(text, format);
  if (result.ok) throw new Error('expected the plan file to be rejected');
  return result.issues;
}

describe('parsePlanFile', () => {
  it('accepts a minimal plan and applies defaults', () => {
    const plan = parseOk(MINIMAL);
    expect(plan.deadlineRule).toBe('by');
    expect(plan.legalBases).toEqual([]);
    expect(plan.tasks[1].due).toBe('reporting');
    expect(validatePlanReferences(plan, directory)).toEqual([]);
    expect(checkPlanConsistency(plan)).toEqual([]);
  });

  it('accepts the same plan as JSON', () => {
    const plan = parseOk(MINIMAL);
    const result = parsePlanFile(JSON.stringify(plan, null, 2), 'json');
    expect(result).toEqual({ ok: true, plan });
  });

  it('reports malformed YAML with its line and column', () => {
    const text = 'code: HN-2024-TEST\ntitle: [unclosed\nyear: 2024\n';
    const issues = parseIssues(text);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].path).toBe('');
    expect(issues[0].message).toMatch(/^YAML syntax error at line \d+, column \d+/);
    expect(issues[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reports bad indentation and duplicate keys in YAML with the line', () => {
    const duplicate = parseIssues('code: A\ntitle: x\ncode: B\n');
    expect(duplicate[0].message).toMatch(/line 3/);
    const indentation = parseIssues('tasks:\n  - ref: a\n   section: b\n');
    expect(indentation[0].message).toMatch(/line 3/);
  });

  it('reports malformed JSON with its line and column', () => {
    const issues = parseIssues('{\n  "code": "X",\n  "title": "y",\n}', 'json');
    expect(issues).toHaveLength(1);
    expect(issues[0].message).toMatch(/^JSON syntax error at line 4, column 1/);
    expect(issues[0].line).toBe(4);
  });

  it('rejects a file that is not a mapping', () => {
    expect(parseIssues('- a\n- b\n')[0].message).toMatch(/must be an object/);
    expect(parseIssues('')[0].message).toMatch(/must be an object/);
  });

  it('names a missing required field by its path', () => {
    const issues = parseIssues(MINIMAL.replace('title: Kế hoạch thử nghiệm năm 2024\n', ''));
    expect(issues).toEqual([expect.objectContaining({ path: 'title', message: 'required field is missing' })]);
    const taskIssues = parseIssues(MINIMAL.replace('    leadAgency: CT-HN\n', ''));
    expect(taskIssues).toEqual([
      expect.objectContaining({ path: 'tasks[1].leadAgency', message: 'required field is missing' }),
    ]);
  });

  it('rejects unknown keys, with the key in the path and the YAML line', () => {
    const issues = parseIssues(MINIMAL.replace('    leadAgency: STC\n', '    leadAgency: STC\n    owner: STC\n'));
    expect(issues).toEqual([{ path: 'tasks[0].owner', message: 'unknown key "owner"', line: 20, column: 12 }]);
    expect(parseIssues(MINIMAL + 'extra: 1\n')).toEqual([expect.objectContaining({ path: 'extra', message: 'unknown key "extra"' })]);
  });

  it('rejects a bad offset in a policy', () => {
    const issues = parseIssues(MINIMAL.replace('remindBefore: [7wd, 3wd, 1wd]', 'remindBefore: [7wd, 3 days, 1wd]'));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('policy.remindBefore[1]');
    expect(issues[0].message).toMatch(/offset/);
    const escalation = parseIssues(MINIMAL.replace('{ after: PT5S, to: leader }', '{ after: P, to: mayor }'));
    expect(escalation.map((i) => i.path).sort()).toEqual(['policy.escalateAfter[1].after', 'policy.escalateAfter[1].to']);
  });

  it('rejects bad dates, bad codes, numeric refs, inverted ranges', () => {
    const issues = parseIssues(
      MINIMAL.replace('date: 2024-06-30', 'date: 2023-02-29')
        .replace('leadAgency: STC', 'leadAgency: stc')
        .replace('ref: III.4.i', 'ref: 1.5')
        .replace('{ kind: at_least, value: 100 }', '{ kind: range, min: 70, max: 65 }'),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'indicators[0].target.max',
      'tasks[0].due.date',
      'tasks[0].leadAgency',
      'tasks[1].ref',
    ]);
  });

  it('rejects an unknown target kind and an unknown deadline rule', () => {
    const issues = parseIssues(
      MINIMAL.replace('kind: at_least', 'kind: more_than').replace('rule: before, recipient', 'rule: soon, recipient'),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['indicators[0].target.kind', 'reporting.rule']);
  });
});

describe('validatePlanReferences', () => {
  it('reports an unknown lead agency by path', () => {
    const plan = parseOk(MINIMAL.replace('leadAgency: CT-HN', 'leadAgency: SNV'));
    expect(validatePlanReferences(plan, directory)).toEqual([
      { path: 'tasks[1].leadAgency', message: 'unknown agency "SNV"' },
    ]);
  });

  it('counts the agencies and groups a plan declares as known', () => {
    const text = MINIMAL.replace('leadAgency: CT-HN', 'leadAgency: SNV').replace(
      'sections:',
      'agencies:\n  - { code: SNV, name: Sở Nội vụ, kind: department, parentCode: UBND-TP }\n' +
        'groups:\n  - { code: SO-NGANH, name: Các sở, members: [STC, SNV] }\nsections:',
    );
    const plan = parseOk(text.replace('coordinatingAgencies: [LMHTX]', 'coordinatingAgencies: [LMHTX, SO-NGANH]'));
    expect(validatePlanReferences(plan, { ...directory, agencies: new Set(directory.agencies) })).toEqual([]);
  });

  it('reports duplicate task refs, duplicate indicator codes, undeclared sections and bad group members', () => {
    const plan = parseOk(MINIMAL);
    const broken: PlanFile = {
      ...plan,
      groups: [{ code: 'NHOM', name: 'Nhóm', members: ['STC', 'DISTRICTS', 'XYZ'] }],
      tasks: [...plan.tasks, { ...plan.tasks[0], section: 'IV' }],
      indicators: [...plan.indicators, plan.indicators[0]],
      reporting: undefined,
    };
    expect(validatePlanReferences(broken, directory)).toEqual([
      { path: 'groups[0].members[1]', message: '"DISTRICTS" is a group; members must be agencies' },
      { path: 'groups[0].members[2]', message: 'unknown agency "XYZ"' },
      { path: 'tasks[1].due', message: 'due is "reporting" but the plan has no reporting deadline' },
      { path: 'tasks[3].ref', message: 'duplicate task ref "III.4.g" (first at tasks[0])' },
      { path: 'tasks[3].section', message: 'unknown section "IV"' },
      { path: 'indicators[1].code', message: 'duplicate indicator code "HTX-MOI" (first at indicators[0])' },
    ]);
  });

  it('checks the issuer, the reporting recipient and indicator reporters', () => {
    const plan = parseOk(
      MINIMAL.replace('issuer: UBND-TP', 'issuer: UBND-HP').replace('recipient: SKHDT', 'recipient: SKH').replace(
        'reporters: [DISTRICTS]',
        'reporters: [DISTRICTS, QUAN-1]',
      ),
    );
    expect(validatePlanReferences(plan, directory).map((i) => i.path)).toEqual([
      'issuer',
      'reporting.recipient',
      'indicators[0].reporters[1]',
    ]);
  });
});

describe('checkPlanConsistency', () => {
  it('warns about stated counts the items contradict, unreported indicators and tasks without due date', () => {
    const plan = parseOk(
      MINIMAL.replace('    due: { date: 2024-12-31, rule: by }\n', '').replace('reporters: [DISTRICTS]', 'reporters: []') +
        'statedCounts:\n' +
        '  - { subject: nhiệm vụ, stated: 3, of: tasks, within: III.4 }\n' +
        '  - { subject: nhiệm vụ, stated: 4, of: tasks }\n' +
        '  - { subject: chỉ tiêu, stated: 2, of: indicators }\n' +
        '  - { subject: mục, stated: 1, of: sections }\n',
    );
    const warnings = checkPlanConsistency(plan);
    expect(warnings.map((w) => w.path)).toEqual(['statedCounts[1]', 'statedCounts[2]', 'indicators[0].reporters', 'tasks[2].due']);
    expect(warnings[0].message).toBe('Văn bản nêu 4 nhiệm vụ nhưng các mục của văn bản chỉ liệt kê 3 nhiệm vụ (thiếu 1).');
    expect(warnings[2].message).toContain('chưa có cơ quan nào báo cáo');
    expect(warnings[3].message).toBe('Nhiệm vụ III.4.m chưa có thời hạn hoàn thành.');
  });

  it('warns about a deadline before the issue date and a lead agency listed as coordinating', () => {
    const plan = parseOk(MINIMAL.replace('date: 2024-06-30', 'date: 2024-01-15').replace('[LMHTX]', '[LMHTX, STC]'));
    expect(checkPlanConsistency(plan).map((w) => w.path)).toEqual(['tasks[0].due', 'tasks[0].coordinatingAgencies']);
  });
});

describe('rebasePlan', () => {
  it('moves every date by whole years, 29 February to 28 February, without touching the input', () => {
    const plan = parseOk(MINIMAL);
    const frozen = JSON.parse(JSON.stringify(plan));
    const rebased = rebasePlan(plan, 2026);
    expect(plan).toEqual(frozen);
    expect(rebased).toMatchObject({ code: 'HN-2026-TEST', title: 'Kế hoạch thử nghiệm năm 2026', year: 2026, issuedDate: '2026-02-28' });
    expect(rebased.reporting!.dueDate).toBe('2026-12-10');
    expect(rebased.tasks.map((t) => t.due)).toEqual([{ date: '2026-06-30' }, 'reporting', { date: '2026-12-31', rule: 'by' }]);
    expect(rebased.tasks[0]).not.toBe(plan.tasks[0]);
    expect(rebasePlan(rebased, 2028).issuedDate).toBe('2028-02-28');
  });

  it('moves horizons equal to the old year only, and appends the year to a code without one', () => {
    const plan = parseOk(MINIMAL.replace('code: HN-2024-TEST', 'code: HN-TEST').replace('reporters: [DISTRICTS]', 'reporters: [DISTRICTS]\n    horizon: 2024'));
    const withLongTarget: PlanFile = { ...plan, indicators: [...plan.indicators, { ...plan.indicators[0], code: 'X', horizon: 2030 }] };
    const rebased = rebasePlan(withLongTarget, 2025);
    expect(rebased.code).toBe('HN-TEST-2025');
    expect(rebased.indicators.map((i) => i.horizon)).toEqual([2025, 2030]);
    expect(rebasePlan(plan, 2024)).toEqual(plan);
  });

  it('shifts dates across leap years', () => {
    expect(shiftDateByYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(shiftDateByYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(shiftDateByYears('2023-03-01', 1)).toBe('2024-03-01');
  });
});

describe('offsets, paths and the JSON Schema', () => {
  it('accepts working days and ISO 8601 durations only', () => {
    for (const ok of ['0wd', '3wd', '12wd', 'PT5S', 'P2D', 'P1W', 'PT1H30M', 'PT0.5S', 'P1Y2M3DT4H']) {
      expect(PLAN_OFFSET_PATTERN.test(ok)).toBe(true);
    }
    for (const bad of ['', '3', 'wd', '-1wd', '3 wd', '3WD', 'P', 'PT', 'P1DT', '5s', 'PT5', 'p2d']) {
      expect(PLAN_OFFSET_PATTERN.test(bad)).toBe(false);
    }
  });

  it('formats issue paths in dot/bracket notation', () => {
    expect(formatPlanIssuePath(['tasks', 12, 'leadAgency'])).toBe('tasks[12].leadAgency');
    expect(formatPlanIssuePath([])).toBe('');
    expect(formatPlanIssuePath(['a b'])).toBe('["a b"]');
  });

  it('describes the file format as JSON Schema', () => {
    const schema = planJsonSchema() as {
      type: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { items?: { required?: string[] } }>;
    };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['code', 'title', 'issuer', 'year', 'sections', 'tasks']));
    expect(schema.required).not.toContain('deadlineRule');
    expect(schema.properties.tasks.items!.required).toEqual(expect.arrayContaining(['ref', 'section', 'title', 'leadAgency']));
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
