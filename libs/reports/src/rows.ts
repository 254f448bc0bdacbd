/**
 * The table rows both renderings are made from, so the workbook and the document show the same
 * figures as the JSON summary. Pure: no formatting beyond Vietnamese labels.
 */
import type { ConsolidatedReport } from '../../domain/src/reporting/consolidated-report';
import type { TaskCategory } from '../../domain/src/task/task-status';
import { AGGREGATION_LABELS, PARTICIPANT_STATUS_LABELS, escalationTargetLabel, metLabel } from './labels';

export interface IndicatorRow {
  index: number;
  code: string;
  name: string;
  unit: string;
  targetText: string;
  aggregation: string;
  actual: number | null;
  reports: number;
  met: boolean | null;
  metLabel: string;
}

export function indicatorRows(report: ConsolidatedReport): IndicatorRow[] {
  return report.indicators.map((indicator, i) => ({
    index: i + 1,
    code: indicator.code,
    name: indicator.name,
    unit: indicator.unit,
    targetText: indicator.targetText,
    aggregation: AGGREGATION_LABELS[indicator.aggregation] ?? indicator.aggregation,
    actual: indicator.actual,
    reports: indicator.reports,
    met: indicator.met,
    metLabel: metLabel(indicator.met),
  }));
}

export type CategoryCounts = Record<TaskCategory, number>;

const NO_TASKS: CategoryCounts = {
  completed_on_time: 0,
  completed_late: 0,
  in_progress_on_time: 0,
  in_progress_overdue: 0,
  cancelled: 0,
};

export interface AgencyRow {
  index: number;
  agency: string;
  agencyName: string;
  /** null for an agency that has tasks but is not a participant of the round. */
  status: ConsolidatedReport['participants'][number]['status'] | null;
  statusLabel: string;
  submittedAt: string | null;
  tasks: CategoryCounts;
  totalTasks: number;
}

/**
 * One row per agency: the round's participants in the report's order, then the agencies that
 * have tasks in the plan but do not report in this round. Task counts come from
 * `taskStatistics.byAgency` (zeros for an agency with no task).
 */
export function agencyRows(report: ConsolidatedReport): AgencyRow[] {
  const tasksByAgency = new Map(report.taskStatistics.byAgency.map((entry) => [entry.agency, entry]));
  const rows: AgencyRow[] = [];
  const seen = new Set<string>();
  for (const participant of report.participants) {
    const tasks = tasksByAgency.get(participant.agency);
    seen.add(participant.agency);
    rows.push({
      index: rows.length + 1,
      agency: participant.agency,
      agencyName: participant.agencyName,
      status: participant.status,
      statusLabel: PARTICIPANT_STATUS_LABELS[participant.status] ?? participant.status,
      submittedAt: participant.submittedAt,
      tasks: { ...NO_TASKS, ...tasks?.byCategory },
      totalTasks: tasks?.total ?? 0,
    });
  }
  for (const entry of report.taskStatistics.byAgency) {
    if (seen.has(entry.agency)) continue;
    seen.add(entry.agency);
    rows.push({
      index: rows.length + 1,
      agency: entry.agency,
      agencyName: entry.agencyName,
      status: null,
      statusLabel: 'Không thuộc diện báo cáo',
      submittedAt: null,
      tasks: { ...NO_TASKS, ...entry.byCategory },
      totalTasks: entry.total,
    });
  }
  return rows;
}

/** Agencies with tasks in the plan, for the per-agency task table of the document. */
export function taskAgencyRows(report: ConsolidatedReport): { index: number; agencyName: string; tasks: CategoryCounts; total: number }[] {
  return report.taskStatistics.byAgency.map((entry, i) => ({
    index: i + 1,
    agencyName: entry.agencyName,
    tasks: { ...NO_TASKS, ...entry.byCategory },
    total: entry.total,
  }));
}

/** An overdue task of the report, numbered, with its escalation target written out. */
export type OverdueRow = Omit<ConsolidatedReport['overdueTasks'][number], 'escalatedTo'> & { index: number; escalatedTo: string };

export function overdueRows(report: ConsolidatedReport): OverdueRow[] {
  return report.overdueTasks.map((task, i) => ({
    index: i + 1,
    taskId: task.taskId,
    title: task.title,
    agency: task.agency,
    agencyName: task.agencyName,
    dueAt: task.dueAt,
    dueAssumed: task.dueAssumed === true,
    workingDaysOverdue: task.workingDaysOverdue,
    escalationLevel: task.escalationLevel,
    escalatedTo: escalationTargetLabel(task.escalatedTo),
  }));
}

/** Counts of the round's participants by where they stand. */
export function participationSummary(report: ConsolidatedReport): {
  participants: number;
  reported: number;
  reportedLate: number;
  notReported: number;
} {
  const count = (...statuses: string[]) => report.participants.filter((p) => statuses.includes(p.status)).length;
  return {
    participants: report.participants.length,
    reported: count('submitted', 'submitted_late'),
    reportedLate: count('submitted_late'),
    notReported: count('pending', 'late'),
  };
}

/** Counts of indicators by assessment. */
export function indicatorSummary(report: ConsolidatedReport): { total: number; met: number; notMet: number; noData: number } {
  return {
    total: report.indicators.length,
    met: report.indicators.filter((i) => i.met === true).length,
    notMet: report.indicators.filter((i) => i.met === false).length,
    noData: report.indicators.filter((i) => i.met === null).length,
  };
}
