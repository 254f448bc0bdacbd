import { chooseSummaryFormat, summaryFileName } from '../../apps/api/src/reporting/summary-format';
import { buildCalendarSnapshot } from '../../libs/domain/src/calendar';
import {
  DEFAULT_REPORTING_ROUND_POLICY,
  applyDeadline,
  applyReport,
  buildConsolidatedReport,
  defaultRoundParticipants,
  describePlanReportingDue,
  describeRoundDue,
  missingParticipants,
  newParticipant,
  parseRoundPolicy,
  pendingRoundAlarms,
  resolveRoundPolicy,
  roundCommandRefusal,
  roundNotificationsFor,
  validateIndicatorActuals,
  validateRoundPolicyOverride,
  type ConsolidatedReportInput,
  type RoundAlarmSchedule,
  type RoundParticipant,
} from '../../libs/domain/src/reporting';

const calendar = buildCalendarSnapshot({ fromYear: 2025, toYear: 2027 });
const at = (iso: string) => Date.parse(iso);
const hanoi = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
// "trước ngày 10/12/2026": 00:00 of Thursday 10/12 in Hanoi.
const DUE = at('2026-12-09T17:00:00Z');

function schedule(overrides: Partial<RoundAlarmSchedule> = {}): RoundAlarmSchedule {
  return {
    status: 'open',
    dueAtMs: DUE,
    openedAtMs: at('2026-11-02T03:00:00Z'),
    nowMs: at('2026-11-02T03:00:00Z'),
    participants: [newParticipant('STC'), newParticipant('UBND-BA-DINH')],
    firedAlarms: [],
    policy: parseRoundPolicy(DEFAULT_REPORTING_ROUND_POLICY),
    calendar,
    ...overrides,
  };
}

describe('reporting round alarms', () => {
  it('reminds 5, 3 and 1 working days before 10/12, turns the missing late at it, then tells the coordinator and the leadership', () => {
    expect(pendingRoundAlarms(schedule()).map((alarm) => `${alarm.key} ${hanoi(alarm.atMs)}${alarm.to ? ` ${alarm.to}` : ''}`)).toEqual([
      'reminder-0 2026-12-03 08:00',
      'reminder-1 2026-12-07 08:00',
      'reminder-2 2026-12-09 08:00',
      'deadline 2026-12-10 00:00',
      'escalation-0 2026-12-10 00:00 coordinator',
      'escalation-1 2026-12-15 08:00 leader',
    ]);
  });

  it('plans nothing once everyone has reported or the round is closed, and skips what already fired', () => {
    const reported = [newParticipant('STC'), newParticipant('SCT')].map((participant) => applyReport(participant, at('2026-11-20T03:00:00Z'), DUE));
    expect(pendingRoundAlarms(schedule({ participants: reported }))).toEqual([]);
    expect(pendingRoundAlarms(schedule({ status: 'closed' }))).toEqual([]);
    const fired = pendingRoundAlarms(schedule({ firedAlarms: ['reminder-0', 'reminder-1', 'reminder-2', 'deadline'] }));
    expect(fired.map((alarm) => alarm.key)).toEqual(['escalation-0', 'escalation-1']);
  });

  it('does not send reminders whose moment had passed when the round opened, nor any after the deadline', () => {
    const openedLate = pendingRoundAlarms(schedule({ openedAtMs: at('2026-12-08T03:00:00Z'), nowMs: at('2026-12-08T03:00:00Z') }));
    expect(openedLate.map((alarm) => alarm.key)).toEqual(['reminder-2', 'deadline', 'escalation-0', 'escalation-1']);
    const afterDue = pendingRoundAlarms(schedule({ nowMs: DUE + 1000 }));
    expect(afterDue.map((alarm) => alarm.kind)).not.toContain('reminder');
  });

  it('runs in seconds with ISO durations, the ladder never before the deadline', () => {
    const policy = parseRoundPolicy(resolveRoundPolicy({ remindBefore: ['PT4S'], escalateAfter: [{ after: 'PT0S', to: 'coordinator' }, { after: 'PT2S', to: 'leader' }] }));
    const now = at('2026-06-01T00:00:00Z');
    const alarms = pendingRoundAlarms(schedule({ policy, openedAtMs: now, nowMs: now, dueAtMs: now + 8000 }));
    expect(alarms.map((alarm) => [alarm.key, alarm.atMs - now])).toEqual([
      ['reminder-0', 4000],
      ['deadline', 8000],
      ['escalation-0', 8000],
      ['escalation-1', 10000],
    ]);
  });
});

describe('reporting round participants', () => {
  it('marks a report before the deadline submitted, after it submitted_late, and keeps the first time across amendments', () => {
    const onTime = applyReport(newParticipant('STC'), DUE - 1, DUE);
    expect(onTime).toMatchObject({ status: 'submitted', reportVersion: 1, submittedAt: new Date(DUE - 1).toISOString() });
    const amended = applyReport(onTime, DUE + 5000, DUE);
    expect(amended).toMatchObject({ status: 'submitted', reportVersion: 2, submittedAt: onTime.submittedAt, lastReportedAt: new Date(DUE + 5000).toISOString() });
    // A report racing the deadline timer is judged by the clock.
    expect(applyReport(newParticipant('SCT'), DUE, DUE).status).toBe('submitted_late');
    const { participants, late } = applyDeadline([onTime, newParticipant('SCT')]);
    expect(late).toEqual(['SCT']);
    expect(applyReport(participants[1], DUE + 1, DUE)).toMatchObject({ status: 'submitted_late', reportVersion: 1 });
  });

  it('lists the missing in round order: pending before the deadline, late after it', () => {
    const participants: RoundParticipant[] = [
      applyReport(newParticipant('A'), DUE - 1, DUE),
      newParticipant('B'),
      { ...newParticipant('C'), status: 'late' },
      applyReport({ ...newParticipant('D'), status: 'late' }, DUE + 1, DUE),
    ];
    expect(missingParticipants(participants).map((participant) => participant.agency)).toEqual(['B', 'C']);
  });

  it('refuses reports to a closed round or from a non-participant, and closing by anyone but the coordinator', () => {
    const round = { status: 'open' as const, participants: [{ agency: 'STC' }] };
    expect(roundCommandRefusal(round, 'submit_report', { role: 'agency', agency: 'STC' })).toBeNull();
    expect(roundCommandRefusal(round, 'submit_report', { role: 'agency', agency: 'SCT' })).toBe('Cơ quan SCT không thuộc danh sách báo cáo của đợt này.');
    expect(roundCommandRefusal(round, 'submit_report', { role: 'coordinator' })).toMatch(/cơ quan tham gia/);
    expect(roundCommandRefusal({ ...round, status: 'closed' }, 'submit_report', { role: 'agency', agency: 'STC' })).toMatch(/đã kết thúc/);
    expect(roundCommandRefusal(round, 'close', { role: 'coordinator' })).toBeNull();
    expect(roundCommandRefusal(round, 'close', { role: 'leader' })).toMatch(/cơ quan điều phối/);
    expect(roundCommandRefusal({ ...round, status: 'closed' }, 'close', { role: 'coordinator' })).toMatch(/trước đó/);
  });

  it('defaults to the lead agencies after fan-out, then indicator reporters, then the plan’s reporting participants', () => {
    const groups = new Map([
      ['DISTRICTS', ['UBND-BA-DINH', 'UBND-SOC-SON']],
      ['SO-NGANH', ['SKHDT', 'STC', 'SCT']],
    ]);
    expect(
      defaultRoundParticipants({
        taskAssignees: [['STC'], ['UBND-BA-DINH', 'UBND-SOC-SON'], ['LMHTX']],
        currentLeads: ['STC', 'SNNPTNT'],
        indicatorReporters: [['DISTRICTS'], ['NHNN-HN', 'LMHTX']],
        reportingParticipants: ['SO-NGANH'],
        groups,
      }),
    ).toEqual(['STC', 'UBND-BA-DINH', 'UBND-SOC-SON', 'LMHTX', 'SNNPTNT', 'NHNN-HN', 'SKHDT', 'SCT']);
  });

  it('checks indicator actuals against the plan and the agency’s right to report them, naming each field', () => {
    const context = {
      agency: 'UBND-BA-DINH',
      indicators: [
        { code: 'HTX-THANH-LAP-MOI', reporters: ['DISTRICTS'] },
        { code: 'DU-NO-XAU', reporters: ['NHNN-HN'] },
      ],
      groups: new Map([['DISTRICTS', ['UBND-BA-DINH']]]),
    };
    expect(validateIndicatorActuals([{ indicator: 'HTX-THANH-LAP-MOI', value: 4 }], context)).toEqual([]);
    expect(
      validateIndicatorActuals(
        [
          { indicator: 'NOPE', value: 1 },
          { indicator: 'DU-NO-XAU', value: 2 },
          { indicator: 'HTX-THANH-LAP-MOI', value: 3 },
          { indicator: 'HTX-THANH-LAP-MOI', value: Number.NaN },
        ],
        context,
      ),
    ).toEqual([
      { path: 'indicatorActuals[0].indicator', message: 'kế hoạch không có chỉ tiêu mã "NOPE"' },
      { path: 'indicatorActuals[1].indicator', message: 'cơ quan UBND-BA-DINH không được giao báo cáo chỉ tiêu "DU-NO-XAU"' },
      { path: 'indicatorActuals[3].indicator', message: 'chỉ tiêu "HTX-THANH-LAP-MOI" đã có ở indicatorActuals[2]' },
      { path: 'indicatorActuals[3].value', message: 'phải là một số' },
    ]);
  });
});

describe('reporting round policy and wording', () => {
  it('takes remindBefore and escalateAfter only, validated like a task policy', () => {
    expect(validateRoundPolicyOverride({ remindBefore: ['PT4S'], escalateAfter: [{ after: '1wd', to: 'leader' }] })).toEqual([]);
    expect(validateRoundPolicyOverride({ acknowledgeWithin: '2wd', remindBefore: ['soon'], escalateAfter: [{ after: '1wd', to: 'mayor' }] }).map((issue) => issue.path)).toEqual([
      'policy.acknowledgeWithin',
      'policy.remindBefore[0]',
      'policy.escalateAfter[0].to',
    ]);
    expect(resolveRoundPolicy({ remindBefore: [] })).toEqual({ remindBefore: [], escalateAfter: DEFAULT_REPORTING_ROUND_POLICY.escalateAfter });
  });

  it('words a deadline as the plan does', () => {
    expect(describeRoundDue(DUE)).toBe('trước ngày 10/12/2026');
    expect(describeRoundDue(at('2026-12-10T16:59:59.999Z'))).toBe('chậm nhất ngày 10/12/2026');
    expect(describeRoundDue(at('2026-12-10T03:30:00Z'))).toBe('trước 10:30 ngày 10/12/2026');
    expect(describePlanReportingDue('2026-12-10', 'before')).toBe('trước ngày 10/12/2026');
  });

  it('names every missing agency in an escalation, once to the coordinator or the leadership, per agency to its head', () => {
    const round = { title: 'Báo cáo kết quả', dueText: 'trước ngày 10/12/2026', coordinatorAgency: 'SKHDT', agencyNames: { STC: 'Sở Tài chính' } };
    const [toLeader] = roundNotificationsFor.escalation(round, 'leader', 2, ['STC', 'UBND-SOC-SON'], 40, DUE);
    expect(toLeader).toMatchObject({ recipientAgency: null, recipientRole: 'leader', kind: 'round_escalated' });
    expect(toLeader.body).toContain('còn 2/40 cơ quan chưa gửi báo cáo');
    expect(toLeader.body).toContain('Sở Tài chính (STC); UBND-SOC-SON');
    expect(roundNotificationsFor.escalation(round, 'agency_head', 1, ['STC', 'SCT'], 40, DUE).map((message) => `${message.recipientRole}/${message.recipientAgency}`)).toEqual([
      'agency_head/STC',
      'agency_head/SCT',
    ]);
  });
});

describe('consolidated report', () => {
  const base: ConsolidatedReportInput = {
    round: {
      id: 'r',
      planId: 'p',
      planCode: 'HN-2026',
      planTitle: 'Kế hoạch',
      dueAt: new Date(DUE).toISOString(),
      dueText: 'trước ngày 10/12/2026',
      status: 'open',
      escalationLevel: 0,
      escalatedTo: null,
      closedAt: null,
    },
    compiledBy: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
    sentTo: { code: 'UBND-TP', name: 'Ủy ban nhân dân Thành phố Hà Nội' },
    generatedAt: new Date(DUE).toISOString(),
    participants: [
      { agency: 'A', agencyName: 'Quận A', status: 'submitted', submittedAt: 'x', content: 'a', indicatorActuals: [] },
      { agency: 'B', agencyName: 'Quận B', status: 'late', submittedAt: null, content: null, indicatorActuals: [] },
      { agency: 'C', agencyName: 'Quận C', status: 'submitted_late', submittedAt: 'y', content: 'c', indicatorActuals: [] },
      { agency: 'D', agencyName: 'Sở D', status: 'pending', submittedAt: null, content: null, indicatorActuals: [] },
    ],
    taskStatistics: {
      total: 0,
      byCategory: { completed_on_time: 0, completed_late: 0, in_progress_on_time: 0, in_progress_overdue: 0, cancelled: 0 },
      byAgency: [],
    },
    overdueTasks: [],
    indicators: [
      { code: 'NEW', name: 'HTX mới', unit: 'HTX', target: { kind: 'at_least', value: 10 }, aggregation: 'sum' },
      { code: 'GOOD', name: 'HTX tốt', unit: '%', target: { kind: 'range', min: 65, max: 70 }, aggregation: 'average' },
      { code: 'NONE', name: 'Chưa có', unit: 'HTX', target: { kind: 'at_most', value: 3 }, aggregation: 'latest' },
    ],
    actuals: [
      { indicator: 'NEW', agency: 'A', value: 4, reportedAt: '2026-12-01T00:00:00Z' },
      { indicator: 'NEW', agency: 'C', value: 3, reportedAt: '2026-12-11T00:00:00Z' },
      { indicator: 'GOOD', agency: 'A', value: 60, reportedAt: '2026-12-01T00:00:00Z' },
      { indicator: 'GOOD', agency: 'C', value: 70, reportedAt: '2026-12-11T00:00:00Z' },
    ],
  };

  it('aggregates the round’s actuals as the plan says and lists who is missing', () => {
    const report = buildConsolidatedReport(base);
    expect(report.missing).toEqual([
      { code: 'B', name: 'Quận B' },
      { code: 'D', name: 'Sở D' },
    ]);
    expect(report.indicators).toEqual([
      { code: 'NEW', name: 'HTX mới', unit: 'HTX', targetText: '≥ 10 HTX', aggregation: 'sum', actual: 7, met: false, reports: 2 },
      { code: 'GOOD', name: 'HTX tốt', unit: '%', targetText: '65–70%', aggregation: 'average', actual: 65, met: true, reports: 2 },
      { code: 'NONE', name: 'Chưa có', unit: 'HTX', targetText: '≤ 3 HTX', aggregation: 'latest', actual: null, met: null, reports: 0 },
    ]);
    expect(report).not.toHaveProperty('actuals');
  });
});

describe('summary content negotiation', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

  it('lets ?format= win, then the most preferred type of Accept we serve, else JSON', () => {
    expect(chooseSummaryFormat(XLSX, 'docx')).toBe('docx');
    expect(chooseSummaryFormat(undefined, undefined)).toBe('json');
    expect(chooseSummaryFormat(XLSX, undefined)).toBe('xlsx');
    expect(chooseSummaryFormat(`${DOCX}; charset=binary`, undefined)).toBe('docx');
    expect(chooseSummaryFormat(`application/json;q=0.5, ${XLSX}`, undefined)).toBe('xlsx');
    expect(chooseSummaryFormat(`*/*, ${DOCX}`, undefined)).toBe('docx');
    expect(chooseSummaryFormat(`${XLSX};q=0, text/html`, undefined)).toBe('json');
    expect(chooseSummaryFormat('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', undefined)).toBe('json');
  });

  it('names the download after the plan and the deadline’s day in Vietnam', () => {
    expect(summaryFileName('HN-2026-KTTT-HTX', new Date(DUE).toISOString(), 'xlsx')).toBe('bao-cao-tong-hop-HN-2026-KTTT-HTX-2026-12-10.xlsx');
  });
});
