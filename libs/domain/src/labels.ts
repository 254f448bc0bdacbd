import type { AgencyKind } from './agency';
import type { PlanIndicatorAggregation } from './plan';
import type { EscalationTarget } from './policy';
import type { ParticipantStatus, RoundEventType, RoundStatus } from './reporting';
import type { Role } from './roles';
import { TASK_CATEGORY_LABELS, TASK_STATUS_LABELS, type TaskEventType } from './task';

/**
 * The Vietnamese words the product shows for the domain's codes: the only copy. The web pages get
 * them from `GET /api/meta/labels`, the reports (libs/reports) import them.
 */

export const ROLE_LABELS: Record<Role, string> = {
  coordinator: 'Điều phối',
  agency: 'Cơ quan',
  leader: 'Lãnh đạo',
  admin: 'Quản trị',
};

export const TASK_EVENT_LABELS: Record<TaskEventType, string> = {
  assigned: 'Giao nhiệm vụ',
  acknowledged: 'Tiếp nhận nhiệm vụ',
  acknowledge_reminder_sent: 'Nhắc tiếp nhận',
  reminder_sent: 'Nhắc hạn',
  overdue: 'Quá hạn',
  escalated: 'Báo cáo lên cấp trên',
  progress_reported: 'Báo cáo tiến độ',
  submitted: 'Báo cáo kết quả',
  returned: 'Trả lại để làm tiếp',
  completed: 'Nghiệm thu, hoàn thành',
  extension_requested: 'Xin gia hạn',
  extension_approved: 'Đồng ý gia hạn',
  extension_rejected: 'Không đồng ý gia hạn',
  reassigned: 'Giao lại cho cơ quan khác',
  cancelled: 'Hủy nhiệm vụ',
  projection_failed: 'Lỗi ghi nhận sự kiện, đã báo quản trị',
};

/** Who an escalation went to, as a heading or a table cell says it. */
export const ESCALATION_TARGET_LABELS: Record<EscalationTarget, string> = {
  coordinator: 'Cơ quan điều phối',
  agency_head: 'Thủ trưởng cơ quan',
  leader: 'Lãnh đạo UBND Thành phố',
};

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  committee: 'UBND',
  department: 'Sở, ngành',
  district: 'Quận, huyện, thị xã',
  union: 'Đoàn thể, liên minh',
  bank: 'Ngân hàng',
  other: 'Khác',
};

/** Where a participant of a reporting round stands. */
export const PARTICIPANT_STATUS_LABELS: Record<ParticipantStatus, string> = {
  pending: 'Chưa báo cáo',
  submitted: 'Đã báo cáo',
  late: 'Quá hạn, chưa báo cáo',
  submitted_late: 'Báo cáo muộn',
};

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  open: 'Đang nhận báo cáo',
  closed: 'Đã kết thúc',
};

export const ROUND_EVENT_LABELS: Record<RoundEventType, string> = {
  opened: 'Mở đợt báo cáo',
  reminder_sent: 'Nhắc gửi báo cáo',
  deadline_passed: 'Hết hạn báo cáo',
  escalated: 'Báo cáo lên cấp trên',
  report_submitted: 'Gửi báo cáo',
  report_amended: 'Điều chỉnh báo cáo',
  participants_replaced: 'Thay cơ quan báo cáo do sắp xếp tổ chức',
  closed: 'Kết thúc đợt báo cáo',
};

/** How an indicator's actuals add up across agencies. */
export const INDICATOR_AGGREGATION_LABELS: Record<PlanIndicatorAggregation, string> = {
  sum: 'Tổng cộng',
  average: 'Bình quân',
  latest: 'Số liệu mới nhất',
};

/** Kinds of an indicator's target, as plans word them. */
export const TARGET_KIND_LABELS = {
  at_least: 'Ít nhất',
  at_most: 'Tối đa',
  exact: 'Đúng bằng',
  greater_than: 'Trên',
  less_than: 'Dưới',
  approx: 'Khoảng',
  range: 'Trong khoảng',
  growth: 'Tăng trưởng',
} as const;

/** Whether an indicator met its target; `no_data` before any actual. */
export const INDICATOR_MET_LABELS = {
  met: 'Đạt',
  not_met: 'Chưa đạt',
  no_data: 'Chưa có số liệu',
} as const;

export function indicatorMetLabel(met: boolean | null): string {
  if (met === null) return INDICATOR_MET_LABELS.no_data;
  return met ? INDICATOR_MET_LABELS.met : INDICATOR_MET_LABELS.not_met;
}

/** Every label map by name: what `GET /api/meta/labels` answers. */
/** How a due date the document does not state is shown next to it (task page, reports): the plan assumed it. */
export const ASSUMED_DUE_LABEL = 'Hạn dự kiến, văn bản không nêu';

export const DISPLAY_LABELS = {
  role: ROLE_LABELS,
  taskStatus: TASK_STATUS_LABELS,
  taskCategory: TASK_CATEGORY_LABELS,
  taskEvent: TASK_EVENT_LABELS,
  escalationTarget: ESCALATION_TARGET_LABELS,
  agencyKind: AGENCY_KIND_LABELS,
  participantStatus: PARTICIPANT_STATUS_LABELS,
  roundStatus: ROUND_STATUS_LABELS,
  roundEvent: ROUND_EVENT_LABELS,
  indicatorAggregation: INDICATOR_AGGREGATION_LABELS,
  indicatorMet: INDICATOR_MET_LABELS,
  targetKind: TARGET_KIND_LABELS,
  due: { assumed: ASSUMED_DUE_LABEL },
} as const;
export type DisplayLabels = typeof DISPLAY_LABELS;
