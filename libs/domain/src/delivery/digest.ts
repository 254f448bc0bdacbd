import { addWorkingDays, type CalendarSnapshot } from '../calendar/working-calendar';
import { localDateOfInstant, localDateTimeToInstant, parseLocalDate } from '../calendar/local-date';
import { formatVietnameseDue } from './message';

/** How far ahead the digest looks: tasks due within this many working days. */
export const DIGEST_HORIZON_WORKING_DAYS = 7;

export interface DigestInput {
  /** The working day of the digest, YYYY-MM-DD in Vietnam. */
  date: string;
  agencyName: string;
  dueSoon: readonly { title: string; dueAt: string }[];
  overdue: readonly { title: string; dueAt: string }[];
  roundsAwaiting: readonly { title: string; dueText: string }[];
}

/** The instant before which a task counts as "due within 7 working days" of `date`: the end of the 7th working day. */
export function digestHorizon(snapshot: CalendarSnapshot, date: string): number {
  return localDateTimeToInstant(addWorkingDays(snapshot, date, DIGEST_HORIZON_WORKING_DAYS), 23, 59, 59, 999);
}

export const digestDateOf = (instantMs: number) => localDateOfInstant(instantMs);

/** The digest's Vietnamese title and body; null when the agency has nothing to be told. */
export function buildDigest(input: DigestInput): { title: string; body: string } | null {
  if (!input.dueSoon.length && !input.overdue.length && !input.roundsAwaiting.length) return null;
  const { year, month, day } = parseLocalDate(input.date);
  const section = (heading: string, lines: string[]) => (lines.length ? [`${heading} (${lines.length}):`, ...lines.map((line) => `- ${line}`), ''] : []);
  const body = [
    `Tổng hợp nhiệm vụ của ${input.agencyName} ngày ${day}/${month}/${year}.`,
    '',
    ...section('Nhiệm vụ quá hạn', input.overdue.map((task) => `${task.title} (hạn ${formatVietnameseDue(task.dueAt)})`)),
    ...section(`Nhiệm vụ đến hạn trong ${DIGEST_HORIZON_WORKING_DAYS} ngày làm việc`, input.dueSoon.map((task) => `${task.title} (hạn ${formatVietnameseDue(task.dueAt)})`)),
    ...section('Kỳ báo cáo chưa gửi báo cáo', input.roundsAwaiting.map((round) => `${round.title} (${round.dueText})`)),
  ]
    .join('\n')
    .trimEnd();
  return { title: `Tổng hợp nhiệm vụ ngày ${day}/${month}/${year}: ${input.overdue.length} quá hạn, ${input.dueSoon.length} sắp đến hạn`, body };
}
