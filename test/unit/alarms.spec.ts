import { buildCalendarSnapshot } from '../../libs/domain/src/calendar';
import { DEFAULT_POLICY, parsePolicy, resolvePolicy, validatePolicyOverride } from '../../libs/domain/src/policy';
import { nextAlarm, pendingAlarms, type AlarmSchedule } from '../../libs/domain/src/task';

const calendar = buildCalendarSnapshot({ fromYear: 2024, toYear: 2027 });
const at = (iso: string) => Date.parse(iso);
const hanoi = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);

function schedule(overrides: Partial<AlarmSchedule> = {}): AlarmSchedule {
  return {
    status: 'assigned',
    // "trước ngày 10/12/2024": due at 00:00 of Tuesday 10/12 in Hanoi
    dueAtMs: at('2024-12-09T17:00:00Z'),
    acknowledgeClockFromMs: at('2024-11-01T03:00:00Z'), // Friday 1/11 10:00
    dueSetAtMs: at('2024-11-01T03:00:00Z'),
    nowMs: at('2024-11-01T03:00:00Z'),
    firedAlarms: [],
    policy: parsePolicy(DEFAULT_POLICY),
    calendar,
    ...overrides,
  };
}

describe('task alarms (default policy, working days)', () => {
  it('plans the whole ladder of the 10/12 reporting duty on working mornings', () => {
    const alarms = pendingAlarms(schedule()).map((alarm) => `${alarm.key} ${hanoi(alarm.atMs)}`);
    expect(alarms).toEqual([
      'acknowledge-reminder 2024-11-05 08:00', // 2 working days after Friday 1/11
      'acknowledge-escalation 2024-11-08 08:00', // 3 more
      'reminder-0 2024-11-29 08:00', // 7 working days before Tuesday 10/12
      'reminder-1 2024-12-05 08:00',
      'reminder-2 2024-12-09 08:00',
      'overdue 2024-12-10 00:00',
      'escalation-0 2024-12-10 00:00',
      'escalation-1 2024-12-13 08:00',
      'escalation-2 2024-12-17 08:00',
    ]);
  });

  it('waits for the next working morning when an escalation would fall on a holiday', () => {
    // Due at 00:00 on Saturday 27/4/2024; 29/4–1/5 are off that year (29/4 by the official swap).
    const swapped = buildCalendarSnapshot({
      fromYear: 2024,
      toYear: 2024,
      overrides: [
        { date: '2024-04-29', kind: 'day_off' },
        { date: '2024-05-04', kind: 'working_day' },
      ],
    });
    const alarms = pendingAlarms(
      schedule({ status: 'in_progress', calendar: swapped, dueAtMs: at('2024-04-26T17:00:00Z'), dueSetAtMs: at('2024-03-01T00:00:00Z'), nowMs: at('2024-04-26T18:00:00Z') }),
    );
    expect(alarms.find((alarm) => alarm.key === 'escalation-0') && hanoi(alarms.find((alarm) => alarm.key === 'escalation-0')!.atMs)).toBe(
      '2024-05-02 08:00',
    );
  });

  it('stops chasing once acknowledged, and while submitted work waits for the coordinator', () => {
    expect(pendingAlarms(schedule({ status: 'acknowledged' })).map((alarm) => alarm.kind)).not.toContain('acknowledge_reminder');
    expect(pendingAlarms(schedule({ status: 'submitted' }))).toEqual([]);
    expect(pendingAlarms(schedule({ status: 'completed' }))).toEqual([]);
  });

  it('never fires an alarm twice, and skips reminders whose moment had passed when the due date was set', () => {
    const fired = ['acknowledge-reminder', 'acknowledge-escalation', 'reminder-0'];
    expect(nextAlarm(schedule({ firedAlarms: fired }))?.key).toBe('reminder-1');
    const lateAssignment = schedule({ dueSetAtMs: at('2024-12-06T03:00:00Z'), nowMs: at('2024-12-06T03:00:00Z') });
    expect(pendingAlarms(lateAssignment).filter((alarm) => alarm.kind === 'reminder').map((alarm) => alarm.key)).toEqual(['reminder-2']);
  });

  it('counts exact durations for second-scale policies', () => {
    const policy = parsePolicy(resolvePolicy({ acknowledgeWithin: 'PT1S', remindBefore: ['PT3S'], escalateAfter: [{ after: 'PT2S', to: 'leader' }] }));
    const start = at('2026-11-25T10:00:00Z');
    const alarms = pendingAlarms(schedule({ policy, acknowledgeClockFromMs: start, dueSetAtMs: start, nowMs: start, dueAtMs: start + 10_000 }));
    // (the acknowledge escalation keeps the default 3wd, so it comes days later)
    expect(alarms.filter((alarm) => alarm.kind !== 'acknowledge_escalation').map((alarm) => [alarm.key, alarm.atMs - start])).toEqual([
      ['acknowledge-reminder', 1000],
      ['reminder-0', 7000],
      ['overdue', 10000],
      ['escalation-0', 12000],
    ]);
  });
});

describe('policy', () => {
  it('resolves default ← plan ← task field by field', () => {
    expect(resolvePolicy({ maxExtensions: 5 }, { remindBefore: ['1wd'] })).toEqual({ ...DEFAULT_POLICY, maxExtensions: 5, remindBefore: ['1wd'] });
  });

  it('names every bad field of an override', () => {
    expect(validatePolicyOverride({ acknowledgeWithin: '2 days', remindBefore: 'PT5S', escalateAfter: [{ after: 'P1M', to: 'mayor' }], maxExtensions: -1, colour: 'red' }).map((issue) => issue.path)).toEqual([
      'policy.colour',
      'policy.acknowledgeWithin',
      'policy.remindBefore',
      'policy.escalateAfter[0].after',
      'policy.escalateAfter[0].to',
      'policy.maxExtensions',
    ]);
    expect(validatePolicyOverride({ remindBefore: ['7wd', 'PT5S'] })).toEqual([]);
  });
});
