/**
 * The sentences of the administrative report, built from the figures. Pure: the same report gives
 * the same words, and the figures are the ones of the JSON summary, written the Vietnamese way.
 */
import type { ConsolidatedReport } from '../../domain/src/reporting/consolidated-report';
import { formatDateTimeVi, formatNumberVi, formatPercentVi } from './format';
import { REPORT_TASK_CATEGORIES, joinVi, shortCommitteeName, taskCategoryLabel } from './labels';
import { indicatorSummary, participationSummary } from './rows';

export function introParagraph(report: ConsolidatedReport): string {
  return (
    `Thực hiện chế độ báo cáo tại ${report.round.planTitle}, các sở, ban, ngành, UBND các quận, huyện, thị xã ` +
    `đánh giá kết quả thực hiện và gửi ${report.compiledBy.name} ${report.round.dueText}. ` +
    `Trên cơ sở báo cáo của các cơ quan, đơn vị, ${report.compiledBy.name} tổng hợp, báo cáo ` +
    `${report.sentTo.name} kết quả thực hiện như sau:`
  );
}

export function participationParagraph(report: ConsolidatedReport): string {
  const s = participationSummary(report);
  const late = s.reportedLate > 0 ? ` (trong đó ${formatNumberVi(s.reportedLate)} báo cáo gửi sau thời hạn)` : '';
  const missing =
    s.notReported > 0
      ? `; còn ${formatNumberVi(s.notReported)} cơ quan, đơn vị chưa gửi báo cáo (chi tiết tại Mục II)`
      : '; tất cả các cơ quan, đơn vị đã gửi báo cáo';
  return (
    `Tổng số ${formatNumberVi(s.participants)} cơ quan, đơn vị thuộc diện báo cáo. Đến ${formatDateTimeVi(report.generatedAt)}, ` +
    `đã có ${formatNumberVi(s.reported)} cơ quan, đơn vị gửi báo cáo${late}${missing}.`
  );
}

export function taskStatisticsParagraph(report: ConsolidatedReport): string {
  const stats = report.taskStatistics;
  const parts = REPORT_TASK_CATEGORIES.map((category) => {
    const count = stats.byCategory[category] ?? 0;
    return `${taskCategoryLabel(category).toLowerCase()} ${formatNumberVi(count)} nhiệm vụ (${formatPercentVi(count, stats.total)})`;
  });
  const cancelled = stats.byCategory.cancelled ?? 0;
  if (cancelled > 0) parts.push(`đã hủy ${formatNumberVi(cancelled)} nhiệm vụ (${formatPercentVi(cancelled, stats.total)})`);
  // With ?asOf= the statistics are those of a past day's agencies: the reader must know.
  const scope = stats.agenciesAsOf ? ` giao đến hết ngày ${localDateVi(stats.agenciesAsOf)}, tính theo cơ quan chủ trì tại ngày đó` : '';
  return `Tổng số nhiệm vụ theo Kế hoạch${scope}: ${formatNumberVi(stats.total)} nhiệm vụ, trong đó: ${parts.join('; ')}.`;
}

export function indicatorParagraph(report: ConsolidatedReport): string {
  const s = indicatorSummary(report);
  if (s.total === 0) return 'Kế hoạch không đề ra chỉ tiêu định lượng.';
  const parts = [`${formatNumberVi(s.met)} chỉ tiêu đạt`, `${formatNumberVi(s.notMet)} chỉ tiêu chưa đạt`];
  if (s.noData > 0) parts.push(`${formatNumberVi(s.noData)} chỉ tiêu chưa có số liệu`);
  return `Kế hoạch đề ra ${formatNumberVi(s.total)} chỉ tiêu; đến thời điểm tổng hợp có ${joinVi(parts)}, cụ thể như sau:`;
}

export function overdueParagraph(report: ConsolidatedReport): string {
  const n = report.overdueTasks.length;
  if (n === 0) return 'Không có nhiệm vụ quá hạn.';
  const escalated = report.overdueTasks.filter((task) => task.escalationLevel > 0).length;
  const escalation = escalated > 0 ? `, trong đó ${formatNumberVi(escalated)} nhiệm vụ đã được báo cáo lên cấp trên` : '';
  return `Còn ${formatNumberVi(n)} nhiệm vụ đang thực hiện quá hạn${escalation}, cụ thể như sau:`;
}

export function missingParagraph(report: ConsolidatedReport): string {
  if (report.missing.length === 0) return 'Tất cả các cơ quan, đơn vị thuộc diện báo cáo đã gửi báo cáo.';
  return (
    `Đến thời điểm tổng hợp, còn ${formatNumberVi(report.missing.length)} cơ quan, đơn vị chưa gửi báo cáo: ` +
    `${joinVi(report.missing.map((agency) => agency.name))}.`
  );
}

export function lateParagraph(report: ConsolidatedReport): string | null {
  const late = report.participants.filter((p) => p.status === 'submitted_late');
  if (late.length === 0) return null;
  return `Có ${formatNumberVi(late.length)} cơ quan, đơn vị gửi báo cáo sau thời hạn: ${joinVi(late.map((p) => p.agencyName))}.`;
}

function actualText(indicator: ConsolidatedReport['indicators'][number]): string {
  if (indicator.actual === null) return 'chưa có số liệu';
  const unit = indicator.unit === '%' ? '%' : ` ${indicator.unit}`;
  return `thực hiện ${formatNumberVi(indicator.actual)}${unit}`;
}

export function unmetIndicatorsParagraph(report: ConsolidatedReport): string | null {
  const unmet = report.indicators.filter((indicator) => indicator.met === false);
  const noData = report.indicators.filter((indicator) => indicator.met === null);
  const sentences: string[] = [];
  if (unmet.length > 0) {
    const items = unmet.map((i) => `${i.name} (${actualText(i)}, kế hoạch ${i.targetText})`);
    sentences.push(`Còn ${formatNumberVi(unmet.length)} chỉ tiêu chưa đạt kế hoạch: ${items.join('; ')}.`);
  }
  if (noData.length > 0) {
    sentences.push(`Có ${formatNumberVi(noData.length)} chỉ tiêu chưa có số liệu báo cáo: ${noData.map((i) => i.name).join('; ')}.`);
  }
  return sentences.length > 0 ? sentences.join(' ') : null;
}

/** The proposals of section III, one paragraph each, from what the figures show. */
export function proposals(report: ConsolidatedReport): string[] {
  const committee = shortCommitteeName(report.sentTo.name);
  const out: string[] = [];
  if (report.missing.length > 0) {
    out.push(
      `Đề nghị ${committee} chỉ đạo ${joinVi(report.missing.map((a) => a.name))} khẩn trương gửi báo cáo về ` +
        `${report.compiledBy.name} để tổng hợp, báo cáo theo quy định.`,
    );
  }
  if (report.overdueTasks.length > 0) {
    out.push(
      `Đề nghị ${committee} chỉ đạo các cơ quan chủ trì ${formatNumberVi(report.overdueTasks.length)} nhiệm vụ quá hạn ` +
        'tập trung hoàn thành, báo cáo kết quả; trường hợp cần điều chỉnh thời hạn, đề xuất gia hạn theo quy định.',
    );
  }
  if (report.indicators.some((i) => i.met === false)) {
    out.push('Đề nghị các cơ quan, đơn vị được giao các chỉ tiêu chưa đạt có giải pháp cụ thể để hoàn thành chỉ tiêu theo Kế hoạch.');
  }
  out.push(
    'Đề nghị các sở, ban, ngành, UBND các quận, huyện, thị xã tiếp tục triển khai thực hiện Kế hoạch, ' +
      'thực hiện nghiêm chế độ báo cáo định kỳ.',
  );
  return out;
}

/** The closing sentence; "./." ends the text of an administrative document. */
export function closingParagraph(report: ConsolidatedReport): string {
  return `${report.compiledBy.name} kính báo cáo ${report.sentTo.name} xem xét, chỉ đạo./.`;
}

/** "30/06/2025" from a calendar day "2025-06-30". */
function localDateVi(date: string): string {
  return date.split('-').reverse().join('/');
}
