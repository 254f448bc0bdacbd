import { continueAsNew, patched } from '@temporalio/workflow';
import type { ReportingRoundActivities } from '../activities/reporting-round.activities';
import type { TaskActivities } from '../activities/task-projection.activities';
import { participantReplacementRefusal, roundCommandRefusal } from '../libs/domain/src/reporting/round';
import { parseRoundPolicy } from '../libs/domain/src/reporting/round-policy';
import {
  applyRoundAlarm,
  applyRoundReport,
  closeRound,
  copyRoundState,
  initialReportingRoundState,
  nextRoundAlarmOf,
  replaceRoundParticipants,
  roundOpenedEvent,
  type ReportingRoundState,
  type RoundEventDraft,
} from '../libs/domain/src/reporting/round-state';
import {
  ROUND_COMMAND_REFUSED_FAILURE,
  closeRoundUpdate,
  replaceRoundParticipantsUpdate,
  roundStateQuery,
  submitRoundReportUpdate,
  type ReportingRoundInput,
} from '../libs/contracts/src/reporting-round.contract';
import { roundSearchAttributes } from '../libs/contracts/src/search-attributes';
import { SEARCH_ATTRIBUTES_PATCH, WorkflowLifecycle } from './common/lifecycle';
import { shortActivities } from './common/short-activities';

/** Histories recorded with remote projection activities replay without it (see test/replay). */
const LOCAL_ACTIVITIES_PATCH = 'round-local-activities-v2';

/**
 * One reporting round (the 10/12 round of a plan, or one the coordinator opens): Temporal owns its live
 * state. It sleeps until the next alarm of its policy — reminders to those who have not reported, the
 * deadline (they turn `late`), the escalation ladder naming them — counted in working days of the
 * calendar it loads through an activity, and wakes early when a report changes who is missing. Reports,
 * amendments and closing are updates whose validators refuse what the round does not allow; every change
 * is projected to PostgreSQL, with its notifications and the report itself, before the update answers.
 * The rules are libs/domain's (reporting/round.ts, round-state.ts).
 */
export async function reportingRoundWorkflow(input: ReportingRoundInput, carried?: ReportingRoundState): Promise<ReportingRoundState> {
  const { recordRoundEvent, loadCalendar } = shortActivities<ReportingRoundActivities & TaskActivities>(LOCAL_ACTIVITIES_PATCH);
  const lifecycle = new WorkflowLifecycle<ReportingRoundState, RoundEventDraft>({
    state: carried ?? initialReportingRoundState(input),
    copy: copyRoundState,
    isOpen: (state) => state.status === 'open',
    refusedFailureType: ROUND_COMMAND_REFUSED_FAILURE,
    replan: { onChange: true, onRecorded: false },
    write: (event, { notifications, report }, state) =>
      recordRoundEvent({ event: { ...event, roundId: input.roundId }, projection: { input, state }, report: report ?? null, notifications }),
    localProjections: patched(LOCAL_ACTIVITIES_PATCH), // already asked by shortActivities: no new marker
    searchAttributes: patched(SEARCH_ATTRIBUTES_PATCH) ? (state) => roundSearchAttributes(input.planCode, state) : undefined,
  });
  const { state } = lifecycle;

  lifecycle.onCommand(submitRoundReportUpdate, {
    refusal: ({ actor }) => roundCommandRefusal(state, 'submit_report', actor),
    change: ({ actor, content, indicatorActuals, attachments }, atMs) =>
      applyRoundReport(state, actor, { content, indicatorActuals, attachments }, input, atMs),
    result: ({ event }) => ({ agency: event.report!.agency, version: event.report!.version, amended: event.type === 'report_amended', state: lifecycle.snapshot() }),
  });
  lifecycle.onCommand(closeRoundUpdate, {
    refusal: ({ actor }) => roundCommandRefusal(state, 'close', actor),
    change: ({ actor, note }, atMs) => closeRound(state, actor, note, atMs),
    result: () => lifecycle.snapshot(),
  });
  // A reorganisation swaps former participants for their successors (issue 11). A new handler adds no command to
  // histories recorded without it, so they replay unchanged.
  lifecycle.onCommand(replaceRoundParticipantsUpdate, {
    refusal: ({ replacements }) => participantReplacementRefusal(state, replacements),
    change: ({ actor, replacements, reorganization, agencyNames }, atMs) =>
      replaceRoundParticipants(state, actor, replacements, reorganization, { ...input, agencyNames: { ...agencyNames, ...input.agencyNames } }, atMs)!,
    result: ({ event }) => ({ moved: event.payload.moved as { from: string; to: string; reported: boolean }[], state: lifecycle.snapshot() }),
  });
  lifecycle.answer(roundStateQuery);

  await lifecycle.start(carried ? null : roundOpenedEvent(input));

  const policy = parseRoundPolicy(input.policy);
  return lifecycle.runAlarms({
    loadCalendar,
    dueAtMs: () => Date.parse(input.dueAt),
    next: (calendar, nowMs) => nextRoundAlarmOf(state, input, policy, calendar, nowMs),
    fire: (alarm) => applyRoundAlarm(state, alarm, input, Date.now()),
    historyEventLimit: input.historyEventLimit,
    continueAsNew: (carriedState) => continueAsNew<typeof reportingRoundWorkflow>(input, carriedState),
  });
}
