/**
 * Statistics across a reorganisation (issue 11): whose numbers a task counts in. By default under the
 * agency that holds it now — a completed task of an abolished district counts for the ward that took
 * over its work; with `?asOf=` under the agency that held it at the end of that day.
 */
import { primarySuccessorOn, type DatedAgency } from '../agency/reorganization';
import { addDays, startOfLocalDay, type LocalDate } from '../calendar/local-date';
import type { AgencyCountsRow, OverdueTaskRow } from './overview';

/** A change of a task's lead agency (its `reassigned` event): when it took effect, from whom, to whom. */
export interface LeadChange {
  /** The start of the reorganisation's effective date for a move by a reorganisation, else the event's instant. */
  effectiveAtMs: number;
  from: string;
  to: string;
}

/** The instant `asOf` ends: 00:00 of the next day in Vietnam time. */
export function endOfLocalDay(date: LocalDate): number {
  return startOfLocalDay(addDays(date, 1));
}

/**
 * The lead agency of a task at the end of `date`: the `to` of its last change (in event order) effective
 * by then, else the `from` of its first change, else its lead now; null for a task assigned after that
 * day. `leadAgencyOnSql` (libs/persistence, dashboard.repository.ts) is its twin.
 */
export function leadAgencyOn(
  task: { leadAgency: string; assignedAtMs: number; changes: readonly LeadChange[] },
  date: LocalDate,
): string | null {
  const end = endOfLocalDay(date);
  if (task.assignedAtMs >= end) return null;
  const effective = task.changes.filter((change) => change.effectiveAtMs < end);
  if (effective.length > 0) return effective[effective.length - 1]!.to;
  return task.changes[0]?.from ?? task.leadAgency;
}

/**
 * Counts per agency carried over to the agencies of `date` (today by default): an agency a reorganisation
 * ended counts under the agency holding its work that day, its primary successor along the chain. Rows of
 * the same holder are merged by `assembleOverview`.
 */
export function countsUnderHoldersOn(rows: readonly AgencyCountsRow[], directory: readonly DatedAgency[], date: LocalDate): AgencyCountsRow[] {
  return rows.map((row) => ({ ...row, agency: primarySuccessorOn(directory, row.agency, date) ?? row.agency }));
}

/** The overdue list with each task under its holder on `date` (see countsUnderHoldersOn). */
export function overdueUnderHoldersOn(rows: readonly OverdueTaskRow[], directory: readonly DatedAgency[], date: LocalDate): OverdueTaskRow[] {
  return rows.map((row) => ({ ...row, agency: primarySuccessorOn(directory, row.agency, date) ?? row.agency }));
}
