import type { ErrorDetail } from './errors';

/** How far ahead a deadline may be set: beyond it a date is almost surely a typo (2206 for 2026). */
export const MAX_DEADLINE_YEARS_AHEAD = 10;

/**
 * Why a deadline given as an ISO 8601 instant is not acceptable at `nowMs`, or null. It must carry
 * its offset (`Z` or `+07:00`: a bare date or local time would be read in the server's zone), lie
 * in the future, and no more than ten years ahead.
 */
export function deadlineProblem(value: string, nowMs: number, path: string): ErrorDetail | null {
  if (!/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return { path, message: 'phải là thời điểm có múi giờ, ví dụ 2026-12-10T00:00:00+07:00' };
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { path, message: 'không phải thời điểm hợp lệ' };
  if (ms <= nowMs) return { path, message: 'phải ở tương lai' };
  const limit = new Date(nowMs);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_DEADLINE_YEARS_AHEAD);
  if (ms > limit.getTime()) return { path, message: `không quá ${MAX_DEADLINE_YEARS_AHEAD} năm kể từ nay` };
  return null;
}
