import type { EscalationTarget } from '../policy/policy';
import type { Actor } from './task-events';
import type { TaskStatus } from './task-status';

export interface ExtensionRequest {
  id: string;
  newDueAt: string;
  reason: string;
  requestedAt: string;
  requestedBy: Actor;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt?: string;
  decisionReason?: string;
}

/** Live state of a task (its workflow owns it): answered by the task's query and updates, carried across continue-as-new. */
export interface TaskState {
  taskId: string;
  status: TaskStatus;
  leadAgency: string;
  coordinatingAgencies: string[];
  dueAt: string;
  progressPercent: number;
  escalationLevel: number;
  escalatedTo: EscalationTarget | null;
  submittedAt: string | null;
  completedAt: string | null;
  /** When the lead agency's acknowledge clock started (assignment or reassignment). */
  acknowledgeClockFrom: string;
  /** When the due date in force was set: reminders whose moment had passed by then are not sent. */
  dueSetAt: string;
  /** Keys of the alarms already fired for the current lead and due date (see alarms.ts). */
  firedAlarms: string[];
  extensions: ExtensionRequest[];
  /** Sequence number of the last recorded event: the idempotency key of projections. */
  eventSeq: number;
}

/** What a task starts from: who leads it, who coordinates, by when, since when. */
export interface TaskAssignment {
  taskId: string;
  leadAgency: string;
  coordinatingAgencies: readonly string[];
  dueAt: string;
  assignedAt: string;
}

export function initialTaskState(assignment: TaskAssignment): TaskState {
  return {
    taskId: assignment.taskId,
    status: 'assigned',
    leadAgency: assignment.leadAgency,
    coordinatingAgencies: [...assignment.coordinatingAgencies],
    dueAt: assignment.dueAt,
    progressPercent: 0,
    escalationLevel: 0,
    escalatedTo: null,
    submittedAt: null,
    completedAt: null,
    acknowledgeClockFrom: assignment.assignedAt,
    dueSetAt: assignment.assignedAt,
    firedAlarms: [],
    extensions: [],
    eventSeq: 0,
  };
}

