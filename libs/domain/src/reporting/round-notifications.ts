import type { EscalationTarget } from '../policy/policy';
import { formatVietnamTime, type NotificationMessage } from '../task/notification-text';

/** What the round's messages need to know; names keep the messages readable without a directory lookup. */
export interface RoundNotificationContext {
  title: string;
  dueText: string;
  coordinatorAgency: string;
  agencyNames: Readonly<Record<string, string>>;
}

/** "Sở Tài chính (STC)", or the code alone when the name is unknown. */
export function agencyLabel(round: Pick<RoundNotificationContext, 'agencyNames'>, code: string): string {
  const name = round.agencyNames[code];
  return name ? `${name} (${code})` : code;
}

const TARGET_LABEL: Record<EscalationTarget, string> = {
  coordinator: 'cơ quan điều phối',
  agency_head: 'thủ trưởng cơ quan',
  leader: 'lãnh đạo UBND Thành phố phụ trách',
};

const toAgency = (agency: string, kind: string, title: string, body: string): NotificationMessage => ({
  recipientAgency: agency,
  recipientRole: 'agency',
  kind,
  title,
  body,
});

/** The same message to each agency, its body naming the agency. */
const toEachAgency = (agencies: readonly string[], kind: string, title: string, body: (agency: string) => string): NotificationMessage[] =>
  agencies.map((agency) => toAgency(agency, kind, title, body(agency)));

const toCoordinator = (round: RoundNotificationContext, kind: string, title: string, body: string): NotificationMessage => ({
  recipientAgency: round.coordinatorAgency,
  recipientRole: 'coordinator',
  kind,
  title,
  body,
});

/** The Vietnamese messages each moment of a round sends, and to whom (kinds are prefixed `round_`). */
export const roundNotificationsFor = {
  opened: (round: RoundNotificationContext, participants: readonly string[]) =>
    toEachAgency(participants, 'round_opened', `Yêu cầu báo cáo: ${round.title}`, (agency) =>
      `Đề nghị ${agencyLabel(round, agency)} đánh giá kết quả thực hiện và gửi báo cáo, kèm số liệu các chỉ tiêu được giao, ${round.dueText}.`,
    ),
  reminder: (round: RoundNotificationContext, missing: readonly string[]) =>
    toEachAgency(missing, 'round_reminder', `Nhắc gửi báo cáo: ${round.title}`, (agency) =>
      `${agencyLabel(round, agency)} chưa gửi báo cáo. Đề nghị gửi báo cáo ${round.dueText}.`,
    ),
  deadline: (round: RoundNotificationContext, late: readonly string[]) =>
    toEachAgency(late, 'round_late', `Quá hạn gửi báo cáo: ${round.title}`, (agency) =>
      `Đã hết hạn gửi báo cáo (${round.dueText}) mà ${agencyLabel(round, agency)} chưa gửi. Đề nghị gửi ngay; báo cáo gửi sau hạn vẫn được tiếp nhận và ghi nhận là gửi muộn.`,
    ),
  /** One message to the coordinator or the leadership naming every missing agency; one per missing agency to its head. */
  escalation: (round: RoundNotificationContext, to: EscalationTarget, level: number, missing: readonly string[], total: number, atMs: number) => {
    const title = `Chưa nhận đủ báo cáo (cấp ${level}): ${round.title}`;
    const names = missing.map((agency) => agencyLabel(round, agency)).join('; ');
    const body =
      `Đến ${formatVietnamTime(new Date(atMs).toISOString())}, còn ${missing.length}/${total} cơ quan chưa gửi báo cáo (hạn ${round.dueText}): ` +
      `${names}. Chuyển ${TARGET_LABEL[to]} để chỉ đạo, đôn đốc.`;
    switch (to) {
      case 'coordinator':
        return [toCoordinator(round, 'round_escalated', title, body)];
      case 'leader':
        return [{ recipientAgency: null, recipientRole: 'leader' as const, kind: 'round_escalated', title, body }];
      case 'agency_head':
        return missing.map((agency) => ({
          recipientAgency: agency,
          recipientRole: 'agency_head' as const,
          kind: 'round_escalated',
          title,
          body: `${agencyLabel(round, agency)} chưa gửi báo cáo (hạn ${round.dueText}). Đề nghị thủ trưởng cơ quan chỉ đạo gửi báo cáo ngay.`,
        }));
    }
  },
  submitted: (round: RoundNotificationContext, agency: string, late: boolean) => [
    toCoordinator(
      round,
      'round_report_submitted',
      `${late ? 'Báo cáo gửi muộn' : 'Đã nhận báo cáo'}: ${round.title}`,
      `${agencyLabel(round, agency)} đã gửi báo cáo${late ? ` sau hạn (${round.dueText})` : ''}.`,
    ),
  ],
  amended: (round: RoundNotificationContext, agency: string, version: number) => [
    toCoordinator(
      round,
      'round_report_amended',
      `Báo cáo được điều chỉnh: ${round.title}`,
      `${agencyLabel(round, agency)} đã điều chỉnh báo cáo (lần ${version - 1}); bản điều chỉnh thay số liệu của bản trước, các bản trước vẫn được lưu.`,
    ),
  ],
  /** A successor takes over a former participant's duty to report (issue 11); a report the former sent counts for it. */
  takenOver: (round: RoundNotificationContext, moved: readonly { from: string; to: string; reported: boolean }[]) =>
    moved.map(({ from, to, reported }) =>
      toAgency(
        to,
        'round_participant_replaced',
        `Tiếp nhận nghĩa vụ báo cáo: ${round.title}`,
        reported
          ? `Do sắp xếp tổ chức bộ máy, ${agencyLabel(round, to)} tiếp nhận nghĩa vụ báo cáo của ${agencyLabel(round, from)}; báo cáo ${from} đã gửi được tính cho ${to}. Cơ quan có thể gửi báo cáo điều chỉnh.`
          : `Do sắp xếp tổ chức bộ máy, ${agencyLabel(round, to)} tiếp nhận nghĩa vụ báo cáo của ${agencyLabel(round, from)}. Đề nghị gửi báo cáo ${round.dueText}.`,
      ),
    ),
};
