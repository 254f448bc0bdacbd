import { resolvePolicy } from '../../libs/domain/src/policy';
import {
  applyTaskAlarm,
  applyTaskCommand,
  initialTaskState,
  taskAssignedEvent,
  taskCommandRefusal,
  type Actor,
  type TaskCommand,
  type TaskFacts,
  type TaskState,
} from '../../libs/domain/src/task';

const at = (iso: string) => Date.parse(iso);
const coordinator: Actor = { sub: 'dp', role: 'coordinator', agency: 'SKHDT' };
const finance: Actor = { sub: 'stc', role: 'agency', agency: 'STC' };
const tax: Actor = { sub: 'ct', role: 'agency', agency: 'CT-HN' };
const facts: TaskFacts = { title: 'Xử lý tài sản HTX giải thể', policy: resolvePolicy({ maxExtensions: 1 }) };
const assignment = {
  taskId: 't-1',
  leadAgency: 'STC',
  coordinatingAgencies: ['CT-HN'],
  dueAt: '2026-12-09T17:00:00.000Z',
  assignedAt: '2026-11-02T03:00:00.000Z',
  assignedBy: coordinator,
};

/** Applies each command in turn, as the workflow does, failing on any refusal. */
function run(state: TaskState, ...steps: [TaskCommand, string][]): TaskState {
  return steps.reduce((current, [command, when]) => {
    expect(taskCommandRefusal(current, command, facts)).toBeNull();
    return applyTaskCommand(current, command, facts, at(when)).state;
  }, state);
}

describe('task rules', () => {
  const assigned = initialTaskState(assignment);
  const working = run(assigned, [{ type: 'acknowledge', actor: finance }, '2026-11-03T01:00:00Z']);

  it('starts assigned, and records who assigned it to whom', () => {
    expect(assigned).toMatchObject({ status: 'assigned', leadAgency: 'STC', acknowledgeClockFrom: assignment.assignedAt, dueSetAt: assignment.assignedAt });
    expect(taskAssignedEvent({ ...assignment, title: facts.title })).toEqual({
      type: 'assigned',
      actor: coordinator,
      payload: { leadAgency: 'STC', coordinatingAgencies: ['CT-HN'], dueAt: assignment.dueAt },
      // The lead agency is told (its officers and clerk get it as e-mail): the task, and by when.
      notifications: [
        {
          recipientAgency: 'STC',
          recipientRole: 'agency',
          kind: 'assigned',
          title: 'Nhiệm vụ mới: Xử lý tài sản HTX giải thể',
          body: 'Cơ quan được giao chủ trì nhiệm vụ "Xử lý tài sản HTX giải thể", hạn hoàn thành 00:00 ngày 10/12/2026. Đề nghị tiếp nhận nhiệm vụ.',
        },
      ],
      at: assignment.assignedAt,
    });
  });

  it('walks acknowledge → progress → submit → accept; completion is the submission time', () => {
    const submitted = run(
      working,
      [{ type: 'report_progress', actor: finance, percent: 40, note: 'Đang rà soát' }, '2026-11-10T01:00:00Z'],
      [{ type: 'submit', actor: finance, summary: 'Đã xử lý xong' }, '2026-12-01T01:00:00Z'],
    );
    expect(submitted).toMatchObject({ status: 'submitted', progressPercent: 100, submittedAt: '2026-12-01T01:00:00.000Z' });
    const accepted = applyTaskCommand(submitted, { type: 'accept', actor: coordinator }, facts, at('2026-12-20T01:00:00Z'));
    expect(accepted.state).toMatchObject({ status: 'completed', completedAt: '2026-12-01T01:00:00.000Z' });
    expect(accepted.event).toMatchObject({ type: 'completed', payload: {}, notifications: [{ recipientAgency: 'STC', kind: 'completed' }] });
  });

  it('lets only the live lead agency act on its task, and only in a state that allows it', () => {
    expect(taskCommandRefusal(working, { type: 'submit', actor: tax, summary: 'x' }, facts)).toBe('Chỉ cơ quan chủ trì nhiệm vụ mới được thực hiện thao tác này.');
    expect(taskCommandRefusal(working, { type: 'acknowledge', actor: finance }, facts)).toMatch(/^Không thể tiếp nhận/);
    expect(taskCommandRefusal(assigned, { type: 'accept', actor: coordinator }, facts)).toMatch(/^Không thể nghiệm thu/);
  });

  it('returns submitted work to in_progress and forgets the submission', () => {
    const submitted = run(working, [{ type: 'submit', actor: finance, summary: 'Xong' }, '2026-12-01T01:00:00Z']);
    const returned = applyTaskCommand(submitted, { type: 'return', actor: coordinator, reason: 'Thiếu số liệu' }, facts, at('2026-12-02T01:00:00Z'));
    expect(returned.state).toMatchObject({ status: 'in_progress', submittedAt: null });
    expect(returned.event.notifications[0].body).toContain('Lý do: Thiếu số liệu');
  });

  it('cancels any open task', () => {
    const cancelled = run(working, [{ type: 'cancel', actor: coordinator, reason: 'Không còn phù hợp' }, '2026-11-05T01:00:00Z']);
    expect(cancelled.status).toBe('cancelled');
    expect(taskCommandRefusal(cancelled, { type: 'cancel', actor: coordinator, reason: 'x' }, facts)).toMatch(/đã bị hủy/);
  });

  describe('extensions', () => {
    const request: TaskCommand = { type: 'request_extension', actor: finance, newDueAt: '2026-12-20T17:00:00.000Z', reason: 'Chờ số liệu' };
    const requested = applyTaskCommand(working, request, facts, at('2026-11-20T01:00:00Z'));

    it('records a pending request for the coordinator, one at a time, for a later date', () => {
      expect(requested.requestId).toBe('ext-1');
      expect(requested.state.extensions).toEqual([
        { id: 'ext-1', newDueAt: request.newDueAt, reason: 'Chờ số liệu', requestedAt: '2026-11-20T01:00:00.000Z', requestedBy: finance, status: 'pending' },
      ]);
      expect(requested.event).toMatchObject({ type: 'extension_requested', payload: { requestId: 'ext-1' }, notifications: [{ recipientRole: 'coordinator' }] });
      expect(taskCommandRefusal(requested.state, request, facts)).toBe('Đã có một đề nghị gia hạn đang chờ quyết định.');
      expect(taskCommandRefusal(working, { ...request, newDueAt: working.dueAt }, facts)).toBe('Hạn mới phải sau hạn hiện tại.');
    });

    it('moves the due date on approval and re-opens overdue and the ladder, not the reminders', () => {
      const overdue: TaskState = { ...requested.state, firedAlarms: ['reminder-0', 'overdue', 'escalation-0'], escalationLevel: 1, escalatedTo: 'coordinator' };
      const approved = applyTaskCommand(overdue, { type: 'approve_extension', actor: coordinator, requestId: 'ext-1' }, facts, at('2026-12-10T01:00:00Z'));
      expect(approved.dueDateMoved).toBe(true);
      expect(approved.state).toMatchObject({
        dueAt: request.newDueAt,
        dueSetAt: '2026-12-10T01:00:00.000Z',
        firedAlarms: ['reminder-0'],
        escalationLevel: 0,
        escalatedTo: null,
        extensions: [{ id: 'ext-1', status: 'approved', decidedAt: '2026-12-10T01:00:00.000Z' }],
      });
      expect(approved.event.payload).toEqual({ requestId: 'ext-1', previousDueAt: working.dueAt, newDueAt: request.newDueAt });
      // The policy's cap (here 1) counts approvals.
      expect(taskCommandRefusal(approved.state, { ...request, newDueAt: '2027-01-20T17:00:00.000Z' }, facts)).toBe(
        'Nhiệm vụ đã được gia hạn 1 lần, tối đa 1 lần theo quy định của kế hoạch.',
      );
      expect(taskCommandRefusal(approved.state, { type: 'reject_extension', actor: coordinator, requestId: 'ext-1' }, facts)).toBe(
        'Đề nghị gia hạn này đã được quyết định.',
      );
    });

    it('keeps the due date on rejection, with the reason', () => {
      const rejected = applyTaskCommand(requested.state, { type: 'reject_extension', actor: coordinator, requestId: 'ext-1', reason: 'Đủ thời gian' }, facts, at('2026-11-21T01:00:00Z'));
      expect(rejected.state.dueAt).toBe(working.dueAt);
      expect(rejected.state.extensions[0]).toMatchObject({ status: 'rejected', decisionReason: 'Đủ thời gian' });
      expect(rejected.event.payload).toEqual({ requestId: 'ext-1', reason: 'Đủ thời gian' });
      expect(taskCommandRefusal(rejected.state, { type: 'approve_extension', actor: coordinator, requestId: 'ext-9' }, facts)).toBe('Không có đề nghị gia hạn "ext-9".');
    });
  });

  it('reassigns to a new lead with a fresh acknowledge clock, telling both agencies', () => {
    const reminded: TaskState = { ...working, firedAlarms: ['acknowledge-reminder', 'reminder-0'] };
    const command: TaskCommand = { type: 'reassign', actor: coordinator, agency: 'CT-HN', reason: 'Đúng chức năng' };
    const reassigned = applyTaskCommand(reminded, command, facts, at('2026-11-12T01:00:00Z'));
    expect(reassigned.state).toMatchObject({
      status: 'assigned',
      leadAgency: 'CT-HN',
      coordinatingAgencies: [],
      acknowledgeClockFrom: '2026-11-12T01:00:00.000Z',
      firedAlarms: ['reminder-0'],
    });
    expect(reassigned.event.payload).toEqual({ from: 'STC', to: 'CT-HN', reason: 'Đúng chức năng' });
    expect(reassigned.event.notifications.map((message) => [message.recipientAgency, message.kind])).toEqual([
      ['CT-HN', 'assigned'],
      ['STC', 'reassigned'],
    ]);
    expect(taskCommandRefusal(reassigned.state, command, facts)).toBe('Nhiệm vụ đang do chính cơ quan này chủ trì.');
  });

  it('counts the escalation level as the ladder steps fired, and marks each alarm fired once', () => {
    const first = applyTaskAlarm(working, { key: 'escalation-1', kind: 'escalation', atMs: 0, index: 1, to: 'agency_head' }, facts);
    expect(first.state).toMatchObject({ escalationLevel: 1, escalatedTo: 'agency_head', firedAlarms: ['escalation-1'] });
    const second = applyTaskAlarm(first.state, { key: 'escalation-0', kind: 'escalation', atMs: 0, index: 0, to: 'coordinator' }, facts);
    expect(second.state).toMatchObject({ escalationLevel: 2, escalatedTo: 'coordinator' });
    expect(second.event).toMatchObject({ type: 'escalated', actor: { sub: 'system' }, payload: { level: 2, to: 'coordinator', dueAt: working.dueAt } });
    const reminder = applyTaskAlarm(working, { key: 'reminder-1', kind: 'reminder', atMs: 0, index: 1 }, facts);
    expect(reminder.event).toMatchObject({ type: 'reminder_sent', payload: { before: '3wd' } });
  });
});
