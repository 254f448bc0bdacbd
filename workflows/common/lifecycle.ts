import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type QueryDefinition,
  type defineUpdate,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CalendarSnapshot } from '../../libs/domain/src/calendar/working-calendar';
import { commandMomentMs } from '../../libs/domain/src/received-at';
import type { Actor, EventDraft } from '../../libs/domain/src/task/task-events';

/** What the live state of every lifecycle workflow carries: the sequence number of its last event. */
export interface LifecycleState {
  eventSeq: number;
}

/** A recorded event as projected; each workflow adds the ID of its subject (task, round). */
export interface NumberedEvent<Type extends string> {
  workflowId: string;
  /** The projection's idempotency key, with the workflow ID. */
  seq: number;
  type: Type;
  at: string;
  actor: Actor;
  payload: Record<string, unknown>;
}

/** What a rule decided: the new state and the event that records it. */
export interface Change<State, Draft> {
  state: State;
  event: Draft;
  /** The change moves what the calendar is loaded for (a due date): reload it before planning again. */
  reloadCalendar?: boolean;
}

export interface LifecycleOptions<State, Draft extends EventDraft<string>> {
  state: State;
  /** A copy of the state that later changes do not reach: what queries, updates and projections get. */
  copy: (state: State) => State;
  /** While open, the workflow plans alarms and takes commands; once closed it ends. */
  isOpen: (state: State) => boolean;
  /** ApplicationFailure type of a refused command (the API answers 409). */
  refusedFailureType: string;
  /** Writes one event with the state after it (a projection activity). */
  write: (event: NumberedEvent<Draft['type']>, draft: Draft, state: State) => Promise<void>;
  /**
   * When a command wakes the alarm loop to plan again: as soon as it has changed the state (so a timer
   * planned from the old state cannot fire while the event is recorded), once its event is recorded, or
   * both. Histories recorded by each workflow fix which it is.
   */
  replan: { onChange: boolean; onRecorded: boolean };
  /**
   * The search attributes the state gives the workflow, upserted at start and whenever one changes; unset for
   * runs recorded before they existed (their histories hold no upsert).
   */
  searchAttributes?: (state: State) => SearchAttributeUpdatePair[];
  /**
   * Events are projected by local activities. Then a command delivered with the start has its event recorded
   * beside the first one, and the start waits for it to answer (see {@link WorkflowLifecycle.start}).
   */
  localProjections?: boolean;
}

export interface AlarmLoop<State, Draft, Alarm extends { atMs: number }> {
  loadCalendar: (years: { fromYear: number; toYear: number }) => Promise<CalendarSnapshot>;
  /** The due date the calendar must cover (with the present moment). */
  dueAtMs: () => number;
  /** The next alarm to sleep until, if any, planned at `nowMs`. */
  next: (calendar: CalendarSnapshot, nowMs: number) => Alarm | undefined;
  /** What firing `alarm` changes and records. */
  fire: (alarm: Alarm) => Change<State, Draft>;
  /** Continue as new once the history has this many events (default 1 500; tests set it low). */
  historyEventLimit?: number;
  continueAsNew: (state: State) => Promise<never>;
}

/**
 * MICROTASK_ORDER: when a projection and a calendar load complete in one activation, the order of the
 * commands that follow (an update's answer, a timer) is the order in which their awaits resume. Recorded
 * histories fix it, so the skeleton keeps the promise chains the workflows had: `record` is async and
 * awaited directly by command handlers and `start`, an alarm is fired through one more async function,
 * and the task's extension request (`oneTurnLater`) resumes one turn after the others.
 */
type Update<Result, Args> = ReturnType<typeof defineUpdate<Result, [Args]>>;

/** Histories recorded before the workflows carried search attributes replay without their upserts (task and round). */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes-v5';

/**
 * Continue as new past this many events, so every run's history stays under 2,048 events (issue 14: a
 * short history is cheap to replay when a worker's cache evicts the workflow). A command's burst adds a
 * few dozen events at most between two checks. Runs recorded with the former limit replay without the patch.
 */
const DEFAULT_HISTORY_EVENT_LIMIT = 1_500;
const FORMER_HISTORY_EVENT_LIMIT = 10_000;
const SHORTER_HISTORIES_PATCH = 'shorter-histories-v4';
/** Commands carrying the API's `receivedAt` are dated by it; histories recorded before it replay without. */
const RECEIVED_AT_PATCH = 'received-at-v4';
/** An event shows when it was recorded too (`recordedAt`) once that is this far after it was received. */
const RECORDED_APART_MS = 1_000;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * The skeleton every lifecycle workflow (a task, a reporting round) shares: it numbers and records
 * events, registers commands whose validators refuse what the rules forbid, sleeps until the next alarm
 * and wakes early when a command changes what is due, reloads the calendar, and continues as new before
 * Temporal's history limits. What is allowed, what changes and what is recorded is the domain's to say.
 */
export class WorkflowLifecycle<State extends LifecycleState, Draft extends EventDraft<string>> {
  readonly state: State;
  // A command delivered before the workflow function has run waits, so the first event is always event 1.
  private started = false;
  private replanRequested = false;
  private calendarStale = true;
  private readonly upserted = new Map<string, string>();
  /** The moment of the last command dated by its `receivedAt`: the next one is not dated before it. */
  private lastCommandMs = Number.NEGATIVE_INFINITY;
  /** Commands delivered before the workflow function ran that have not answered yet. */
  private earlyCommandsUnanswered = 0;

  constructor(private readonly options: LifecycleOptions<State, Draft>) {
    this.state = options.state;
  }

  snapshot(): State {
    return this.options.copy(this.state);
  }

  isOpen(): boolean {
    return this.options.isOpen(this.state);
  }

  /** Numbers the event, stamps it with workflow time (deterministic on replay) unless it has a time, and projects it. */
  async record(draft: Draft): Promise<void> {
    this.state.eventSeq += 1;
    const { type, actor, payload, at } = draft;
    const event = { workflowId: workflowInfo().workflowId, seq: this.state.eventSeq, type, at: at ?? new Date().toISOString(), actor, payload };
    await this.options.write(event, draft, this.snapshot());
  }

  /** Takes the new state at once, so a concurrent command's validator sees it, then records the event. */
  commit(change: Change<State, Draft>): Promise<void> {
    Object.assign(this.state, change.state);
    this.upsertSearchAttributes();
    if (change.reloadCalendar) this.calendarStale = true;
    return this.record(change.event);
  }

  /** Registers a command: its validator refuses with the rules' reason; its handler commits the rules' change and answers. */
  onCommand<Args, Result, Made extends Change<State, Draft>>(
    update: Update<Result, Args>,
    command: {
      refusal: (args: Args) => string | null;
      /** The change `args` make, given at `atMs` (when the API received them, bounded; else the workflow's present). */
      change: (args: Args, atMs: number) => Made;
      result: (change: Made) => Result;
      /** See {@link MICROTASK_ORDER}: this command's handler once awaited one promise more. */
      oneTurnLater?: boolean;
    },
  ): void {
    const refuseIfForbidden = (args: Args): void => {
      const reason = command.refusal(args);
      if (reason) throw ApplicationFailure.create({ type: this.options.refusedFailureType, message: reason, nonRetryable: true });
    };
    setHandler(
      update,
      async (args: Args) => {
        // The awaits below are the chain recorded histories fix (MICROTASK_ORDER): keep them inline.
        const early = !this.started;
        if (early) this.earlyCommandsUnanswered += 1;
        try {
          if (early) {
            await condition(() => this.started);
            refuseIfForbidden(args); // the state may have moved while this command waited
          }
          const change = this.receivedChange(args, command.change);
          const committed = this.commit(change);
          const recorded = command.oneTurnLater ? (async () => await committed)() : committed;
          if (this.options.replan.onChange) this.replanRequested = true;
          await recorded;
          if (this.options.replan.onRecorded) this.replanRequested = true;
          return command.result(change);
        } finally {
          if (early) this.earlyCommandsUnanswered -= 1;
        }
      },
      { validator: refuseIfForbidden },
    );
  }

  /**
   * The rules' change for a command dated when the API received it (bounded: received-at.ts); its event is
   * dated by that moment, and carries `recordedAt` too when the workflow recorded it a second or more later.
   */
  private receivedChange<Args, Made extends Change<State, Draft>>(args: Args, change: (args: Args, atMs: number) => Made): Made {
    const nowMs = Date.now();
    const { receivedAt } = args as { receivedAt?: string };
    if (receivedAt === undefined || !patched(RECEIVED_AT_PATCH)) return change(args, nowMs);
    const atMs = commandMomentMs(receivedAt, nowMs, this.lastCommandMs);
    this.lastCommandMs = atMs;
    const made = change(args, atMs);
    const at = new Date(atMs).toISOString();
    const payload = nowMs - atMs >= RECORDED_APART_MS ? { ...made.event.payload, recordedAt: new Date(nowMs).toISOString() } : made.event.payload;
    return { ...made, event: { ...made.event, at, payload } };
  }

  answer(query: QueryDefinition<State>): void {
    setHandler(query, () => this.snapshot());
  }

  /**
   * Records the first event (none when continued as new), letting waiting commands in once it is under way.
   *
   * EARLY_COMMANDS: a command delivered with the start (the worker behind) records its event beside the
   * first one. With local activities, SDK core hands the two results over in two activations live but in
   * one on replay (temporalio/sdk-rust#1442), so the command's answer and the workflow's next commands
   * came out in another order on replay (TMPRL1100, test/replay/fault-found-nondeterminism.spec.ts). The
   * start then waits until those commands have answered: one order, live and on replay. Without early
   * commands nothing changes (no extra turn), so every history recorded before replays as it was.
   */
  start(first: Draft | null): Promise<void> {
    this.upsertSearchAttributes();
    const recorded = first ? this.record(first) : Promise.resolve();
    this.started = true;
    if (!this.options.localProjections || this.earlyCommandsUnanswered === 0) return recorded;
    return recorded.then(() => condition(() => this.earlyCommandsUnanswered === 0));
  }

  /** Sleeps until the next alarm, fires it, and again, while open; then ends once every command has answered. */
  async runAlarms<Alarm extends { atMs: number }>(loop: AlarmLoop<State, Draft, Alarm>): Promise<State> {
    let calendar: CalendarSnapshot | undefined;
    while (this.isOpen()) {
      if (this.calendarStale || !calendar) {
        // Reloaded after every alarm, so an admin's calendar change reaches running workflows.
        calendar = await loop.loadCalendar(calendarYears(Date.now(), loop.dueAtMs()));
        this.calendarStale = false;
      }
      const alarm = loop.next(calendar, Date.now());
      this.replanRequested = false;
      const wokenEarly = alarm
        ? await condition(() => this.replanRequested, Math.max(alarm.atMs - Date.now(), 1))
        : await condition(() => this.replanRequested);
      if (!wokenEarly && alarm && this.isOpen()) {
        await this.fire(loop.fire(alarm));
        this.calendarStale = true;
      }
      if (this.isOpen() && (workflowInfo().continueAsNewSuggested || historyTooLong(loop.historyEventLimit))) {
        await condition(allHandlersFinished);
        await loop.continueAsNew(this.snapshot());
      }
    }
    return this.finish();
  }

  /** Upserts the search attributes whose value changed since the last upsert (all of them the first time in a run). */
  private upsertSearchAttributes(): void {
    if (!this.options.searchAttributes) return;
    const changed = this.options.searchAttributes(this.state).filter(({ key, value }) => {
      const text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
      if (this.upserted.get(key.name) === text) return false;
      this.upserted.set(key.name, text);
      return true;
    });
    if (changed.length > 0) upsertSearchAttributes(changed);
  }

  private async fire(change: Change<State, Draft>): Promise<void> {
    return this.commit(change);
  }

  /** Ends once every command has answered, with the final state. */
  async finish(): Promise<State> {
    await condition(allHandlersFinished);
    return this.snapshot();
  }
}

/** Whether the run's history is past its limit: `limit` when given (tests), else the default (patched, see above). */
function historyTooLong(limit: number | undefined): boolean {
  const { historyLength } = workflowInfo();
  if (limit !== undefined) return historyLength > limit;
  // patched() only once past the new limit, so runs recorded before it (always shorter) replay unchanged.
  return historyLength > FORMER_HISTORY_EVENT_LIMIT || (historyLength > DEFAULT_HISTORY_EVENT_LIMIT && patched(SHORTER_HISTORIES_PATCH));
}

/** The years (Vietnam time) a calendar must cover to plan from `nowMs` to `dueAtMs`, with one spare on each side. */
function calendarYears(nowMs: number, dueAtMs: number): { fromYear: number; toYear: number } {
  const years = [nowMs, dueAtMs].map((ms) => new Date(ms + VIETNAM_OFFSET_MS).getUTCFullYear());
  return { fromYear: Math.min(...years) - 1, toYear: Math.max(...years) + 1 };
}
