import { Injectable, Logger, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { COMMAND_REFUSED_FAILURE, ROUND_COMMAND_REFUSED_FAILURE } from '@giaoviec/contracts';
import { DomainError } from '@giaoviec/domain';
import { isTemporalReachable, startWithFirstEvent, runningWorkflowInput, type FirstEventStart } from '@giaoviec/temporal';
import {
  Client,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { DependencyUnavailableException } from '../common/api-exceptions';
import { requestReceivedAt } from '../common/received-at';
import { requestIdempotencyIdentity } from '../common/request-idempotency';

/** ApplicationFailure types by which a workflow's update validator refuses a command (a 409 with its reason). */
const REFUSAL_FAILURE_TYPES = new Set([COMMAND_REFUSED_FAILURE, ROUND_COMMAND_REFUSED_FAILURE]);

/** Answer of `runWithin` when the workflow has not finished in time (it carries on). */
export const STILL_RUNNING = Symbol('STILL_RUNNING');

/**
 * The API's one door to Temporal: starting workflows (with their first event), sending updates, and
 * turning Temporal's failures into the API's errors, here and nowhere else (`translateTemporalFailure`;
 * a workflow already started by someone else is a domain `CONFLICT`).
 */
@Injectable()
export class TemporalGateway {
  private readonly logger = new Logger(TemporalGateway.name);

  constructor(
    private readonly client: Client,
    @Optional() private readonly requestLog?: PinoLogger,
  ) {}

  /** Every later log line of the current request names the workflow it reached. */
  private tagRequest(workflowId: string): void {
    try {
      this.requestLog?.assign({ workflowId });
    } catch {
      // Outside a request (start-up, the demo import): nothing to tag.
    }
  }

  /**
   * Starts a workflow with its first event (start, then write: see `startWithFirstEvent`). A workflow of the
   * same ID that this request did not start before is a `CONFLICT` with `alreadyStartedMessage`.
   */
  async startWithFirstEvent(start: FirstEventStart, alreadyStartedMessage: string): Promise<'started' | 'resumed'> {
    this.tagRequest(start.options.workflowId);
    const outcome = await this.translated(() => startWithFirstEvent(this.client, start));
    if (outcome === 'already_started') throw new DomainError('CONFLICT', alreadyStartedMessage);
    return outcome;
  }

  /** The input the running workflow under `workflowId` was started with, or null when none of that ID runs. */
  runningWorkflowInput<Input>(workflowId: string): Promise<Input | null> {
    return this.translated(() => runningWorkflowInput<Input>(this.client, workflowId));
  }

  /**
   * Starts a workflow (or joins the run of the same ID, as its options say) and waits at most `waitMs` for its
   * result; `STILL_RUNNING` when it has not finished by then.
   */
  async runWithin<R>(workflowType: string, options: WorkflowStartOptions, waitMs: number): Promise<R | typeof STILL_RUNNING> {
    return this.translated(async () => {
      const handle = await this.client.workflow.start(workflowType, options);
      const result = handle.result() as Promise<R>;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<typeof STILL_RUNNING>((resolve) => {
        timer = setTimeout(() => resolve(STILL_RUNNING), waitMs);
      });
      try {
        return await Promise.race([result, timeout]);
      } finally {
        clearTimeout(timer);
        result.catch(() => undefined);
      }
    });
  }

  /**
   * Sends an update and answers its result. The command carries when the API received the request
   * (`receivedAt`, which the workflow dates it by). `endedMessage` is the 409 when no workflow runs under
   * the ID any more (a task or round that has ended). A request with an Idempotency-Key sends its update
   * under an ID derived from that key, so a retry after a process died half-way gets the first outcome
   * back from Temporal instead of applying the command twice.
   */
  async update<Ret, Args extends [unknown, ...unknown[]]>(
    workflowId: string,
    update: UpdateDefinition<Ret, Args>,
    args: Args,
    endedMessage: string,
  ): Promise<Ret> {
    this.tagRequest(workflowId);
    const receivedAt = requestReceivedAt();
    const [command, ...rest] = args;
    const stamped = (receivedAt && typeof command === 'object' && command !== null ? [{ ...command, receivedAt }, ...rest] : args) as Args;
    const identity = requestIdempotencyIdentity();
    const updateId = identity ? `idem-${identity}-${update.name}` : undefined;
    return this.translated(
      () => this.client.workflow.getHandle(workflowId).executeUpdate(update, { args: stamped, ...(updateId ? { updateId } : {}) }),
      endedMessage,
    );
  }

  /** Cancels a workflow (one that has already ended is left as it is). */
  async cancel(workflowId: string): Promise<void> {
    await this.translated(async () => {
      try {
        await this.client.workflow.getHandle(workflowId).cancel();
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    });
  }

  /** True when the Temporal frontend answers (for the health check). */
  isReachable(): Promise<boolean> {
    return isTemporalReachable(this.client);
  }

  /** Runs `call`; its failure comes out translated (Temporal unreachable is logged too). */
  private async translated<T>(call: () => Promise<T>, endedMessage?: string): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ServiceError) this.logger.error(error.stack ?? error.message);
      throw translateTemporalFailure(error, endedMessage);
    }
  }
}

/**
 * Temporal's failures as the API's errors (the gateway's one translation):
 * - an update refused by the workflow's validator → domain `INVALID_STATE` with the workflow's reason;
 * - no workflow under the ID any more, when `endedMessage` says what that means → domain `INVALID_STATE`;
 * - Temporal unreachable (a gRPC `ServiceError`) → 503 the client may retry;
 * - an update Temporal did not answer in time (a busy or restarting worker) → 503 too: the client retries with its
 *   Idempotency-Key, and the update, sent again under the same ID, is not applied twice;
 * anything else is returned as it is (a logged 500).
 */
export function translateTemporalFailure(error: unknown, endedMessage?: string): unknown {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && REFUSAL_FAILURE_TYPES.has(error.cause.type ?? '')) {
    return new DomainError('INVALID_STATE', error.cause.message);
  }
  if (error instanceof WorkflowNotFoundError && endedMessage) return new DomainError('INVALID_STATE', endedMessage);
  if (error instanceof ServiceError) return new DependencyUnavailableException('Không kết nối được máy chủ Temporal, vui lòng thử lại sau.');
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new DependencyUnavailableException('Máy chủ xử lý chưa trả lời kịp, vui lòng thử lại sau.');
  }
  return error;
}
