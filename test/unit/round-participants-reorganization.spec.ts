import {
  DEFAULT_REPORTING_ROUND_POLICY,
  applyRoundReport,
  initialReportingRoundState,
  participantReplacementRefusal,
  replaceParticipants,
  replaceRoundParticipants,
  validateIndicatorActuals,
  type RoundFacts,
  type RoundParticipant,
} from '../../libs/domain/src/reporting';
import { SYSTEM_ACTOR, taskAssignedEvent } from '../../libs/domain/src/task';

const at = (iso: string) => Date.parse(iso);
const coordinator = { sub: 'dp', role: 'coordinator', agency: 'SKHDT' };
const agency = (code: string) => ({ sub: code.toLowerCase(), role: 'agency', agency: code });
const round: RoundFacts & { roundId: string } = {
  roundId: 'r-1',
  title: 'Báo cáo kết quả thực hiện kế hoạch 2026',
  dueText: 'trước ngày 10/12/2026',
  coordinatorAgency: 'SKHDT',
  agencyNames: { STNMT: 'Sở Tài nguyên và Môi trường' },
  dueAt: '2026-12-09T17:00:00.000Z',
  participants: ['STNMT', 'SNNPTNT', 'UBND-BA-DINH', 'SCT'],
  policy: DEFAULT_REPORTING_ROUND_POLICY,
  openedAt: '2026-11-02T03:00:00.000Z',
  openedBy: coordinator,
};
const draft = { content: 'Đã hướng dẫn 5 HTX', indicatorActuals: [], attachments: [] };
const reorganization = { id: 'reorg-1', title: 'Sắp xếp tổ chức bộ máy' };
const replacements = { STNMT: 'SNNMT', SNNPTNT: 'SNNMT', 'UBND-BA-DINH': 'P-BA-DINH' };

describe('round participants across a reorganisation', () => {
  it('puts each successor in its former place; two merged participants become one', () => {
    const participants = initialReportingRoundState(round).participants;
    const { participants: next, moved } = replaceParticipants(participants, replacements);
    expect(next.map((participant) => participant.agency)).toEqual(['SNNMT', 'P-BA-DINH', 'SCT']);
    expect(next[0].predecessors).toEqual(['STNMT', 'SNNPTNT']);
    expect(next[2].predecessors).toBeUndefined();
    expect(moved).toEqual([
      { from: 'STNMT', to: 'SNNMT' },
      { from: 'SNNPTNT', to: 'SNNMT' },
      { from: 'UBND-BA-DINH', to: 'P-BA-DINH' },
    ]);
  });

  it('keeps a report already sent with its sender and counts it for the successor, whose next report amends', () => {
    const opened = initialReportingRoundState(round);
    const sent = applyRoundReport(opened, agency('SNNPTNT'), draft, round, at('2026-12-01T03:00:00Z')).state;
    const change = replaceRoundParticipants(sent, SYSTEM_ACTOR, replacements, reorganization, round, at('2026-12-02T03:00:00Z'))!;
    const successor = change.state.participants[0];
    expect(successor).toMatchObject({ agency: 'SNNMT', status: 'submitted', submittedAt: '2026-12-01T03:00:00.000Z', reportVersion: 1 });
    expect(change.event).toMatchObject({
      type: 'participants_replaced',
      payload: {
        reorganization,
        moved: [
          { from: 'STNMT', to: 'SNNMT', reported: false },
          { from: 'SNNPTNT', to: 'SNNMT', reported: true },
          { from: 'UBND-BA-DINH', to: 'P-BA-DINH', reported: false },
        ],
      },
    });
    expect(change.event.notifications.map((message) => message.recipientAgency)).toEqual(['SNNMT', 'SNNMT', 'P-BA-DINH']);
    expect(change.event.notifications[1].body).toContain('được tính cho SNNMT');

    const amended = applyRoundReport(change.state, agency('SNNMT'), draft, round, at('2026-12-03T03:00:00Z'));
    expect(amended.event.type).toBe('report_amended');
    expect(amended.event.report).toMatchObject({ agency: 'SNNMT', version: 2 });
  });

  it('merges the earliest report and the latest activity of two reported participants', () => {
    const reported = (code: string, submittedAt: string, version: number): RoundParticipant => ({
      agency: code,
      status: 'submitted',
      submittedAt,
      lastReportedAt: submittedAt,
      reportVersion: version,
    });
    const { participants } = replaceParticipants(
      [reported('STC', '2026-12-02T00:00:00.000Z', 1), reported('SKHDT', '2026-12-01T00:00:00.000Z', 3)],
      { SKHDT: 'STC' },
    );
    expect(participants).toEqual([
      { agency: 'STC', status: 'submitted', submittedAt: '2026-12-01T00:00:00.000Z', lastReportedAt: '2026-12-02T00:00:00.000Z', reportVersion: 3, predecessors: ['SKHDT'] },
    ]);
  });

  it('refuses a closed round and a round nobody in which is replaced', () => {
    const opened = initialReportingRoundState(round);
    expect(participantReplacementRefusal(opened, replacements)).toBeNull();
    expect(participantReplacementRefusal(opened, { 'CT-HN': 'STC' })).toMatch(/Không có cơ quan/);
    expect(participantReplacementRefusal({ ...opened, status: 'closed' }, replacements)).toMatch(/đã kết thúc/);
    expect(replaceRoundParticipants(opened, SYSTEM_ACTOR, { 'CT-HN': 'STC' }, reorganization, round, at('2026-12-02T03:00:00Z'))).toBeNull();
  });
});

describe('indicator actuals of a successor', () => {
  it('may report what an agency it took over was to report', () => {
    const context = { agency: 'P-DONG-DA', indicators: [{ code: 'HTX-MOI', reporters: ['DISTRICTS'] }], groups: new Map([['DISTRICTS', ['UBND-DONG-DA']]]) };
    const actuals = [{ indicator: 'HTX-MOI', value: 2 }];
    expect(validateIndicatorActuals(actuals, context)).toEqual([expect.objectContaining({ path: 'indicatorActuals[0].indicator' })]);
    expect(validateIndicatorActuals(actuals, { ...context, predecessors: ['UBND-DONG-DA'] })).toEqual([]);
  });
});

describe('a task split off by a reorganisation', () => {
  it('names the reorganisation in its first event; other first events are unchanged', () => {
    const assignment = {
      taskId: 't',
      title: 'Hướng dẫn giải thể HTX',
      leadAgency: 'P-GIANG-VO',
      coordinatingAgencies: [],
      dueAt: '2026-12-09T17:00:00.000Z',
      assignedAt: '2026-11-02T03:00:00.000Z',
      assignedBy: SYSTEM_ACTOR,
    };
    expect(taskAssignedEvent(assignment).payload).toEqual({ leadAgency: 'P-GIANG-VO', coordinatingAgencies: [], dueAt: '2026-12-09T17:00:00.000Z' });
    const split = taskAssignedEvent({ ...assignment, reorganization: { ...reorganization, reason: 'tổ chức lại bộ máy', from: 'UBND-TAY-HO', fromTaskId: 'x' } });
    expect(split.payload).toMatchObject({ reason: 'tổ chức lại bộ máy', reorganization, from: 'UBND-TAY-HO', fromTaskId: 'x' });
    // The successor's officers are told of their new task like any other assignment.
    expect(split.notifications).toEqual([expect.objectContaining({ kind: 'assigned', recipientAgency: 'P-GIANG-VO' })]);
  });
});
