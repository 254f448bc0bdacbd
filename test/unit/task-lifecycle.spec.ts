import fc from 'fast-check';
import {
  TASK_STATUSES,
  canCommandTask,
  canSeeTask,
  categorize,
  isOpenStatus,
  nextStatus,
  refusalReason,
  type TaskCommandType,
  type TaskStatus,
} from '../../libs/domain/src/task';

const COMMANDS: TaskCommandType[] = [
  'acknowledge',
  'report_progress',
  'submit',
  'accept',
  'return',
  'cancel',
  'request_extension',
  'decide_extension',
  'reassign',
];

describe('task lifecycle', () => {
  it('walks the happy path assigned → acknowledged → in_progress → submitted → completed', () => {
    let status: TaskStatus = 'assigned';
    for (const command of ['acknowledge', 'report_progress', 'submit', 'accept'] as const) {
      expect(refusalReason(status, command)).toBeNull();
      status = nextStatus(status, command);
    }
    expect(status).toBe('completed');
  });

  it('gives a reassigned task a fresh acknowledge clock and leaves extensions status-neutral', () => {
    expect(nextStatus('in_progress', 'reassign')).toBe('assigned');
    expect(nextStatus('in_progress', 'request_extension')).toBe('in_progress');
    expect(refusalReason('submitted', 'request_extension')).not.toBeNull();
    expect(refusalReason('submitted', 'decide_extension')).toBeNull();
  });

  it('sends returned work back to in_progress', () => {
    expect(refusalReason('submitted', 'return')).toBeNull();
    expect(nextStatus('submitted', 'return')).toBe('in_progress');
  });

  it.each([
    ['assigned', 'accept', 'chưa được tiếp nhận'],
    ['acknowledged', 'acknowledge', 'đã được tiếp nhận'],
    ['completed', 'cancel', 'đã hoàn thành'],
    ['cancelled', 'submit', 'đã bị hủy'],
    ['assigned', 'report_progress', 'chưa được tiếp nhận'],
  ] as const)('refuses %s + %s with a Vietnamese reason', (status, command, reason) => {
    expect(refusalReason(status, command)).toContain(reason);
  });

  it('never leaves a closed task, whatever is tried (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMMANDS), { maxLength: 30 }), (commands) => {
        let status: TaskStatus = 'assigned';
        let closedAt = -1;
        commands.forEach((command, index) => {
          if (refusalReason(status, command) !== null) return;
          status = nextStatus(status, command);
          if (!isOpenStatus(status) && closedAt < 0) closedAt = index;
        });
        expect(TASK_STATUSES).toContain(status);
        // Once closed, nothing is accepted any more and the status stays closed.
        if (closedAt >= 0) {
          expect(['completed', 'cancelled']).toContain(status);
          for (const command of COMMANDS) expect(refusalReason(status, command)).not.toBeNull();
        }
      }),
    );
  });

  it('puts every task in exactly one category at any instant (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TASK_STATUSES),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 10 ** 12 }),
        (status, dueAtMs, completedAtMs, nowMs) => {
          const category = categorize({ status, dueAtMs, completedAtMs: status === 'completed' ? completedAtMs : null, nowMs });
          if (status === 'cancelled') expect(category).toBe('cancelled');
          else if (status === 'completed') expect(category).toBe(completedAtMs <= dueAtMs ? 'completed_on_time' : 'completed_late');
          else expect(category).toBe(nowMs >= dueAtMs ? 'in_progress_overdue' : 'in_progress_on_time');
        },
      ),
    );
  });
});

describe('task access', () => {
  const task = { leadAgency: 'STC', coordinatingAgencies: ['CT-HN'] };

  it('lets an agency see only what it leads or coordinates', () => {
    expect(canSeeTask({ role: 'agency', agency: 'STC' }, task)).toBe(true);
    expect(canSeeTask({ role: 'agency', agency: 'CT-HN' }, task)).toBe(true);
    expect(canSeeTask({ role: 'agency', agency: 'SCT' }, task)).toBe(false);
    expect(canSeeTask({ role: 'leader' }, task)).toBe(true);
  });

  it('gives lead-agency commands to the lead agency and decisions to the coordinator', () => {
    expect(canCommandTask({ role: 'agency', agency: 'STC' }, task, 'submit')).toBe(true);
    expect(canCommandTask({ role: 'agency', agency: 'CT-HN' }, task, 'submit')).toBe(false);
    expect(canCommandTask({ role: 'coordinator' }, task, 'acknowledge')).toBe(false);
    expect(canCommandTask({ role: 'coordinator' }, task, 'accept')).toBe(true);
    expect(canCommandTask({ role: 'leader' }, task, 'cancel')).toBe(false);
  });
});
