import type { EscalationTarget } from '../policy/policy';

export type NotificationRole = 'agency' | 'agency_head' | 'coordinator' | 'leader';

export interface NotificationMessage {
  recipientAgency: string | null;
  recipientRole: NotificationRole;
  kind: string;
  title: string;
  body: string;
}

export interface NotificationTaskContext {
  title: string;
  leadAgency: string;
  dueAt: string;
  coordinatingAgency: string;
}

/** "10/12/2026 00:00" in Vietnam time, for messages (UTC+7, no DST). */
export function formatVietnamTime(iso: string): string {
  const local = new Date(Date.parse(iso) + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ngày ${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

const TARGET_LABEL: Record<EscalationTarget, string> = {
  coordinator: 'cơ quan điều phối',
  agency_head: 'thủ trưởng cơ quan chủ trì',
  leader: 'lãnh đạo UBND Thành phố phụ trách',
};

export function escalationRecipient(to: EscalationTarget, task: NotificationTaskContext): Pick<NotificationMessage, 'recipientAgency' | 'recipientRole'> {
  switch (to) {
    case 'coordinator':
      return { recipientAgency: task.coordinatingAgency, recipientRole: 'coordinator' };
    case 'agency_head':
      return { recipientAgency: task.leadAgency, recipientRole: 'agency_head' };
    case 'leader':
      return { recipientAgency: null, recipientRole: 'leader' };
  }
}

const toLead = (task: NotificationTaskContext, kind: string, title: string, body: string): NotificationMessage => ({
  recipientAgency: task.leadAgency,
  recipientRole: 'agency',
  kind,
  title,
  body,
});

const toCoordinator = (task: NotificationTaskContext, kind: string, title: string, body: string): NotificationMessage => ({
  recipientAgency: task.coordinatingAgency,
  recipientRole: 'coordinator',
  kind,
  title,
  body,
});

/** The Vietnamese messages each lifecycle moment sends, and to whom. */
export const notificationsFor = {
  assigned: (task: NotificationTaskContext) => [
    toLead(task, 'assigned', `Nhiệm vụ mới: ${task.title}`, `Cơ quan được giao chủ trì nhiệm vụ "${task.title}", hạn hoàn thành ${formatVietnamTime(task.dueAt)}. Đề nghị tiếp nhận nhiệm vụ.`),
  ],
  acknowledgeReminder: (task: NotificationTaskContext) => [
    toLead(task, 'acknowledge_reminder', `Nhắc tiếp nhận: ${task.title}`, `Nhiệm vụ "${task.title}" chưa được tiếp nhận. Đề nghị cơ quan tiếp nhận nhiệm vụ.`),
  ],
  acknowledgeEscalation: (task: NotificationTaskContext) => [
    {
      recipientAgency: task.leadAgency,
      recipientRole: 'agency_head' as const,
      kind: 'escalated',
      title: `Nhiệm vụ chưa được tiếp nhận: ${task.title}`,
      body: `Nhiệm vụ "${task.title}" giao cho ${task.leadAgency} đã quá thời hạn tiếp nhận. Đề nghị thủ trưởng cơ quan chỉ đạo tiếp nhận và triển khai.`,
    },
  ],
  reminder: (task: NotificationTaskContext) => [
    toLead(task, 'reminder', `Sắp đến hạn: ${task.title}`, `Nhiệm vụ "${task.title}" đến hạn lúc ${formatVietnamTime(task.dueAt)}. Đề nghị hoàn thành và báo cáo kết quả đúng hạn.`),
  ],
  overdue: (task: NotificationTaskContext) => [
    toLead(task, 'overdue', `Quá hạn: ${task.title}`, `Nhiệm vụ "${task.title}" đã quá hạn (hạn ${formatVietnamTime(task.dueAt)}) mà chưa có báo cáo kết quả.`),
    toCoordinator(task, 'overdue', `Quá hạn: ${task.title}`, `Nhiệm vụ "${task.title}" do ${task.leadAgency} chủ trì đã quá hạn (hạn ${formatVietnamTime(task.dueAt)}).`),
  ],
  escalation: (task: NotificationTaskContext, to: EscalationTarget, level: number) => [
    {
      ...escalationRecipient(to, task),
      kind: 'escalated',
      title: `Báo cáo nhiệm vụ quá hạn (cấp ${level}): ${task.title}`,
      body: `Nhiệm vụ "${task.title}" do ${task.leadAgency} chủ trì đã quá hạn từ ${formatVietnamTime(task.dueAt)}; chuyển ${TARGET_LABEL[to]} để chỉ đạo xử lý.`,
    },
  ],
  submitted: (task: NotificationTaskContext) => [
    toCoordinator(task, 'submitted', `Đã báo cáo kết quả: ${task.title}`, `${task.leadAgency} đã báo cáo kết quả nhiệm vụ "${task.title}". Đề nghị xem xét, nghiệm thu.`),
  ],
  completed: (task: NotificationTaskContext) => [
    toLead(task, 'completed', `Đã nghiệm thu: ${task.title}`, `Kết quả nhiệm vụ "${task.title}" đã được nghiệm thu; nhiệm vụ hoàn thành.`),
  ],
  returned: (task: NotificationTaskContext, reason: string) => [
    toLead(task, 'returned', `Trả lại kết quả: ${task.title}`, `Kết quả nhiệm vụ "${task.title}" bị trả lại. Lý do: ${reason}`),
  ],
  cancelled: (task: NotificationTaskContext, reason: string) => [
    toLead(task, 'cancelled', `Hủy nhiệm vụ: ${task.title}`, `Nhiệm vụ "${task.title}" đã bị hủy. Lý do: ${reason}`),
  ],
  extensionRequested: (task: NotificationTaskContext, newDueAt: string, reason: string) => [
    toCoordinator(task, 'extension_requested', `Xin gia hạn: ${task.title}`, `${task.leadAgency} xin gia hạn nhiệm vụ "${task.title}" đến ${formatVietnamTime(newDueAt)}. Lý do: ${reason}`),
  ],
  extensionApproved: (task: NotificationTaskContext) => [
    toLead(task, 'extension_approved', `Đồng ý gia hạn: ${task.title}`, `Nhiệm vụ "${task.title}" được gia hạn đến ${formatVietnamTime(task.dueAt)}.`),
  ],
  extensionRejected: (task: NotificationTaskContext, reason?: string) => [
    toLead(task, 'extension_rejected', `Không đồng ý gia hạn: ${task.title}`, `Đề nghị gia hạn nhiệm vụ "${task.title}" không được chấp thuận${reason ? `. Lý do: ${reason}` : ''}. Hạn vẫn là ${formatVietnamTime(task.dueAt)}.`),
  ],
  reassignedAway: (task: NotificationTaskContext, formerLead: string, reason: string) => [
    {
      recipientAgency: formerLead,
      recipientRole: 'agency' as const,
      kind: 'reassigned',
      title: `Chuyển giao nhiệm vụ: ${task.title}`,
      body: `Nhiệm vụ "${task.title}" đã được giao lại cho ${task.leadAgency}. Lý do: ${reason}`,
    },
  ],
};
