import {
  assessIndicator,
  checkPlanConsistency,
  describeIndicatorTarget,
  periodicReportingDates,
  planImportWarnings,
  preparePlanTasks,
  validatePlanData,
  validatePlanForIssue,
  type PlanFile,
} from '../../libs/domain/src/plan';

/** Issue 12: the plan format says what the document says. */
function plan(extra: Record<string, unknown> = {}, task: Record<string, unknown> = {}): PlanFile {
  const result = validatePlanData({
    code: 'KH-THU-2024',
    title: 'Kế hoạch thử năm 2024',
    issuer: 'UBND-TP',
    year: 2024,
    sections: [{ ref: 'I', title: 'Nhiệm vụ' }],
    tasks: [{ ref: 'I.1', section: 'I', title: 'Việc một', leadAgency: 'STC', ...task }],
    ...extra,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

describe('indicator targets as the document words them', () => {
  it('"khoảng N" is met within ±5 % by default, or the tolerance the file gives; beyond it is exceeded', () => {
    const about = { kind: 'approx', value: 2000 } as const;
    expect(assessIndicator(about, 1980).assessment).toBe('met');
    expect(assessIndicator(about, 1900).assessment).toBe('met');
    expect(assessIndicator(about, 1899).assessment).toBe('not_met');
    expect(assessIndicator(about, 2101).assessment).toBe('exceeded');
    expect(assessIndicator({ ...about, tolerancePercent: 1 }, 1980).assessment).toBe('met');
    expect(assessIndicator({ ...about, tolerancePercent: 0.5 }, 1980).assessment).toBe('not_met');
    expect(describeIndicatorTarget({ ...about, tolerancePercent: 10 }, 'tổ hợp tác')).toBe('khoảng 2.000 tổ hợp tác (±10%)');
  });

  it('"trên N" and "dưới N" are strict', () => {
    expect(assessIndicator({ kind: 'greater_than', value: 60 }, 60).met).toBe(false);
    expect(assessIndicator({ kind: 'greater_than', value: 60 }, 60.1).met).toBe(true);
    expect(assessIndicator({ kind: 'less_than', value: 3 }, 3).met).toBe(false);
    expect(assessIndicator({ kind: 'less_than', value: 3 }, 2.9).met).toBe(true);
    expect(describeIndicatorTarget({ kind: 'greater_than', value: 80000 }, 'thành viên')).toBe('> 80.000 thành viên');
    expect(describeIndicatorTarget({ kind: 'less_than', value: 3 }, '%')).toBe('< 3%');
  });

  it('refuses a tolerance outside 0–100 %', () => {
    const result = validatePlanData({
      ...plan(),
      indicators: [{ code: 'X', name: 'x', unit: 'HTX', target: { kind: 'approx', value: 1, tolerancePercent: 120 }, aggregation: 'sum' }],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0].path).toBe('indicators[0].target.tolerancePercent');
  });
});

describe('a due date the document does not state', () => {
  it('is stored with due source "assumed" and warned about once, naming its tasks', () => {
    const p = plan({}, { due: { date: '2024-12-31', assumed: true } });
    expect(preparePlanTasks(p, new Map())[0].due).toMatchObject({ date: '2024-12-31', rule: 'by', source: 'assumed' });
    expect(planImportWarnings(p)).toEqual([
      {
        path: 'tasks[0].due',
        message: 'Văn bản không nêu thời hạn của 1 nhiệm vụ (I.1); thời hạn 31/12/2024 trong tệp là giả định, cần xác nhận trước khi ban hành.',
      },
    ]);
    expect(preparePlanTasks(plan({}, { due: { date: '2024-12-31' } }), new Map())[0].due.source).toBe('task');
  });
});

describe('a task without content', () => {
  it('cannot be issued: the import refuses the plan naming the task', () => {
    const issues = validatePlanForIssue(plan({}, { placeholder: true }));
    expect(issues).toEqual([{ path: 'tasks[0]', message: expect.stringContaining('nhiệm vụ I.1 chưa có nội dung') }]);
  });
});

describe('stated counts whose parts are counted too', () => {
  it('compares the total with the sum of its parts, and each part with what it lists', () => {
    const p = plan({
      sections: [{ ref: 'I', title: 'Nhiệm vụ' }, { ref: 'I.1', title: 'Nhóm 1' }, { ref: 'I.2', title: 'Nhóm 2' }],
      statedCounts: [
        { subject: 'nhiệm vụ chi tiết', stated: 10, of: 'tasks', within: 'I' },
        { subject: 'nhiệm vụ nhóm 1', stated: 4, of: 'tasks', within: 'I.1' },
        { subject: 'nhiệm vụ nhóm 2', stated: 4, of: 'tasks', within: 'I.2' },
      ],
    }, { section: 'I.1', due: { date: '2024-12-31' } });
    expect(checkPlanConsistency(p).map((w) => [w.path, w.message])).toEqual([
      ['statedCounts[0]', 'Văn bản nêu 10 nhiệm vụ chi tiết (mục I) nhưng số lượng nêu ở từng nhóm cộng lại 8 (thiếu 2).'],
      ['statedCounts[1]', expect.stringContaining('nêu 4 nhiệm vụ nhóm 1 (thuộc mục I.1) nhưng các mục của văn bản chỉ liệt kê 1')],
      ['statedCounts[2]', expect.stringContaining('liệt kê 0')],
    ]);
  });
});

describe('periodic reporting', () => {
  it('is part of the reporting section and gives its dates in a year', () => {
    const p = plan({
      reporting: {
        dueDate: '2024-12-10', rule: 'before', recipient: 'SKHDT',
        schedule: [{ every: 'quarter', day: 15 }, { every: 'half_year', day: 20, rule: 'before' }],
      },
    });
    expect(periodicReportingDates(p.reporting!.schedule!, 2024).map((d) => `${d.date} ${d.rule} ${d.period}`)).toEqual([
      '2024-03-15 by quý I/2024',
      '2024-06-15 by quý II/2024',
      '2024-06-20 before 6 tháng đầu năm 2024',
      '2024-09-15 by quý III/2024',
      '2024-12-15 by quý IV/2024',
      '2024-12-20 before năm 2024',
    ]);
    expect(periodicReportingDates([{ every: 'month' }], 2024)[1].date).toBe('2024-02-29');
  });
});
