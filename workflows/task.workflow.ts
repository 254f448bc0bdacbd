import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
  type defineUpdate,
} from '@temporalio/workflow';
import type { TaskActivities } from '../activities/task-projection.activities';
import type { CalendarSnapshot } from '../libs/domain/src/calendar/working-calendar';
import { parsePolicy, type ParsedPolicy } from '../libs/domain/src/policy/policy';
import {
  ACKNOWLEDGE_ALARM_KEYS,
  isDueBoundAlarm,
  nextAlarm,
  type Alarm,
} from '../libs/domain/src/task/alarms';
import { isLeadAgencyCommand } from '../libs/domain/src/task/task-access';
import { SYSTEM_ACTOR, type Actor, type TaskEventType } from '../libs/domain/src/task/task-events';
import { nextStatus, refusalReason, type TaskCommandType } from '../libs/domain/src/task/task-lifecycle';
import { notificationsFor, type NotificationMessage } from '../libs/domain/src/task/notification-text';
import { isOpenStatus } from '../libs/domain/src/task/task-status';
import { COORDINATING_AGENCY_CODE } from '../libs/domain/src/agency/hanoi-directory';
import {
  COMMAND_REFUSED_FAILURE,
  acceptUpdate,
  acknowledgeUpdate,
  approveExtensionUpdate,
  assignedEventPayload,
  cancelUpdate,
  initialTaskState,
  reassignUpdate,
  rejectExtensionUpdate,
  reportProgressUpdate,
  requestExtensionUpdate,
  returnUpdate,
  submitUpdate,
  taskStateQuery,
  type CommandMeta,
  type TaskState,
  type TaskWorkflowInput,
} from '../libs/contracts/src/task-workflow.contract';

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;
const remoteActivities = proxyActivities<TaskActivities>(ACTIVITY_OPTIONS);
/**
 * Projections and calendar loads are short database calls: run as local activities they need no
 * round trip through the server, so a freshly issued plan's hundreds of tasks settle several times
 * faster and updates answer sooner. Histories recorded with the remote ones replay without the patch.
 */
const localActivities = proxyLocalActivities<TaskActivities>(ACTIVITY_OPTIONS);
const LOCAL_ACTIVITIES_PATCH = 'local-projection-activities-v2';
/** Updates wake the timer loop as soon as they change the state, not once their event is recorded. */
const REPLAN_AT_ONCE_PATCH = 'replan-at-once-v3';

/** Histories recorded before timers existed replay without them (see test/replay). */
const LIFECYCLE_TIMERS_PATCH = 'lifecycle-timers-v1';
const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

/**
 * One assigned task, from `assigned` to `completed` or `cancelled`. Temporal owns its live state:
 * it sleeps until the next alarm of its policy (reminders, overdue, escalations, counted in working
 * days of the calendar it loads through an activity), and wakes early when an update changes what
 * is due. Every change is projected to PostgreSQL, with its notifications, before the update that
 * caused it answers, so the API reads its own writes.
 */
export async function taskWorkflow(input: TaskWorkflowInput, carried?: TaskState): Promise<TaskState> {
  const { workflowId } = workflowInfo();
  const { recordTaskEvent, loadCalendar } = patched(LOCAL_ACTIVITIES_PATCH) ? localActivities : remoteActivities;
  const replanAtOnce = patched(REPLAN_AT_ONCE_PATCH);
  const state: TaskState = carried ?? initialTaskState(input);
  let replanRequested = false;
  let calendarStale = true;
  // An update can be delivered before the workflow function has run; it waits, so `assigned` is always event 1.
  let started = false;

  const taskContext = () => ({
    title: input.title,
    leadAgency: state.leadAgency,
    dueAt: state.dueAt,
    coordinatingAgency: COORDINATING_AGENCY_CODE,
  });

  async function record(
    type: TaskEventType,
    actor: Actor,
    payload: Record<string, unknown>,
    notifications: NotificationMessage[] = [],
    at?: string,
  ): Promise<void> {
    state.eventSeq += 1;
    const event = {
      workflowId,
      seq: state.eventSeq,
      taskId: input.taskId,
      type,
      at: at ?? new Date().toISOString(), // workflow time: deterministic on replay
      actor,
      payload,
    };
    await recordTaskEvent({ event, projection: { input, state: { ...state } }, notifications });
  }

  function refuse(message: string): never {
    throw ApplicationFailure.create({ type: COMMAND_REFUSED_FAILURE, message, nonRetryable: true });
  }

  function refuseUnlessAllowed(command: TaskCommandType, meta: CommandMeta): void {
    const reason = refusalReason(state.status, command);
    if (reason) refuse(reason);
    // The API checks access too; this is the last word, against the live lead agency.
    if (isLeadAgencyCommand(command) && meta.actor.agency !== state.leadAgency) {
      refuse('Chỉ cơ quan chủ trì nhiệm vụ mới được thực hiện thao tác này.');
    }
  }

  /** Registers an update whose validator refuses what the lifecycle forbids, then applies it. */
  function onCommand<A extends CommandMeta, R = TaskState>(
    update: ReturnType<typeof defineUpdate<R, [A]>>,
    command: TaskCommandType,
    apply: (args: A) => Promise<R | void>,
    validate: (args: A) => void = () => undefined,
  ): void {
    setHandler(
      update,
      async (args: A) => {
        if (!started) {
          await condition(() => started);
          // The state may have moved while this update waited: check again.
          refuseUnlessAllowed(command, args);
          validate(args);
        }
        // Mutate synchronously, before awaiting, so a concurrent update's validator sees the new state.
        state.status = nextStatus(state.status, command);
        const applied = apply(args); // changes the state at once, then records it
        // Re-plan at once: a timer planned from the old state must not fire while the event is recorded.
        if (replanAtOnce) replanRequested = true;
        const result = await applied;
        replanRequested = true;
        return (result ?? { ...state }) as R;
      },
      {
        validator: (args: A) => {
          refuseUnlessAllowed(command, args);
          validate(args);
        },
      },
    );
  }

  onCommand(acknowledgeUpdate, 'acknowledge', ({ actor }) => record('acknowledged', actor, {}));
  onCommand(reportProgressUpdate, 'report_progress', ({ actor, percent, note }) => {
    state.progressPercent = percent;
    return record('progress_reported', actor, { percent, note });
  });
  onCommand(submitUpdate, 'submit', ({ actor, summary, evidence }) => {
    state.progressPercent = 100;
    state.submittedAt = new Date().toISOString();
    return record('submitted', actor, { summary, ...(evidence ? { evidence } : {}) }, notificationsFor.submitted(taskContext()));
  });
  onCommand(acceptUpdate, 'accept', ({ actor, note }) => {
    // Done when the accepted work was submitted: the coordinator's review time is not the agency's delay.
    state.completedAt = state.submittedAt ?? new Date().toISOString();
    return record('completed', actor, note ? { note } : {}, notificationsFor.completed(taskContext()));
  });
  onCommand(returnUpdate, 'return', ({ actor, reason }) => {
    state.submittedAt = null;
    return record('returned', actor, { reason }, notificationsFor.returned(taskContext(), reason));
  });
  onCommand(cancelUpdate, 'cancel', ({ actor, reason }) =>
    record('cancelled', actor, { reason }, notificationsFor.cancelled(taskContext(), reason)),
  );

  onCommand(
    requestExtensionUpdate,
    'request_extension',
    async ({ actor, newDueAt, reason }) => {
      const requestId = `ext-${state.extensions.length + 1}`;
      const requestedAt = new Date().toISOString();
      state.extensions.push({ id: requestId, newDueAt, reason, requestedAt, requestedBy: actor, status: 'pending' });
      await record('extension_requested', actor, { requestId, newDueAt, reason }, notificationsFor.extensionRequested(taskContext(), newDueAt, reason));
      return { requestId, state: { ...state } };
    },
    ({ newDueAt }) => {
      if (state.extensions.some((request) => request.status === 'pending')) refuse('Đã có một đề nghị gia hạn đang chờ quyết định.');
      const granted = state.extensions.filter((request) => request.status === 'approved').length;
      if (granted >= input.policy.maxExtensions) {
        refuse(`Nhiệm vụ đã được gia hạn ${granted} lần, tối đa ${input.policy.maxExtensions} lần theo quy định của kế hoạch.`);
      }
      if (!(Date.parse(newDueAt) > Date.parse(state.dueAt))) refuse('Hạn mới phải sau hạn hiện tại.');
    },
  );

  const pendingExtension = (requestId: string) => {
    const request = state.extensions.find((candidate) => candidate.id === requestId);
    if (!request) refuse(`Không có đề nghị gia hạn "${requestId}".`);
    if (request.status !== 'pending') refuse('Đề nghị gia hạn này đã được quyết định.');
    return request;
  };

  onCommand(
    approveExtensionUpdate,
    'decide_extension',
    ({ actor, requestId, note }) => {
      const request = pendingExtension(requestId);
      const previousDueAt = state.dueAt;
      request.status = 'approved';
      request.decidedAt = new Date().toISOString();
      state.dueAt = request.newDueAt;
      state.dueSetAt = request.decidedAt;
      // The new date re-opens overdue and the ladder; reminders already sent are not sent again.
      state.firedAlarms = state.firedAlarms.filter((key) => !isDueBoundAlarm(key));
      state.escalationLevel = 0;
      state.escalatedTo = null;
      calendarStale = true;
      return record(
        'extension_approved',
        actor,
        { requestId, previousDueAt, newDueAt: state.dueAt, ...(note ? { note } : {}) },
        notificationsFor.extensionApproved(taskContext()),
      );
    },
    ({ requestId }) => void pendingExtension(requestId),
  );

  onCommand(
    rejectExtensionUpdate,
    'decide_extension',
    ({ actor, requestId, reason }) => {
      const request = pendingExtension(requestId);
      request.status = 'rejected';
      request.decidedAt = new Date().toISOString();
      request.decisionReason = reason;
      return record('extension_rejected', actor, { requestId, ...(reason ? { reason } : {}) }, notificationsFor.extensionRejected(taskContext(), reason));
    },
    ({ requestId }) => void pendingExtension(requestId),
  );

  onCommand(
    reassignUpdate,
    'reassign',
    ({ actor, agency, reason }) => {
      const formerLead = state.leadAgency;
      state.leadAgency = agency;
      state.coordinatingAgencies = state.coordinatingAgencies.filter((code) => code !== agency);
      state.acknowledgeClockFrom = new Date().toISOString();
      state.firedAlarms = state.firedAlarms.filter((key) => !ACKNOWLEDGE_ALARM_KEYS.includes(key));
      return record('reassigned', actor, { from: formerLead, to: agency, reason }, [
        ...notificationsFor.assigned(taskContext()),
        ...notificationsFor.reassignedAway(taskContext(), formerLead, reason),
      ]);
    },
    ({ agency }) => {
      if (agency === state.leadAgency) refuse('Nhiệm vụ đang do chính cơ quan này chủ trì.');
    },
  );

  setHandler(taskStateQuery, () => ({ ...state }));

  const assigned = carried ? Promise.resolve() : record('assigned', input.assignedBy, assignedEventPayload(input), [], input.assignedAt);
  started = true;
  await assigned;

  if (!patched(LIFECYCLE_TIMERS_PATCH)) {
    // A run recorded before the lifecycle timers: it only waits for commands.
    await condition(() => !isOpenStatus(state.status));
    await condition(allHandlersFinished);
    return { ...state };
  }

  const policy: ParsedPolicy = parsePolicy(input.policy);
  let calendar: CalendarSnapshot | undefined;
  const historyLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;

  while (isOpenStatus(state.status)) {
    if (calendarStale || !calendar) {
      // Reloaded at every re-plan, so an admin's calendar change reaches running tasks.
      const years = [Date.now(), Date.parse(state.dueAt)].map((ms) => new Date(ms + 7 * 3600_000).getUTCFullYear());
      calendar = await loadCalendar({ fromYear: Math.min(...years) - 1, toYear: Math.max(...years) + 1 });
      calendarStale = false;
    }
    const alarm = nextAlarm({
      status: state.status,
      dueAtMs: Date.parse(state.dueAt),
      acknowledgeClockFromMs: Date.parse(state.acknowledgeClockFrom),
      dueSetAtMs: Date.parse(state.dueSetAt),
      nowMs: Date.now(),
      firedAlarms: state.firedAlarms,
      policy,
      calendar,
    });
    replanRequested = false;
    const wokenEarly = alarm
      ? await condition(() => replanRequested, Math.max(alarm.atMs - Date.now(), 1))
      : await condition(() => replanRequested);
    if (!wokenEarly && alarm && isOpenStatus(state.status)) {
      await fire(alarm);
      calendarStale = true;
    }
    if (isOpenStatus(state.status) && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof taskWorkflow>(input, { ...state });
    }
  }
  await condition(allHandlersFinished);
  return { ...state };

  async function fire(alarm: Alarm): Promise<void> {
    state.firedAlarms = [...state.firedAlarms, alarm.key];
    const task = taskContext();
    switch (alarm.kind) {
      case 'acknowledge_reminder':
        return record('acknowledge_reminder_sent', SYSTEM_ACTOR, {}, notificationsFor.acknowledgeReminder(task));
      case 'acknowledge_escalation':
        return record('escalated', SYSTEM_ACTOR, { reason: 'not_acknowledged', to: 'agency_head' }, notificationsFor.acknowledgeEscalation(task));
      case 'reminder':
        return record('reminder_sent', SYSTEM_ACTOR, { before: input.policy.remindBefore[alarm.index ?? 0], dueAt: state.dueAt }, notificationsFor.reminder(task));
      case 'overdue':
        return record('overdue', SYSTEM_ACTOR, { dueAt: state.dueAt }, notificationsFor.overdue(task));
      case 'escalation': {
        // The level counts the steps fired (DESIGN §4), whatever the order of their offsets.
        const level = state.firedAlarms.filter((key) => key.startsWith('escalation-')).length;
        state.escalationLevel = level;
        state.escalatedTo = alarm.to ?? null;
        return record('escalated', SYSTEM_ACTOR, { level, to: alarm.to, dueAt: state.dueAt }, notificationsFor.escalation(task, alarm.to!, level));
      }
    }
  }
}
