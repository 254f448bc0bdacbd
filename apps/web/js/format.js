/** Dates and figures as Vietnamese readers write them (labels of codes: labels.js). Dates are shown in Asia/Ho_Chi_Minh (UTC+7, no DST). */

/** The four categories of Vietnamese task-tracking reports, in the order dashboards show them (cancelled apart). */
export const FOUR_CATEGORIES = ['completed_on_time', 'completed_late', 'in_progress_on_time', 'in_progress_overdue'];

const pad = (n, width = 2) => String(n).padStart(width, '0');
const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  fractionalSecondDigits: 3,
});

/** Calendar fields of an instant in Vietnam's time (whatever the browser's own zone). */
function local(value) {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const parts = Object.fromEntries(VIETNAM_TIME.formatToParts(ms).map((part) => [part.type, Number(part.value)]));
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second, ms: parts.fractionalSecond };
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

/** 1.234,5 — a figure as Vietnamese documents write it (up to 2 decimals). */
export function formatFigure(n) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(n);
}
