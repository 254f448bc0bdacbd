import type { ConsolidatedReport } from '../../domain/src/reporting/consolidated-report';
import { ASSUMED_DUE_LABEL, ESCALATION_TARGET_LABELS, TASK_CATEGORY_LABELS, type TaskCategory } from '../../domain/src';

export type IndicatorAggregation = ConsolidatedReport['indicators'][number]['aggregation'];

// The Vietnamese labels are the domain's (libs/domain/src/labels.ts), the same the web pages show.
export { INDICATOR_AGGREGATION_LABELS as AGGREGATION_LABELS, PARTICIPANT_STATUS_LABELS, indicatorMetLabel as metLabel } from '../../domain/src';

/** The four categories of task-tracking reports, in the order the reports list them. */
export const REPORT_TASK_CATEGORIES = [
  'completed_on_time',
  'completed_late',
  'in_progress_on_time',
  'in_progress_overdue',
] as const satisfies readonly TaskCategory[];

export function taskCategoryLabel(category: TaskCategory): string {
  return TASK_CATEGORY_LABELS[category];
}

/** Who an overdue task was escalated to; an unknown value is shown as it is. */
export function escalationTargetLabel(to: string | null): string {
  if (!to) return '';
  return (ESCALATION_TARGET_LABELS as Record<string, string>)[to] ?? to;
}

/** Upper case with Vietnamese diacritics kept ("Sở Kế hoạch" → "SỞ KẾ HOẠCH"). */
export function upperVi(text: string): string {
  return text.toUpperCase();
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The abbreviation of an agency for the document symbol ("Số: …/BC-SKHĐT"): the initials of its
 * name's words, "và" left out ("Sở Kế hoạch và Đầu tư" → "SKHĐT", "Sở Tài chính" → "STC");
 * a people's committee is "UBND".
 */
export function agencyAbbreviation(name: string): string {
  const trimmed = name.trim();
  if (/^(ủy|uỷ) ban nhân dân/i.test(trimmed)) return 'UBND';
  return trimmed
    .split(/[\s,–-]+/)
    .filter((word) => word && word.toLowerCase() !== 'và')
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
}

/**
 * The name of the governing body as the top line of the header block: upper case, with the common
 * abbreviations Decree 30/2020/NĐ-CP allows there ("Ủy ban nhân dân Thành phố Hà Nội" →
 * "UBND THÀNH PHỐ HÀ NỘI").
 */
export function governingBodyLine(name: string): string {
  return upperVi(name.trim())
    .replace(/^(ỦY|UỶ) BAN NHÂN DÂN(?=\s|$)/, 'UBND')
    .replace(/^HỘI ĐỒNG NHÂN DÂN(?=\s|$)/, 'HĐND');
}

/** The short name of a people's committee in running text ("Ủy ban nhân dân Thành phố Hà Nội" → "UBND Thành phố"). */
export function shortCommitteeName(name: string): string {
  const match = /^(?:ủy|uỷ) ban nhân dân\s+(thành phố|tỉnh)(?=\s|$)/i.exec(name.trim());
  if (!match) return name.trim();
  return `UBND ${match[1].charAt(0).toUpperCase()}${match[1].slice(1).toLowerCase()}`;
}

/** The place of a city or province body ("Ủy ban nhân dân Thành phố Hà Nội" → "Hà Nội"), or null. */
export function placeOf(name: string): string | null {
  const match = /(?:thành phố|tỉnh)\s+(.+)$/i.exec(name.trim());
  return match ? match[1].trim() : null;
}

/**
 * The summary line under "BÁO CÁO", from the plan's title:
 * "Kế hoạch phát triển kinh tế tập thể … năm 2026" → "Kết quả thực hiện Kế hoạch phát triển kinh tế tập thể … năm 2026".
 */
export function reportSummaryLine(planTitle: string): string {
  const title = planTitle.trim();
  const plan = /^kế hoạch(?=\s|$)/i.test(title) ? `Kế hoạch${title.slice('Kế hoạch'.length)}` : `Kế hoạch ${lowerFirst(title)}`;
  return `Kết quả thực hiện ${plan}`;
}

/** Names joined the Vietnamese way: "A, B và C". */
export function joinVi(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} và ${names[names.length - 1]}`;
}

/** What a report writes of a due date the document does not state (beside the date); empty for a stated one. */
export function assumedDueNote(assumed: boolean | undefined): string {
  return assumed ? ASSUMED_DUE_LABEL : '';
}
