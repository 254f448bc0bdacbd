import { primarySuccessorOn, type DatedAgency } from '../agency/reorganization';
import type { TaskCategory } from '../task/task-status';

/** Where a participant of a reporting round stands. */
export const PARTICIPANT_STATUSES = ['pending', 'submitted', 'late', 'submitted_late'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export interface AgencyRef {
  code: string;
  name: string;
}

/**
 * The consolidated report of a reporting round (`GET /api/reporting-rounds/:id/summary`), the one
 * shape the JSON answer and the .xlsx and .docx renderings are all made from.
 */
export interface ConsolidatedReport {
  round: {
    id: string;
    planId: string;
    planCode: string;
    planTitle: string;
    /** The deadline of the round (ISO instant) and the plan's wording of it ("trước ngày 10/12/2026"). */
    dueAt: string;
    dueText: string;
    status: 'open' | 'closed';
    escalationLevel: number;
    escalatedTo: string | null;
    closedAt: string | null;
  };
  /** Who compiles the report (the coordinating office) and to whom it goes (the city People's Committee). */
  compiledBy: AgencyRef;
  sentTo: AgencyRef;
  /** When this rendering was made (ISO instant). */
  generatedAt: string;
  participants: {
    agency: string;
    agencyName: string;
    status: ParticipantStatus;
    submittedAt: string | null;
    content: string | null;
    indicatorActuals: { indicator: string; value: number }[];
  }[];
  missing: AgencyRef[];
  taskStatistics: {
    /** With `?asOf=`: the tasks assigned by the end of that day (YYYY-MM-DD), under the agencies that led them then. */
    agenciesAsOf?: string;
    total: number;
    byCategory: Record<TaskCategory, number>;
    byAgency: { agency: string; agencyName: string; total: number; byCategory: Record<TaskCategory, number> }[];
  };
  overdueTasks: {
    taskId: string;
    title: string;
    agency: string;
    agencyName: string;
    dueAt: string;
    /** The document states no due date for the task: `dueAt` is the plan's assumption (`ASSUMED_DUE_LABEL`). */
    dueAssumed?: boolean;
    workingDaysOverdue: number;
    escalationLevel: number;
    escalatedTo: string | null;
  }[];
  indicators: {
    code: string;
    name: string;
    unit: string;
    /** The target in words, as the plan states it ("≥ 100 HTX", "65–70 %"). */
    targetText: string;
    aggregation: 'sum' | 'average' | 'latest';
    actual: number | null;
    met: boolean | null;
    /** How many agencies' actuals went into `actual`. */
    reports: number;
  }[];
}

/**
 * Who compiles a round's report on `date`: the coordinating office the round recorded, or — when a
 * reorganisation ended it since — the agency holding its work that day (SKHDT merged into STC: the report
 * is issued by "Sở Tài chính", number "…/BC-STC"). The name is the directory's of that agency.
 */
export function reportCompilerOn(recorded: AgencyRef, directory: readonly DatedAgency[], date: string): AgencyRef {
  const code = primarySuccessorOn(directory, recorded.code, date) ?? recorded.code;
  if (code === recorded.code) return recorded;
  return { code, name: directory.find((agency) => agency.code === code)?.name ?? code };
}
