import type { ParticipantStatus } from './consolidated-report';

/**
 * A reporting round (DESIGN.md §2 "ReportingRound"): every participant agency sends one report before
 * the deadline and may amend it until the coordinator closes the round. Pure rules of who stands where;
 * the round workflow applies them and the API reads their projection.
 */
export const ROUND_STATUSES = ['open', 'closed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_EVENT_TYPES = [
  'opened',
  'reminder_sent',
  'deadline_passed',
  'escalated',
  'report_submitted',
  'report_amended',
  'participants_replaced',
  'closed',
] as const;
export type RoundEventType = (typeof ROUND_EVENT_TYPES)[number];

/** One participant as the round workflow keeps it (the report itself lives in PostgreSQL, one row per version). */
export interface RoundParticipant {
  agency: string;
  status: ParticipantStatus;
  /** When the first report arrived (ISO instant); amendments do not move it. */
  submittedAt: string | null;
  /** When the latest version (report or amendment) arrived. */
  lastReportedAt: string | null;
  /** 0 before any report, 1 for the report, 2… for each amendment. */
  reportVersion: number;
  /**
   * Former participants this one took over in a reorganisation (issue 11): their reports stay theirs and
   * count for this participant. Absent on rounds that never swapped anyone.
   */
  predecessors?: string[];
}

export function newParticipant(agency: string): RoundParticipant {
  return { agency, status: 'pending', submittedAt: null, lastReportedAt: null, reportVersion: 0 };
}

/** Whether the participant has sent a report (on time or late). */
export function hasReported(participant: Pick<RoundParticipant, 'status'>): boolean {
  return participant.status === 'submitted' || participant.status === 'submitted_late';
}

/** Participants that have not reported yet (`pending` before the deadline, `late` after it), in round order. */
export function missingParticipants<P extends Pick<RoundParticipant, 'status'>>(participants: readonly P[]): P[] {
  return participants.filter((participant) => !hasReported(participant));
}

/**
 * A report (or an amendment) arriving at `atMs`: the first one is `submitted` before the deadline and
 * `submitted_late` from it on — whether or not the deadline timer has fired yet, so a report racing the
 * timer is judged by the clock. An amendment keeps the status and first submission time of the report.
 */
export function applyReport(participant: RoundParticipant, atMs: number, dueAtMs: number): RoundParticipant {
  const at = new Date(atMs).toISOString();
  if (hasReported(participant)) {
    return { ...participant, lastReportedAt: at, reportVersion: participant.reportVersion + 1 };
  }
  return {
    ...participant,
    status: atMs < dueAtMs ? 'submitted' : 'submitted_late',
    submittedAt: at,
    lastReportedAt: at,
    reportVersion: participant.reportVersion + 1,
  };
}

/** At the deadline every participant still `pending` turns `late`; returns the new list and who turned. */
export function applyDeadline(participants: readonly RoundParticipant[]): { participants: RoundParticipant[]; late: string[] } {
  const late: string[] = [];
  const next = participants.map((participant) => {
    if (participant.status !== 'pending') return participant;
    late.push(participant.agency);
    return { ...participant, status: 'late' as const };
  });
  return { participants: next, late };
}

/**
 * The participants after a reorganisation (issue 11) replaces former agencies by their successors
 * (`replacements`: former → successor), in round order: the successor takes the former's place, and
 * when it already stands in the round (a merge), the two become one. A report already sent stays with
 * its sender and counts for the successor: the merged participant has reported if either had (the
 * earliest report fixes its status), and its next report amends (versions continue past both).
 * `moved` lists each former participant replaced; empty when nothing changes.
 */
export function replaceParticipants(
  participants: readonly RoundParticipant[],
  replacements: Readonly<Record<string, string>>,
): { participants: RoundParticipant[]; moved: { from: string; to: string }[] } {
  const next: RoundParticipant[] = [];
  const moved: { from: string; to: string }[] = [];
  const place = (participant: RoundParticipant) => {
    const at = next.findIndex((candidate) => candidate.agency === participant.agency);
    if (at < 0) next.push(participant);
    else next[at] = mergeParticipants(next[at], participant);
  };
  for (const participant of participants) {
    const successor = replacements[participant.agency];
    if (!successor || successor === participant.agency) {
      place({ ...participant });
      continue;
    }
    moved.push({ from: participant.agency, to: successor });
    place({ ...participant, agency: successor, predecessors: [...(participant.predecessors ?? []), participant.agency] });
  }
  return { participants: next, moved };
}

/** Why a reorganisation cannot swap participants of this round (the round is closed, nobody is replaced), or null. */
export function participantReplacementRefusal(
  round: { status: RoundStatus; participants: readonly Pick<RoundParticipant, 'agency'>[] },
  replacements: Readonly<Record<string, string>>,
): string | null {
  if (round.status === 'closed') return 'Đợt báo cáo đã kết thúc, không thay đổi cơ quan báo cáo.';
  const touched = round.participants.some(({ agency }) => replacements[agency] !== undefined && replacements[agency] !== agency);
  return touched ? null : 'Không có cơ quan nào của đợt báo cáo bị thay thế.';
}

/** One participant standing for two (same agency): see replaceParticipants. */
function mergeParticipants(kept: RoundParticipant, other: RoundParticipant): RoundParticipant {
  const reported = [kept, other].filter(hasReported).sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  const base = reported[0] ?? (other.status === 'late' ? other : kept);
  const last = [kept.lastReportedAt, other.lastReportedAt].filter((at): at is string => at !== null).sort().at(-1) ?? null;
  const predecessors = [...(kept.predecessors ?? []), ...(other.predecessors ?? [])].filter((code, i, all) => code !== kept.agency && all.indexOf(code) === i);
  return {
    agency: kept.agency,
    status: base.status,
    submittedAt: base.submittedAt,
    lastReportedAt: last,
    reportVersion: Math.max(kept.reportVersion, other.reportVersion),
    ...(predecessors.length ? { predecessors } : {}),
  };
}

export type RoundCommand = 'submit_report' | 'close';

/**
 * Why a command is refused in the round's current state (Vietnamese, shown to the user with a 409), or
 * null when it is allowed. `agency` is the submitting user's agency for `submit_report`.
 */
export function roundCommandRefusal(
  round: { status: RoundStatus; participants: readonly Pick<RoundParticipant, 'agency'>[] },
  command: RoundCommand,
  actor: { role: string; agency?: string },
): string | null {
  if (round.status === 'closed') {
    return command === 'close'
      ? 'Đợt báo cáo đã được kết thúc trước đó.'
      : 'Đợt báo cáo đã kết thúc, không nhận thêm báo cáo hoặc điều chỉnh.';
  }
  if (command === 'close') {
    return actor.role === 'coordinator' ? null : 'Chỉ cơ quan điều phối mới được kết thúc đợt báo cáo.';
  }
  if (actor.role !== 'agency' || !actor.agency) return 'Chỉ cơ quan tham gia đợt báo cáo mới được gửi báo cáo.';
  if (!round.participants.some((participant) => participant.agency === actor.agency)) {
    return `Cơ quan ${actor.agency} không thuộc danh sách báo cáo của đợt này.`;
  }
  return null;
}

/** "10/12/2026" from an ISO local date. */
function formatDate(date: string): string {
  return date.split('-').reverse().join('/');
}

/**
 * How a deadline reads in a report (DESIGN.md §2 "Time"): 00:00 of D is "trước ngày D", the end of D
 * (23:59:59.999, or 23:59 exactly) is "chậm nhất ngày D", anything else names the hour. Pure: the local
 * date arithmetic is UTC+7, Vietnam having no daylight saving.
 */
export function describeRoundDue(dueAtMs: number): string {
  const local = new Date(dueAtMs + 7 * 3_600_000);
  const date = local.toISOString().slice(0, 10);
  const [hours, minutes, seconds] = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  if (hours === 0 && minutes === 0 && seconds === 0 && local.getUTCMilliseconds() === 0) return `trước ngày ${formatDate(date)}`;
  if (hours === 23 && minutes === 59) return `chậm nhất ngày ${formatDate(date)}`;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `trước ${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''} ngày ${formatDate(date)}`;
}

/** The plan's own wording of its reporting deadline ("trước ngày 10/12/2026", "chậm nhất ngày 15/12/2026"). */
export function describePlanReportingDue(dueDate: string, rule: 'before' | 'by'): string {
  return `${rule === 'before' ? 'trước ngày' : 'chậm nhất ngày'} ${formatDate(dueDate)}`;
}
