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
} from '@temporalio/workflow';
import type { ReportingRoundActivities } from '../activities/reporting-round.activities';
import type { TaskActivities } from '../activities/task-projection.activities';
import type { CalendarSnapshot } from '../libs/domain/src/calendar/working-calendar';
import { applyDeadline, applyReport, missingParticipants, roundCommandRefusal, type RoundCommand, type RoundEventType } from '../libs/domain/src/reporting/round';
import { nextRoundAlarm, type RoundAlarm } from '../libs/domain/src/reporting/round-alarms';
import { roundNotificationsFor, type RoundNotificationContext } from '../libs/domain/src/reporting/round-notifications';
import { parseRoundPolicy } from '../libs/domain/src/reporting/round-policy';
import { SYSTEM_ACTOR, type Actor } from '../libs/domain/src/task/task-events';
import type { NotificationMessage } from '../libs/domain/src/task/notification-text';
import {
  ROUND_COMMAND_REFUSED_FAILURE,
  closeRoundUpdate,
  initialReportingRoundState,
  roundStateQuery,
  submitRoundReportUpdate,
  type ReportingRoundInput,
  type ReportingRoundState,
  type RoundReportRecord,
} from '../libs/contracts/src/reporting-round.contract';
import type { CommandMeta } from '../libs/contracts/src/task-workflow.contract';

const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;
type RoundActivities = ReportingRoundActivities & TaskActivities;
/** Short database calls run as local activities (no round trip through the server); older histories replay without. */
const LOCAL_ACTIVITIES_PATCH = 'round-local-activities-v2';
const remoteActivities = proxyActivities<RoundActivities>(ACTIVITY_OPTIONS);
const localActivities = proxyLocalActivities<RoundActivities>(ACTIVITY_OPTIONS);

const DEFAULT_HISTORY_EVENT_LIMIT = 10_000;

/**
 * One reporting round (the 10/12 round of a plan, or one the coordinator opens): Temporal owns its live
 * state. It sleeps until the next alarm of its policy — reminders to those who have not reported, the
 * deadline (they turn `late`), the escalation ladder naming them — counted in working days of the
 * calendar it loads through an activity, and wakes early when a report changes who is missing. Reports,
 * amendments and closing are updates whose validators refuse what the round does not allow; every change
 * is projected to PostgreSQL, with its notifications and the report itself, before the update answers.
 */
export async function reportingRoundWorkflow(input: ReportingRoundInput, carried?: ReportingRoundState): Promise<ReportingRoundState> {
  const { workflowId } = workflowInfo();
  const { recordRoundEvent, loadCalendar } = patched(LOCAL_ACTIVITIES_PATCH) ? localActivities : remoteActivities;
  const state: ReportingRoundState = carried ?? initialReportingRoundState(input);
  const dueAtMs = Date.parse(input.dueAt);
  const context: RoundNotificationContext = {
    title: input.title,
    dueText: input.dueText,
    coordinatorAgency: input.coordinatorAgency,
    agencyNames: input.agencyNames,
  };
  let replanRequested = false;
  // An update delivered before the workflow function has run waits, so `opened` is always event 1.
  let started = false;

  const snapshot = (): ReportingRoundState => ({ ...state, participants: state.participants.map((participant) => ({ ...participant })) });

  async function record(
    type: RoundEventType,
    actor: Actor,
    payload: Record<string, unknown>,
    notifications: NotificationMessage[] = [],
    report: RoundReportRecord | null = null,
    at?: string,
  ): Promise<void> {
    state.eventSeq += 1;
    const event = {
      workflowId,
      seq: state.eventSeq,
      roundId: input.roundId,
      type,
      at: at ?? new Date().toISOString(), // workflow time: deterministic on replay
      actor,
      payload,
    };
    await recordRoundEvent({ event, projection: { input, state: snapshot() }, report, notifications });
  }

  function refuseUnlessAllowed(command: RoundCommand, meta: CommandMeta): void {
    const reason = roundCommandRefusal(state, command, meta.actor);
    if (reason) throw ApplicationFailure.create({ type: ROUND_COMMAND_REFUSED_FAILURE, message: reason, nonRetryable: true });
  }

  setHandler(
    submitRoundReportUpdate,
    async ({ actor, content, indicatorActuals, attachments }) => {
      if (!started) {
        await condition(() => started);
        refuseUnlessAllowed('submit_report', { actor }); // the round may have closed meanwhile
      }
      const agency = actor.agency!;
      const index = state.participants.findIndex((participant) => participant.agency === agency);
      const before = state.participants[index];
      const nowMs = Date.now();
      // Mutate synchronously, before awaiting, so a concurrent update's validator sees the new state.
      const after = applyReport(before, nowMs, dueAtMs);
      state.participants[index] = after;
      replanRequested = true;
      const amended = before.reportVersion > 0;
      const late = after.status === 'submitted_late';
      const report: RoundReportRecord = {
        agency,
        version: after.reportVersion,
        content,
        indicatorActuals,
        attachments,
        submittedAt: after.lastReportedAt!,
        submittedBy: actor,
        late: amended ? nowMs >= dueAtMs : late,
      };
      await record(
        amended ? 'report_amended' : 'report_submitted',
        actor,
        { agency, version: report.version, late: report.late, status: after.status, indicatorActuals: indicatorActuals.length, attachments: attachments.length },
        amended ? roundNotificationsFor.amended(context, agency, report.version) : roundNotificationsFor.submitted(context, agency, late),
        report,
        report.submittedAt,
      );
      return { agency, version: report.version, amended, state: snapshot() };
    },
    { validator: ({ actor }) => refuseUnlessAllowed('submit_report', { actor }) },
  );

  setHandler(
    closeRoundUpdate,
    async ({ actor, note }) => {
      if (!started) {
        await condition(() => started);
        refuseUnlessAllowed('close', { actor });
      }
      state.status = 'closed';
      state.closedAt = new Date().toISOString();
      state.closedBy = actor;
      replanRequested = true;
      const missing = missingParticipants(state.participants).map((participant) => participant.agency);
      await record('closed', actor, { missing, ...(note ? { note } : {}) }, [], null, state.closedAt);
      return snapshot();
    },
    { validator: ({ actor }) => refuseUnlessAllowed('close', { actor }) },
  );

  setHandler(roundStateQuery, () => snapshot());

  const opened = carried
    ? Promise.resolve()
    : record('opened', input.openedBy, { dueAt: input.dueAt, participants: input.participants, policy: input.policy }, roundNotificationsFor.opened(context, input.participants), null, input.openedAt);
  started = true;
  await opened;

  const policy = parseRoundPolicy(input.policy);
  let calendar: CalendarSnapshot | undefined;
  let calendarStale = true;
  const historyLimit = input.historyEventLimit ?? DEFAULT_HISTORY_EVENT_LIMIT;

  while (state.status === 'open') {
    if (calendarStale || !calendar) {
      // Reloaded after every alarm, so an admin's calendar change reaches a running round.
      const years = [Date.now(), dueAtMs].map((ms) => new Date(ms + 7 * 3600_000).getUTCFullYear());
      calendar = await loadCalendar({ fromYear: Math.min(...years) - 1, toYear: Math.max(...years) + 1 });
      calendarStale = false;
    }
    const alarm = nextRoundAlarm({
      status: state.status,
      dueAtMs,
      openedAtMs: Date.parse(input.openedAt),
      nowMs: Date.now(),
      participants: state.participants,
      firedAlarms: state.firedAlarms,
      policy,
      calendar,
    });
    replanRequested = false;
    const wokenEarly = alarm
      ? await condition(() => replanRequested, Math.max(alarm.atMs - Date.now(), 1))
      : await condition(() => replanRequested);
    if (!wokenEarly && alarm && state.status === 'open') {
      await fire(alarm);
      calendarStale = true;
    }
    if (state.status === 'open' && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > historyLimit)) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof reportingRoundWorkflow>(input, snapshot());
    }
  }
  await condition(allHandlersFinished);
  return snapshot();

  async function fire(alarm: RoundAlarm): Promise<void> {
    state.firedAlarms = [...state.firedAlarms, alarm.key];
    switch (alarm.kind) {
      case 'reminder': {
        const missing = missingParticipants(state.participants).map((participant) => participant.agency);
        return record('reminder_sent', SYSTEM_ACTOR, { before: input.policy.remindBefore[alarm.index ?? 0], missing }, roundNotificationsFor.reminder(context, missing));
      }
      case 'deadline': {
        const { participants, late } = applyDeadline(state.participants);
        state.participants = participants;
        return record('deadline_passed', SYSTEM_ACTOR, { dueAt: input.dueAt, late }, roundNotificationsFor.deadline(context, late));
      }
      case 'escalation': {
        const level = (alarm.index ?? 0) + 1;
        const to = alarm.to!;
        const missing = missingParticipants(state.participants).map((participant) => participant.agency);
        state.escalationLevel = Math.max(state.escalationLevel, level);
        state.escalatedTo = to;
        return record(
          'escalated',
          SYSTEM_ACTOR,
          { level, to, missing },
          roundNotificationsFor.escalation(context, to, level, missing, state.participants.length, Date.now()),
        );
      }
    }
  }
}
