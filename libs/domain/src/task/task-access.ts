import type { Role } from '../roles';
import type { TaskCommandType } from './task-lifecycle';

export interface TaskAccessSubject {
  role: Role;
  agency?: string;
}

export interface TaskParties {
  leadAgency: string;
  coordinatingAgencies: readonly string[];
}

/**
 * May this user see the task? Coordinators, leaders and admins see everything; an agency sees
 * the tasks it leads or coordinates, and for any other task must not even learn it exists.
 */
export function canSeeTask(user: TaskAccessSubject, task: TaskParties): boolean {
  if (user.role !== 'agency') return true;
  return user.agency === task.leadAgency || task.coordinatingAgencies.includes(user.agency ?? '');
}

const LEAD_AGENCY_COMMANDS: readonly TaskCommandType[] = ['acknowledge', 'report_progress', 'submit', 'request_extension'];
const COORDINATOR_COMMANDS: readonly TaskCommandType[] = ['accept', 'return', 'cancel', 'decide_extension', 'reassign'];

/** May this user give `command` on a task it can see? (Whether the state allows it is the lifecycle's question.) */
export function canCommandTask(user: TaskAccessSubject, task: TaskParties, command: TaskCommandType): boolean {
  if (LEAD_AGENCY_COMMANDS.includes(command)) return user.role === 'agency' && user.agency === task.leadAgency;
  if (COORDINATOR_COMMANDS.includes(command)) return user.role === 'coordinator';
  return false;
}

export function isLeadAgencyCommand(command: TaskCommandType): boolean {
  return LEAD_AGENCY_COMMANDS.includes(command);
}
