/** Vietnamese labels and date formatting. Dates are shown in Asia/Ho_Chi_Minh (UTC+7, no DST). */

export const ROLE_LABELS = {
  coordinator: 'Điều phối',
  agency: 'Cơ quan',
  leader: 'Lãnh đạo',
  admin: 'Quản trị',
};

export const STATUS_LABELS = {
  assigned: 'Đã giao',
  acknowledged: 'Đã tiếp nhận',
  in_progress: 'Đang thực hiện',
  submitted: 'Đã báo cáo kết quả',
  completed: 'Hoàn thành',
  cancelled: 'Đã hủy',
};
export const STATUSES = Object.keys(STATUS_LABELS);

/** The four categories of Vietnamese task-tracking reports, then cancelled. */
export const CATEGORY_LABELS = {
  completed_on_time: 'Hoàn thành đúng hạn',
  completed_late: 'Hoàn thành quá hạn',
  in_progress_on_time: 'Đang thực hiện trong hạn',
  in_progress_overdue: 'Đang thực hiện quá hạn',
  cancelled: 'Đã hủy',
};
export const FOUR_CATEGORIES = ['completed_on_time', 'completed_late', 'in_progress_on_time', 'in_progress_overdue'];

export const EVENT_LABELS = {
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
};

export const ESCALATION_TARGET_LABELS = {
  coordinator: 'Cơ quan điều phối',
  agency_head: 'Thủ trưởng cơ quan',
  leader: 'Lãnh đạo UBND Thành phố',
};

export const AGENCY_KIND_LABELS = {
  committee: 'UBND',
  department: 'Sở, ngành',
  district: 'Quận, huyện, thị xã',
  union: 'Đoàn thể, liên minh',
  bank: 'Ngân hàng',
  other: 'Khác',
};

const OFFSET_MS = 7 * 60 * 60 * 1000;
const pad = (n, width = 2) => String(n).padStart(width, '0');

/** Calendar fields of an instant in Vietnam's time. */
function local(value) {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms + OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/** 10/12/2026 */
export function formatDate(value) {
  const p = local(value);
  return p ? `${pad(p.day)}/${pad(p.month)}/${p.year}` : '—';
}

/** 10/12/2026 14:05 */
export function formatDateTime(value) {
  const p = local(value);
  return p ? `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}` : '—';
}

/**
 * A due date the way the documents say it: "trước ngày D" (due at 00:00 of D), "chậm nhất ngày D"
 * (due at the end of D), or date and time.
 */
export function formatDue(value) {
  const p = local(value);
  if (!p) return '—';
  if (p.hour === 0 && p.minute === 0 && p.second === 0 && p.ms === 0) return `trước ngày ${formatDate(value)}`;
  if (p.hour === 23 && p.minute === 59 && p.second === 59) return `chậm nhất ngày ${formatDate(value)}`;
  return `${formatDateTime(value)}`;
}

/** `YYYY-MM-DD` (for <input type=date>) of an instant, in Vietnam's time. */
export function toDateInput(value) {
  const p = local(value);
  return p ? `${p.year}-${pad(p.month)}-${pad(p.day)}` : '';
}

/** The due instant of a date input and a rule: 'by' = end of that day, 'before' = its 00:00 (UTC+7). */
export function dueFromDate(date, rule) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  return rule === 'before' ? `${date}T00:00:00+07:00` : `${date}T23:59:59.999+07:00`;
}

export function formatNumber(n) {
  return new Intl.NumberFormat('vi-VN').format(n ?? 0);
}

export function percent(part, total) {
  if (!total) return '0%';
  return `${Math.round((part / total) * 100)}%`;
}

/** A reporting round's participant: has it reported, and on time? */
export const PARTICIPANT_STATUS_LABELS = {
  pending: 'Chưa báo cáo',
  submitted: 'Đã báo cáo',
  late: 'Quá hạn, chưa báo cáo',
  submitted_late: 'Báo cáo muộn',
};

export const ROUND_STATUS_LABELS = {
  open: 'Đang nhận báo cáo',
  closed: 'Đã kết thúc',
};

export const ROUND_EVENT_LABELS = {
  opened: 'Mở đợt báo cáo',
  reminder_sent: 'Nhắc gửi báo cáo',
  deadline_passed: 'Hết hạn báo cáo',
  escalated: 'Báo cáo lên cấp trên',
  report_submitted: 'Gửi báo cáo',
  report_amended: 'Điều chỉnh báo cáo',
  closed: 'Kết thúc đợt báo cáo',
};

export const AGGREGATION_LABELS = {
  sum: 'Cộng',
  average: 'Trung bình',
  latest: 'Số mới nhất',
};

/** 1.234,5 — a figure as Vietnamese documents write it (up to 2 decimals). */
export function formatFigure(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
}
