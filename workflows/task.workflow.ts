import { condition, continueAsNew, patched, type defineUpdate } from '@temporalio/workflow';
import { SURFACE_FAILURES_PATCH, rejectedProjection } from './common/surface-failures';
import type { TaskActivities } from '../activities/task-projection.activities';
import { parsePolicy } from '../libs/domain/src/policy/policy';
import type { EventDraft } from '../libs/domain/src/task/task-events';
import {
  applyTaskAlarm,
  applyTaskCommand,
  nextTaskAlarm,
  taskAssignedEvent,
  taskCommandRefusal,
  type TaskChange,
  type TaskCommand,
} from '../libs/domain/src/task/task-rules';
import { initialTaskState, type TaskState } from '../libs/domain/src/task/task-state';
import { isOpenStatus } from '../libs/domain/src/task/task-status';
import {
  COMMAND_REFUSED_FAILURE,
  taskCommandUpdates,
  taskStateQuery,
  type TaskCommandArgs,
  type TaskWorkflowInput,
} from '../libs/contracts/src/task-workflow.contract';
import { taskSearchAttributes } from '../libs/contracts/src/search-attributes';
import { SEARCH_ATTRIBUTES_PATCH, WorkflowLifecycle } from './common/lifecycle';
import { shortActivities } from './common/short-activities';

/** Histories recorded with remote projection activities replay without it (see test/replay). */
const LOCAL_ACTIVITIES_PATCH = 'local-projection-activities-v2';
/** Commands wake the timer loop as soon as they change the state, not only once their event is recorded. */
const REPLAN_AT_ONCE_PATCH = 'replan-at-once-v3';
/** Histories recorded before timers existed replay without them. */
const LIFECYCLE_TIMERS_PATCH = 'lifecycle-timers-v1';

/**
 * One assigned task, from `assigned` to `completed` or `cancelled`. Temporal owns its live state:
 * it sleeps until the next alarm of its policy (reminders, overdue, escalations, counted in working
 * days of the calendar it loads through an activity), and wakes early when a command changes what
 * is due. Every change is projected to PostgreSQL, with its notifications, before the command that
 * caused it answers, so the API reads its own writes. The rules are libs/domain's (task-rules.ts).
 */
export async function taskWorkflow(input: TaskWorkflowInput, carried?: TaskState): Promise<TaskState> {
  const { recordTaskEvent, recordTaskFailure, loadCalendar } = shortActivities<TaskActivities>(LOCAL_ACTIVITIES_PATCH);
  const lifecycle = new WorkflowLifecycle<TaskState, EventDraft>({
    state: carried ?? initialTaskState(input),
    copy: (state) => ({ ...state }),
    isOpen: (state) => isOpenStatus(state.status),
    refusedFailureType: COMMAND_REFUSED_FAILURE,
    replan: { onChange: patched(REPLAN_AT_ONCE_PATCH), onRecorded: true },
    write: async (event, { notifications }, state) => {
      const record = { ...event, taskId: input.taskId };
      try {
        await recordTaskEvent({ event: record, projection: { input, state }, notifications });
      } catch (error) {
        const refusal = rejectedProjection(error);
        if (refusal === undefined || !patched(SURFACE_FAILURES_PATCH)) throw error;
        await recordTaskFailure({ event: { taskId: record.taskId, workflowId: record.workflowId, seq: record.seq, at: record.at, type: record.type }, error: refusal });
      }
    },
    localProjections: patched(LOCAL_ACTIVITIES_PATCH), // already asked by shortActivities: no new marker
    searchAttributes: patched(SEARCH_ATTRIBUTES_PATCH) ? (state) => taskSearchAttributes(input.planCode, state, Date.now()) : undefined,
  });
  const { state } = lifecycle;

  function onCommand<Type extends TaskCommand['type']>(type: Type, result: (change: TaskChange) => unknown = () => lifecycle.snapshot(), oneTurnLater = false): void {
    const command = (args: TaskCommandArgs<Type>) => ({ ...args, type }) as TaskCommand;
    lifecycle.onCommand(taskCommandUpdates[type] as ReturnType<typeof defineUpdate<unknown, [TaskCommandArgs<Type>]>>, {
      refusal: (args) => taskCommandRefusal(state, command(args), input),
      change: (args, atMs) => {
        const change = applyTaskCommand(state, command(args), input, atMs);
        return { ...change, reloadCalendar: change.dueDateMoved };
      },
      result,
      oneTurnLater,
    });
  }
  onCommand('acknowledge');
  onCommand('report_progress');
  onCommand('submit');
  onCommand('accept');
  onCommand('return');
  onCommand('cancel');
  onCommand('request_extension', ({ requestId }) => ({ requestId, state: lifecycle.snapshot() }), true);
  onCommand('approve_extension');
  onCommand('reject_extension');
  onCommand('reassign');
  lifecycle.answer(taskStateQuery);

  await lifecycle.start(carried ? null : taskAssignedEvent(input));

  if (!patched(LIFECYCLE_TIMERS_PATCH)) {
    // A run recorded before the lifecycle timers: it only waits for commands.
    await condition(() => !lifecycle.isOpen());
    return lifecycle.finish();
  }

  const policy = parsePolicy(input.policy);
  return lifecycle.runAlarms({
    loadCalendar,
    dueAtMs: () => Date.parse(state.dueAt),
    next: (calendar, nowMs) => nextTaskAlarm(state, policy, calendar, nowMs),
    fire: (alarm) => applyTaskAlarm(state, alarm, input),
    historyEventLimit: input.historyEventLimit,
    continueAsNew: (carriedState) => continueAsNew<typeof taskWorkflow>(input, carriedState),
  });
}
