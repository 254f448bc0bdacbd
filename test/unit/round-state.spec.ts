import {
  DEFAULT_REPORTING_ROUND_POLICY,
  applyRoundAlarm,
  applyRoundReport,
  closeRound,
  initialReportingRoundState,
  roundOpenedEvent,
  type RoundFacts,
} from '../../libs/domain/src/reporting';

const at = (iso: string) => Date.parse(iso);
const coordinator = { sub: 'dp', role: 'coordinator', agency: 'SKHDT' };
const finance = { sub: 'stc', role: 'agency', agency: 'STC' };
const round: RoundFacts & { roundId: string } = {
  roundId: 'r-1',
  title: 'Báo cáo kết quả thực hiện kế hoạch 2026',
  dueText: 'trước ngày 10/12/2026',
  coordinatorAgency: 'SKHDT',
  agencyNames: { STC: 'Sở Tài chính' },
  dueAt: '2026-12-09T17:00:00.000Z',
  participants: ['STC', 'UBND-BA-DINH'],
  policy: DEFAULT_REPORTING_ROUND_POLICY,
  openedAt: '2026-11-02T03:00:00.000Z',
  openedBy: coordinator,
};
const draft = { content: 'Đã hướng dẫn 5 HTX', indicatorActuals: [{ indicator: 'HTX-MOI', value: 5 }], attachments: [] };

describe('reporting round state', () => {
  const opened = initialReportingRoundState(round);

  it('opens with every participant pending and tells each of them', () => {
    expect(opened.participants.map((participant) => participant.status)).toEqual(['pending', 'pending']);
    const event = roundOpenedEvent(round);
    expect(event).toMatchObject({ type: 'opened', at: round.openedAt, payload: { dueAt: round.dueAt, participants: round.participants } });
    expect(event.notifications.map((message) => message.recipientAgency)).toEqual(['STC', 'UBND-BA-DINH']);
  });

  it('records a report, then an amendment judged late by the clock, with the report version', () => {
    const reported = applyRoundReport(opened, finance, draft, round, at('2026-12-01T01:00:00Z'));
    expect(reported.state.participants[0]).toMatchObject({ status: 'submitted', reportVersion: 1 });
    expect(reported.event).toMatchObject({ type: 'report_submitted', at: '2026-12-01T01:00:00.000Z', report: { agency: 'STC', version: 1, late: false } });
    const amended = applyRoundReport(reported.state, finance, draft, round, at('2026-12-11T01:00:00Z'));
    expect(amended.state.participants[0]).toMatchObject({ status: 'submitted', reportVersion: 2 });
    expect(amended.event).toMatchObject({ type: 'report_amended', report: { version: 2, late: true } });
  });

  it('turns the missing late at the deadline and names them on the ladder', () => {
    const deadline = applyRoundAlarm(opened, { key: 'deadline', kind: 'deadline', atMs: at(round.dueAt) }, round, at(round.dueAt));
    expect(deadline.state.participants.map((participant) => participant.status)).toEqual(['late', 'late']);
    expect(deadline.state.firedAlarms).toEqual(['deadline']);
    const escalated = applyRoundAlarm(deadline.state, { key: 'escalation-1', kind: 'escalation', atMs: 0, index: 1, to: 'leader' }, round, at('2026-12-14T01:00:00Z'));
    expect(escalated.state).toMatchObject({ escalationLevel: 2, escalatedTo: 'leader' });
    expect(escalated.event.payload).toEqual({ level: 2, to: 'leader', missing: ['STC', 'UBND-BA-DINH'] });
  });

  it('closes, naming who never reported', () => {
    const closed = closeRound(opened, coordinator, 'Đủ để tổng hợp', at('2026-12-15T01:00:00Z'));
    expect(closed.state).toMatchObject({ status: 'closed', closedAt: '2026-12-15T01:00:00.000Z', closedBy: coordinator });
    expect(closed.event).toMatchObject({ type: 'closed', payload: { missing: ['STC', 'UBND-BA-DINH'], note: 'Đủ để tổng hợp' } });
  });
});
