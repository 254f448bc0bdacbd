import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/**
 * `started`: this call started the workflow. `resumed`: it was already running, started by an earlier
 * attempt of this same request, and its first event has been written again. `already_started`: someone
 * else started it; nothing was written.
 */
export type FirstEventStartOutcome = 'started' | 'resumed' | 'already_started';

export interface FirstEventStart {
  workflowType: string;
  /** Under a workflow ID derived from a business key and a policy that never starts that ID twice. */
  options: WorkflowStartOptions;
  /** The workflow's first event into the read model, idempotent: keyed by (workflow ID, seq), as the workflow records it itself. */
  recordFirstEvent: () => Promise<void>;
  /** Whether the workflow already running under this ID was started by an earlier attempt of this same request. */
  isEarlierAttempt?: (handle: WorkflowHandle) => boolean | Promise<boolean>;
}

/**
 * Starts a workflow together with its first event, in the one order used everywhere (API and activities):
 * **start, then write**.
 * - The start fails: nothing is written; a retry starts it under the same ID (never twice).
 * - The write fails after the start: the workflow records the same event (same key, same content) itself as
 *   soon as a worker runs it, and a retry of the request (`resumed`) writes it again at no cost.
 * The other order would leave a task or round in the read model without a workflow when the start fails.
 * Writing here too, although the workflow records the event, lets the caller read what it started at once.
 */
export async function startWithFirstEvent(client: Client, start: FirstEventStart): Promise<FirstEventStartOutcome> {
  let outcome: FirstEventStartOutcome = 'started';
  try {
    await client.workflow.start(start.workflowType, start.options);
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    if (!(await start.isEarlierAttempt?.(client.workflow.getHandle(start.options.workflowId)))) return 'already_started';
    outcome = 'resumed';
  }
  await start.recordFirstEvent();
  return outcome;
}

/**
 * The first argument the running workflow under `workflowId` was started with (read off its history), or null
 * when no workflow of that ID is running. A retried request resumes an earlier attempt's start with it, not with
 * its own values (the moment it was assigned, a due date judged again); a closed workflow is not such a start.
 */
export async function runningWorkflowInput<Input>(client: Client, workflowId: string): Promise<Input | null> {
  try {
    const handle = client.workflow.getHandle(workflowId);
    // describe(): WorkflowNotFoundError when there is none (fetchHistory throws a bare gRPC error).
    if ((await handle.describe()).status.name !== 'RUNNING') return null;
    const history = await handle.fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    if (!payloads?.length) return null;
    return defaultPayloadConverter.fromPayload<Input>(payloads[0]);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
