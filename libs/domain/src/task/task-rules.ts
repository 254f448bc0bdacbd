import { COORDINATING_AGENCY_CODE } from '../agency/hanoi-directory';
import type { CalendarSnapshot } from '../calendar/working-calendar';
import type { ParsedPolicy, TaskPolicy } from '../policy/policy';
import { ACKNOWLEDGE_ALARM_KEYS, isDueBoundAlarm, nextAlarm, type Alarm } from './alarms';
import { isLeadAgencyCommand } from './task-access';
import { SYSTEM_ACTOR, type Actor, type EventDraft } from './task-events';
import { nextStatus, refusalReason, type TaskCommandType } from './task-lifecycle';
import { notificationsFor, type NotificationTaskContext } from './notification-text';
import type { ExtensionRequest, TaskAssignment, TaskState } from './task-state';

/**
 * The rules of a live task (DESIGN.md §2 "Task lifecycle", "Policy"), as pure functions over its state:
 * whether a command is refused, and what a command or a fired alarm changes and records. The task
 * workflow applies them; it decides nothing itself.
 */
export type TaskCommand = {
  actor: Actor;
  /** When the API received the command (ISO 8601); the workflow dates the command by it, bounded (received-at.ts). */
  receivedAt?: string;
} & (
  | { type: 'acknowledge' }
  | { type: 'report_progress'; percent: number; note: string }
  | { type: 'submit'; summary: string; evidence?: string }
  | { type: 'accept'; note?: string }
  | { type: 'return'; reason: string }
  | { type: 'cancel'; reason: string }
  | { type: 'request_extension'; newDueAt: string; reason: string }
  | { type: 'approve_extension'; requestId: string; note?: string }
  | { type: 'reject_extension'; requestId: string; reason?: string }
  | {
      type: 'reassign';
      agency: string;
      reason: string;
      /** A reorganisation moving the task (issue 11): named in the event; it may rewrite the coordinating agencies. */
      reorganization?: { id: string; title: string; fanOut?: string[] };
      coordinatingAgencies?: string[];
    }
);

/** What the rules need to know of the task beyond its state (the workflow input has it). */
export interface TaskFacts {
  title: string;
  policy: TaskPolicy;
  /** The coordinating office when the task was assigned (the directory's; SKHDT for tasks from before issue 11). */
  coordinatorAgency?: string;
}

/** The new state and the event that records the change. */
export interface TaskChange {
  state: TaskState;
  event: EventDraft;
  /** The due date in force moved: every timer is planned again from it. */
  dueDateMoved?: boolean;
  /** The id a new extension request got. */
  requestId?: string;
}

/** The lifecycle command (as the lifecycle and access rules name it) a command is. */
export function lifecycleCommand(type: TaskCommand['type']): TaskCommandType {
  return type === 'approve_extension' || type === 'reject_extension' ? 'decide_extension' : type;
}

/**
 * Why `command` is refused in `state` (Vietnamese, shown to the user with a 409), or null when allowed.
 * The API checks access too; this is the last word, against the live lead agency.
 */
export function taskCommandRefusal(state: TaskState, command: TaskCommand, facts: TaskFacts): string | null {
  const lifecycle = lifecycleCommand(command.type);
  const refusal = refusalReason(state.status, lifecycle);
  if (refusal) return refusal;
  if (isLeadAgencyCommand(lifecycle) && command.actor.agency !== state.leadAgency) {
    return 'Chỉ cơ quan chủ trì nhiệm vụ mới được thực hiện thao tác này.';
  }
  switch (command.type) {
    case 'request_extension':
      return extensionRequestRefusal(state, command.newDueAt, facts.policy.maxExtensions);
    case 'approve_extension':
    case 'reject_extension':
      return extensionDecisionRefusal(state, command.requestId);
    case 'reassign':
      return command.agency === state.leadAgency && !coordinatingRewrite(state, command.coordinatingAgencies)
        ? 'Nhiệm vụ đang do chính cơ quan này chủ trì.'
        : null;
    default:
      return null;
  }
}

/** The new coordinating agencies when `requested` differs from the task's, else null. */
function coordinatingRewrite(state: TaskState, requested: readonly string[] | undefined): string[] | null {
  if (!requested) return null;
  const same = requested.length === state.coordinatingAgencies.length && requested.every((code, i) => code === state.coordinatingAgencies[i]);
  return same ? null : [...requested];
}

/** One pending request at a time, at most `maxExtensions` approved, and the new date after the current one. */
export function extensionRequestRefusal(state: TaskState, newDueAt: string, maxExtensions: number): string | null {
  if (state.extensions.some((request) => request.status === 'pending')) return 'Đã có một đề nghị gia hạn đang chờ quyết định.';
  const granted = state.extensions.filter((request) => request.status === 'approved').length;
  if (granted >= maxExtensions) {
    return `Nhiệm vụ đã được gia hạn ${granted} lần, tối đa ${maxExtensions} lần theo quy định của kế hoạch.`;
  }
  if (!(Date.parse(newDueAt) > Date.parse(state.dueAt))) return 'Hạn mới phải sau hạn hiện tại.';
  return null;
}

/** Only a pending request can be approved or rejected. */
export function extensionDecisionRefusal(state: TaskState, requestId: string): string | null {
  const request = state.extensions.find((candidate) => candidate.id === requestId);
  if (!request) return `Không có đề nghị gia hạn "${requestId}".`;
  if (request.status !== 'pending') return 'Đề nghị gia hạn này đã được quyết định.';
  return null;
}

function notificationContext(state: TaskState, facts: TaskFacts): NotificationTaskContext {
  return { title: facts.title, leadAgency: state.leadAgency, dueAt: state.dueAt, coordinatingAgency: facts.coordinatorAgency ?? COORDINATING_AGENCY_CODE };
}

function recorded(state: TaskState, actor: Actor, type: EventDraft['type'], payload: Record<string, unknown>, notifications: EventDraft['notifications']): TaskChange {
  return { state, event: { type, actor, payload, notifications } };
}

/** `state` with `requestId` decided (approved or rejected) at `at`. */
function decideExtension(state: TaskState, requestId: string, decision: Partial<ExtensionRequest>): { extensions: ExtensionRequest[]; request: ExtensionRequest } {
  const index = state.extensions.findIndex((candidate) => candidate.id === requestId);
  if (index < 0) throw new Error(`No extension request ${requestId}: check taskCommandRefusal first`);
  const request = { ...state.extensions[index], ...decision };
  return { extensions: state.extensions.map((candidate, at) => (at === index ? request : candidate)), request };
}

/**
 * What `command`, given at `atMs` (workflow time), changes and records. Call only when
 * `taskCommandRefusal` is null.
 */
export function applyTaskCommand(state: TaskState, command: TaskCommand, facts: TaskFacts, atMs: number): TaskChange {
  const at = new Date(atMs).toISOString();
  const { actor } = command;
  const moved: TaskState = { ...state, status: nextStatus(state.status, lifecycleCommand(command.type)) };
  // Messages name the task as it is after the change (the new lead agency, the new due date).
  const change = (next: TaskState, type: EventDraft['type'], payload: Record<string, unknown>, notify?: (task: NotificationTaskContext) => EventDraft['notifications']) =>
    recorded(next, actor, type, payload, notify ? notify(notificationContext(next, facts)) : []);

  switch (command.type) {
    case 'acknowledge':
      return change(moved, 'acknowledged', {});
    case 'report_progress':
      return change({ ...moved, progressPercent: command.percent }, 'progress_reported', { percent: command.percent, note: command.note });
    case 'submit': {
      const { summary, evidence } = command;
      return change({ ...moved, progressPercent: 100, submittedAt: at }, 'submitted', { summary, ...(evidence ? { evidence } : {}) }, notificationsFor.submitted);
    }
    case 'accept':
      // Done when the accepted work was submitted: the coordinator's review time is not the agency's delay.
      return change({ ...moved, completedAt: state.submittedAt ?? at }, 'completed', command.note ? { note: command.note } : {}, notificationsFor.completed);
    case 'return':
      return change({ ...moved, submittedAt: null }, 'returned', { reason: command.reason }, (task) => notificationsFor.returned(task, command.reason));
    case 'cancel':
      return change(moved, 'cancelled', { reason: command.reason }, (task) => notificationsFor.cancelled(task, command.reason));
    case 'request_extension': {
      const { newDueAt, reason } = command;
      const requestId = `ext-${state.extensions.length + 1}`;
      const request: ExtensionRequest = { id: requestId, newDueAt, reason, requestedAt: at, requestedBy: actor, status: 'pending' };
      const next = { ...moved, extensions: [...state.extensions, request] };
      const notify = (task: NotificationTaskContext) => notificationsFor.extensionRequested(task, newDueAt, reason);
      return { ...change(next, 'extension_requested', { requestId, newDueAt, reason }, notify), requestId };
    }
    case 'approve_extension': {
      const { requestId, note } = command;
      const { extensions, request } = decideExtension(state, requestId, { status: 'approved', decidedAt: at });
      const next: TaskState = {
        ...moved,
        extensions,
        dueAt: request.newDueAt,
        dueSetAt: at,
        // The new date re-opens overdue and the ladder; reminders already sent are not sent again.
        firedAlarms: state.firedAlarms.filter((key) => !isDueBoundAlarm(key)),
        escalationLevel: 0,
        escalatedTo: null,
      };
      const payload = { requestId, previousDueAt: state.dueAt, newDueAt: next.dueAt, ...(note ? { note } : {}) };
      return { ...change(next, 'extension_approved', payload, notificationsFor.extensionApproved), dueDateMoved: true };
    }
    case 'reject_extension': {
      const { requestId, reason } = command;
      const { extensions } = decideExtension(state, requestId, { status: 'rejected', decidedAt: at, decisionReason: reason });
      const notify = (task: NotificationTaskContext) => notificationsFor.extensionRejected(task, reason);
      return change({ ...moved, extensions }, 'extension_rejected', { requestId, ...(reason ? { reason } : {}) }, notify);
    }
    case 'reassign': {
      const { agency, reason, reorganization } = command;
      const coordinating = coordinatingRewrite(state, command.coordinatingAgencies) ?? state.coordinatingAgencies;
      const leadChanged = agency !== state.leadAgency;
      const next: TaskState = {
        ...moved,
        leadAgency: agency,
        coordinatingAgencies: coordinating.filter((code) => code !== agency),
        ...(leadChanged
          ? {
              acknowledgeClockFrom: at,
              // The new lead agency gets its own acknowledge reminder and escalation.
              firedAlarms: state.firedAlarms.filter((key) => !ACKNOWLEDGE_ALARM_KEYS.includes(key)),
            }
          : {}),
      };
      const notify = (task: NotificationTaskContext) =>
        leadChanged ? [...notificationsFor.assigned(task), ...notificationsFor.reassignedAway(task, state.leadAgency, reason)] : [];
      const payload: Record<string, unknown> = { from: state.leadAgency, to: agency, reason };
      if (reorganization) payload.reorganization = reorganization;
      if (command.coordinatingAgencies) payload.coordinatingAgencies = next.coordinatingAgencies;
      return change(next, 'reassigned', payload, notify);
    }
  }
}

/** The next alarm of the task in `state`, planned at `nowMs` on `calendar`. */
export function nextTaskAlarm(state: TaskState, policy: ParsedPolicy, calendar: CalendarSnapshot, nowMs: number): Alarm | undefined {
  return nextAlarm({
    status: state.status,
    dueAtMs: Date.parse(state.dueAt),
    acknowledgeClockFromMs: Date.parse(state.acknowledgeClockFrom),
    dueSetAtMs: Date.parse(state.dueSetAt),
    nowMs,
    firedAlarms: state.firedAlarms,
    policy,
    calendar,
  });
}

/** What a fired alarm changes and records (marking it fired, so it never fires twice). */
export function applyTaskAlarm(state: TaskState, alarm: Alarm, facts: TaskFacts): TaskChange {
  const fired: TaskState = { ...state, firedAlarms: [...state.firedAlarms, alarm.key] };
  const task = notificationContext(fired, facts);
  const change = (next: TaskState, type: EventDraft['type'], payload: Record<string, unknown>, notifications: EventDraft['notifications']) =>
    recorded(next, SYSTEM_ACTOR, type, payload, notifications);
  switch (alarm.kind) {
    case 'acknowledge_reminder':
      return change(fired, 'acknowledge_reminder_sent', {}, notificationsFor.acknowledgeReminder(task));
    case 'acknowledge_escalation':
      return change(fired, 'escalated', { reason: 'not_acknowledged', to: 'agency_head' }, notificationsFor.acknowledgeEscalation(task));
    case 'reminder':
      return change(fired, 'reminder_sent', { before: facts.policy.remindBefore[alarm.index ?? 0], dueAt: state.dueAt }, notificationsFor.reminder(task));
    case 'overdue':
      return change(fired, 'overdue', { dueAt: state.dueAt }, notificationsFor.overdue(task));
    case 'escalation': {
      // The level counts the steps fired (DESIGN §4), whatever the order of their offsets.
      const level = fired.firedAlarms.filter((key) => key.startsWith('escalation-')).length;
      const next: TaskState = { ...fired, escalationLevel: level, escalatedTo: alarm.to ?? null };
      return change(next, 'escalated', { level, to: alarm.to, dueAt: state.dueAt }, notificationsFor.escalation(task, alarm.to!, level));
    }
  }
}

/**
 * The task's first event: who assigned it to whom, by when (the API writes the same one eagerly), and the
 * `assigned` notice to the lead agency (its officers and clerk receive it; a reassignment sends the same).
 * A task a reorganisation split off for a successor names the reorganisation (issue 11).
 */
export function taskAssignedEvent(
  assignment: TaskAssignment & Pick<TaskFacts, 'title' | 'coordinatorAgency'> & { assignedBy: Actor; reorganization?: TaskSplitOrigin },
): EventDraft {
  const { leadAgency, coordinatingAgencies, dueAt, reorganization } = assignment;
  const payload: Record<string, unknown> = { leadAgency, coordinatingAgencies, dueAt };
  if (reorganization) Object.assign(payload, { reason: reorganization.reason, reorganization: { id: reorganization.id, title: reorganization.title }, from: reorganization.from, fromTaskId: reorganization.fromTaskId });
  const notifications = notificationsFor.assigned({
    title: assignment.title,
    leadAgency,
    dueAt,
    coordinatingAgency: assignment.coordinatorAgency ?? COORDINATING_AGENCY_CODE,
  });
  return { type: 'assigned', actor: assignment.assignedBy, payload, notifications, at: assignment.assignedAt };
}

/** Where a task split off by a reorganisation (`openTasksTo: "each"`) comes from. */
export interface TaskSplitOrigin {
  id: string;
  title: string;
  reason: string;
  /** The abolished agency that led the original task, and that task. */
  from: string;
  fromTaskId: string;
}
