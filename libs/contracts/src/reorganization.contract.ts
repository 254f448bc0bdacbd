import { startOnceOptions } from './task-queues';
import { businessKey } from './workflow-ids';

/** `reorganization:<id>`: one workflow per reorganisation, waiting for its effective moment. */
export function reorganizationWorkflowId(reorganizationId: string): string {
  return businessKey('reorganization', { reorganizationId });
}

export interface ReorganizationWorkflowInput {
  reorganizationId: string;
  /** The instant it takes effect: 00:00 Asia/Ho_Chi_Minh of its effective date (or a later moment that day). */
  effectiveAt: string;
}

export interface ReorganizationOutcome {
  applied: boolean;
  movedTasks: number;
  movedRoundParticipants: number;
  /** Tasks started for the other successors of an agency whose open tasks went to each of them. */
  createdTasks: number;
}

export function reorganizationStartOptions(input: ReorganizationWorkflowInput) {
  return startOnceOptions(reorganizationWorkflowId(input.reorganizationId), input);
}
