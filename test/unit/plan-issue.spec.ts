import * as fs from 'fs';
import * as path from 'path';
import { taskIdForWorkflow } from '../../activities/plan-issue.activities';
import { buildPlanIssueUnits, planIssueWorkflowId, type PlanIssueSource } from '../../libs/contracts/src';
import { DEFAULT_POLICY } from '../../libs/domain/src/policy';
import { HANOI_AGENCIES, HANOI_AGENCY_GROUPS } from '../../libs/domain/src/agency';
import {
  aggregateIndicatorActual,
  aggregatePlanTask,
  assessIndicator,
  describeIndicatorTarget,
  expandAgencyCodes,
  fanOutPlanTask,
  parsePlanFile,
  planGroups,
  planImportWarnings,
  planTaskAssignment,
  preparePlanTasks,
  rebasePlan,
  resolvePlanTaskDueOrFallback,
  taskInputRefusal,
  validatePlanForIssue,
  type PlanChildTaskSummary,
  type PlanFile,
} from '../../libs/domain/src/plan';

const directory = {
  agencies: HANOI_AGENCIES.map((agency) => agency.code),
  groups: Object.fromEntries(HANOI_AGENCY_GROUPS.map((group) => [group.code, group.members])),
};

function plan(yaml: string): PlanFile {
  const result = parsePlanFile(yaml, 'yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

const BASE = `
code: HN-2026-THU
title: Kế hoạch thử năm 2026
issuer: UBND-TP
year: 2026
sections: [{ ref: I, title: Nhiệm vụ }]
`;

describe('plan task due dates', () => {
  const withReporting = plan(`${BASE}
reporting: { dueDate: 2026-12-10, rule: before, recipient: SKHDT }
tasks:
  - { ref: I.1, section: I, title: Có hạn, leadAgency: STC, due: { date: 2026-06-30 } }
  - { ref: I.2, section: I, title: Theo hạn báo cáo, leadAgency: STC, due: reporting }
  - { ref: I.3, section: I, title: Không hạn, leadAgency: STC }
`);

  it('takes the task date with the plan rule, or the reporting deadline', () => {
    expect(resolvePlanTaskDueOrFallback(withReporting, withReporting.tasks[0])).toEqual({
      date: '2026-06-30',
      rule: 'by',
      source: 'task',
      dueAt: '2026-06-30T16:59:59.999Z',
    });
    expect(resolvePlanTaskDueOrFallback(withReporting, withReporting.tasks[1])).toEqual({
      date: '2026-12-10',
      rule: 'before',
      source: 'reporting',
      dueAt: '2026-12-09T17:00:00.000Z',
    });
  });

  it('falls back to the reporting deadline, else to the end of the plan year, and says which in a warning', () => {
    expect(resolvePlanTaskDueOrFallback(withReporting, withReporting.tasks[2])).toMatchObject({ date: '2026-12-10', source: 'fallback_reporting' });
    const warnings = planImportWarnings(withReporting);
    expect(warnings).toEqual([
      { path: 'tasks[2].due', message: 'Nhiệm vụ I.3 chưa có thời hạn hoàn thành; khi ban hành sẽ lấy hạn báo cáo của kế hoạch (trước ngày 10/12/2026).' },
    ]);

    const noReporting = plan(`${BASE}
tasks:
  - { ref: I.1, section: I, title: Không hạn, leadAgency: STC }
`);
    expect(resolvePlanTaskDueOrFallback(noReporting, noReporting.tasks[0])).toEqual({
      date: '2026-12-31',
      rule: 'by',
      source: 'fallback_year_end',
      dueAt: '2026-12-31T16:59:59.999Z',
    });
    expect(planImportWarnings(noReporting)[0].message).toContain('ngày cuối năm kế hoạch (31/12/2026)');
  });
});

describe('fan-out of group tasks', () => {
  const groups = new Map<string, readonly string[]>([
    ['DISTRICTS', ['UBND-BA-DINH', 'UBND-SOC-SON', 'UBND-SON-TAY']],
    ['SO', ['STC', 'SCT']],
  ]);

  it('expands groups in order without repeats', () => {
    expect(expandAgencyCodes(['SO', 'LMHTX', 'STC'], groups)).toEqual(['STC', 'SCT', 'LMHTX']);
  });

  it('gives a group task to every member, each coordinated by the others named', () => {
    const assignment = planTaskAssignment({ leadAgency: 'SO', coordinatingAgencies: ['SO', 'LMHTX'] }, groups);
    expect(assignment).toEqual({ leadCode: 'SO', isGroup: true, assignees: ['STC', 'SCT'], coordinatingAgencies: ['STC', 'SCT', 'LMHTX'] });
    expect(fanOutPlanTask(assignment)).toEqual([
      { leadAgency: 'STC', coordinatingAgencies: ['SCT', 'LMHTX'] },
      { leadAgency: 'SCT', coordinatingAgencies: ['STC', 'LMHTX'] },
    ]);
    expect(planTaskAssignment({ leadAgency: 'STC' }, groups)).toEqual({ leadCode: 'STC', isGroup: false, assignees: ['STC'], coordinatingAgencies: [] });
  });

  it('fans Hanoi 2024 out to 30 tasks per DISTRICTS item, 359 in all', () => {
    const hanoi = rebasePlan(
      (parsePlanFile(fs.readFileSync(path.join(__dirname, '../../data/plans/hanoi-2024-kttt-htx.yaml'), 'utf8'), 'yaml') as { ok: true; plan: PlanFile }).plan,
      2026,
    );
    const tasks = preparePlanTasks(hanoi, planGroups(hanoi, directory));
    const districtItems = tasks.filter((task) => task.leadCode === 'DISTRICTS');
    expect(districtItems).toHaveLength(8);
    for (const task of districtItems) expect(task.assignees).toHaveLength(30);
    expect(tasks.reduce((sum, task) => sum + task.assignees.length, 0)).toBe(359);
    expect(tasks.find((task) => task.ref === 'III.3.a')!.due).toMatchObject({ date: '2026-12-10', rule: 'before', source: 'reporting' });
  });
});

describe('plan checks before storing', () => {
  it('refuses policy offsets out of bounds and refs that cannot be part of a workflow ID', () => {
    const bad = plan(`${BASE}
policy: { remindBefore: [99999wd] }
tasks:
  - { ref: 'I:1', section: I, title: Việc, leadAgency: STC, policy: { acknowledgeWithin: P9999D } }
`);
    expect(validatePlanForIssue(bad).map((issue) => issue.path)).toEqual([
      'policy.remindBefore[0]',
      'tasks[0].ref',
      'tasks[0].policy.acknowledgeWithin',
    ]);
  });

  it('warns when a declared group differs from the directory group of the same code', () => {
    const redeclared = plan(`${BASE}
groups: [{ code: DISTRICTS, name: Một số quận, members: [UBND-BA-DINH] }]
tasks: [{ ref: I.1, section: I, title: Việc, leadAgency: DISTRICTS, due: { date: 2026-12-31 } }]
`);
    expect(planImportWarnings(redeclared, directory)).toEqual([
      expect.objectContaining({ path: 'groups[0]', message: expect.stringContaining('Nhóm DISTRICTS đã có trong danh bạ') }),
    ]);
    // The plan's own declaration decides its fan-out.
    expect(preparePlanTasks(redeclared, planGroups(redeclared, directory))[0].assignees).toEqual(['UBND-BA-DINH']);
  });
});

describe('aggregate status of a group task', () => {
  const child = (status: PlanChildTaskSummary['status'], category: PlanChildTaskSummary['category'], progressPercent = 0) => ({
    status,
    category,
    progressPercent,
  });

  it('is not issued without children', () => {
    expect(aggregatePlanTask([])).toMatchObject({ status: 'not_issued', category: null, total: 0 });
  });

  it("is the children's status when they share one, in progress when they differ", () => {
    expect(aggregatePlanTask([child('assigned', 'in_progress_on_time'), child('assigned', 'in_progress_on_time')])).toMatchObject({
      status: 'assigned',
      category: 'in_progress_on_time',
    });
    expect(aggregatePlanTask([child('assigned', 'in_progress_on_time'), child('acknowledged', 'in_progress_on_time', 20)])).toMatchObject({
      status: 'in_progress',
      progressPercent: 10,
      byStatus: { assigned: 1, acknowledged: 1 },
    });
  });

  it('is done when all are done, overdue while any is', () => {
    expect(aggregatePlanTask([child('completed', 'completed_on_time', 100), child('completed', 'completed_on_time', 100)])).toMatchObject({
      status: 'completed',
      category: 'completed_on_time',
      progressPercent: 100,
    });
    expect(aggregatePlanTask([child('completed', 'completed_on_time'), child('completed', 'completed_late')])).toMatchObject({
      status: 'completed',
      category: 'completed_late',
    });
    expect(aggregatePlanTask([child('completed', 'completed_on_time'), child('in_progress', 'in_progress_overdue'), child('assigned', 'in_progress_on_time')])).toMatchObject({
      status: 'in_progress',
      category: 'in_progress_overdue',
    });
  });

  it('leaves cancelled children out, unless all are cancelled', () => {
    expect(aggregatePlanTask([child('cancelled', 'cancelled'), child('completed', 'completed_on_time', 100)])).toMatchObject({
      status: 'completed',
      category: 'completed_on_time',
      progressPercent: 100,
      byCategory: { completed_on_time: 1, cancelled: 1 },
    });
    expect(aggregatePlanTask([child('cancelled', 'cancelled'), child('cancelled', 'cancelled')])).toMatchObject({ status: 'cancelled', category: 'cancelled' });
  });
});

describe('indicators', () => {
  const reports = [
    { agency: 'UBND-BA-DINH', value: 40, reportedAt: '2026-06-30T00:00:00Z' },
    { agency: 'UBND-SOC-SON', value: 45, reportedAt: '2026-06-30T00:00:00Z' },
    { agency: 'UBND-BA-DINH', value: 60, reportedAt: '2026-11-30T00:00:00Z' },
  ];

  it("aggregates each agency's latest report: sum, average; latest takes the newest of all", () => {
    expect(aggregateIndicatorActual('sum', [])).toBeNull();
    expect(aggregateIndicatorActual('sum', reports)).toBe(105);
    expect(aggregateIndicatorActual('average', reports)).toBe(52.5);
    expect(aggregateIndicatorActual('latest', reports)).toBe(60);
    expect(aggregateIndicatorActual('latest', [...reports].reverse())).toBe(60);
  });

  it('assesses every kind of target', () => {
    expect(assessIndicator({ kind: 'at_least', value: 100 }, null)).toEqual({ met: null, assessment: 'no_data' });
    expect(assessIndicator({ kind: 'at_least', value: 100 }, 99)).toEqual({ met: false, assessment: 'not_met' });
    expect(assessIndicator({ kind: 'at_least', value: 100 }, 100)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'at_least', value: 100 }, 105)).toEqual({ met: true, assessment: 'exceeded' });
    expect(assessIndicator({ kind: 'at_most', value: 3 }, 2.5)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'at_most', value: 3 }, 3.1)).toEqual({ met: false, assessment: 'not_met' });
    expect(assessIndicator({ kind: 'exact', value: 30 }, 30)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'exact', value: 30 }, 31)).toEqual({ met: false, assessment: 'not_met' });
    expect(assessIndicator({ kind: 'range', min: 65, max: 70 }, 64)).toEqual({ met: false, assessment: 'not_met' });
    expect(assessIndicator({ kind: 'range', min: 65, max: 70 }, 68)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'range', min: 65, max: 70 }, 72)).toEqual({ met: true, assessment: 'exceeded' });
    expect(assessIndicator({ kind: 'growth', min: 10, max: 12 }, 11)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'growth', min: 10 }, 15)).toEqual({ met: true, assessment: 'met' });
    expect(assessIndicator({ kind: 'growth', min: 10 }, 9.5)).toEqual({ met: false, assessment: 'not_met' });
  });

  it('states the target in words', () => {
    expect(describeIndicatorTarget({ kind: 'range', min: 65, max: 70 }, '%')).toBe('65–70%');
    expect(describeIndicatorTarget({ kind: 'at_least', value: 2704 }, 'cán bộ')).toBe('≥ 2.704 cán bộ');
    expect(describeIndicatorTarget({ kind: 'at_most', value: 3 }, '%')).toBe('≤ 3%');
    expect(describeIndicatorTarget({ kind: 'growth', min: 10, max: 12 }, '%')).toBe('tăng 10–12%');
  });
});

describe('issue units', () => {
  const source: PlanIssueSource = {
    plan: { id: 'plan-1', code: 'HN-2026-THU', policy: { remindBefore: ['PT5S'] } },
    tasks: [
      {
        id: 'pt-1',
        ref: 'III.3.c.1',
        title: 'Rà soát HTX',
        description: null,
        assignees: ['UBND-BA-DINH', 'UBND-SOC-SON'],
        coordinatingAgencies: ['SKHDT', 'UBND-SOC-SON'],
        dueAt: '2026-12-31T16:59:59.999Z',
        policy: { acknowledgeWithin: 'PT10S' },
      },
      {
        id: 'pt-2',
        ref: 'III.4.g',
        title: 'Xử lý tài sản',
        description: 'Công nợ của HTX giải thể',
        assignees: ['STC'],
        coordinatingAgencies: [],
        dueAt: '2026-12-31T16:59:59.999Z',
        policy: null,
      },
    ],
  };
  const actor = { sub: 'skhdt', role: 'coordinator' };

  it('makes one task workflow per assignee under its business key, with the resolved policy', () => {
    const units = buildPlanIssueUnits(source, { issuedAt: '2026-11-25T08:00:00.000Z', issuedBy: actor, taskIdOf: (id) => `id(${id})` });
    expect(units.map((unit) => unit.workflowId)).toEqual([
      'task:HN-2026-THU:III.3.c.1:UBND-BA-DINH',
      'task:HN-2026-THU:III.3.c.1:UBND-SOC-SON',
      'task:HN-2026-THU:III.4.g:STC',
    ]);
    expect(units[1].input).toEqual({
      taskId: 'id(task:HN-2026-THU:III.3.c.1:UBND-SOC-SON)',
      planId: 'plan-1',
      planTaskId: 'pt-1',
      planCode: 'HN-2026-THU',
      taskRef: 'III.3.c.1',
      title: 'Rà soát HTX',
      description: null,
      leadAgency: 'UBND-SOC-SON',
      coordinatingAgencies: ['SKHDT'],
      dueAt: '2026-12-31T16:59:59.999Z',
      policy: { ...DEFAULT_POLICY, remindBefore: ['PT5S'], acknowledgeWithin: 'PT10S' },
      assignedAt: '2026-11-25T08:00:00.000Z',
      assignedBy: actor,
    });
    expect(units[2].input.policy).toEqual({ ...DEFAULT_POLICY, remindBefore: ['PT5S'] });
    expect(planIssueWorkflowId('HN-2026-THU')).toBe('plan-issue:HN-2026-THU');
  });

  it('derives task IDs from workflow IDs as name-based UUIDs (v5), so a retry never makes a second row', () => {
    expect(taskIdForWorkflow('task:HN-2026-KTTT-HTX:III.4.g:STC')).toBe('b20ce458-8c17-5c9c-95fa-44dc0683bd26');
    expect(taskIdForWorkflow('task:HN-2026-KTTT-HTX:III.4.đ:SCT')).toBe('413cbe3d-0ab5-5899-80a2-3edebf762110');
    expect(taskIdForWorkflow('task:HN-2026-KTTT-HTX:III.4.g:STC')).toBe(taskIdForWorkflow('task:HN-2026-KTTT-HTX:III.4.g:STC'));
  });
});

describe('task inputs of coordinating agencies', () => {
  const task = { leadAgency: 'STC', coordinatingAgencies: ['LMHTX'], status: 'in_progress' as const };

  it('are for the coordinating agencies of an open task only', () => {
    expect(taskInputRefusal({ role: 'agency', agency: 'LMHTX' }, task)).toBeNull();
    expect(taskInputRefusal({ role: 'agency', agency: 'STC' }, task)).toMatchObject({ reason: 'forbidden' });
    expect(taskInputRefusal({ role: 'agency', agency: 'SCT' }, task)).toMatchObject({ reason: 'hidden' });
    expect(taskInputRefusal({ role: 'coordinator' }, task)).toMatchObject({ reason: 'forbidden' });
    expect(taskInputRefusal({ role: 'agency', agency: 'LMHTX' }, { ...task, status: 'completed' })).toMatchObject({ reason: 'closed' });
  });
});
