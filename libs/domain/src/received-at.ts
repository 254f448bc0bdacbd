/**
 * "Received is what counts" (issue 14): a command is dated when the API received it, not when a busy
 * worker got round to it, so load never makes an agency late. The API stamps the moment once, at the
 * edge; the workflow bounds it, so no caller can backdate a command: never after the workflow's present,
 * never more than {@link MAX_RECEIVED_LAG_MS} before it, never before the previous command it dated.
 */

/** How far before the workflow's present a received moment is believed (a worker down longer makes it late). */
export const MAX_RECEIVED_LAG_MS = 60 * 60_000;

/**
 * The moment (ms) a command counts as given: `receivedAt` (ISO 8601, from the API) within
 * [max(nowMs − MAX_RECEIVED_LAG_MS, notBeforeMs), nowMs]; `nowMs` when it is missing or unreadable.
 */
export function commandMomentMs(receivedAt: string | undefined, nowMs: number, notBeforeMs = Number.NEGATIVE_INFINITY): number {
  const receivedMs = receivedAt === undefined ? Number.NaN : Date.parse(receivedAt);
  if (Number.isNaN(receivedMs)) return nowMs;
  const earliest = Math.min(nowMs, Math.max(nowMs - MAX_RECEIVED_LAG_MS, notBeforeMs));
  return Math.min(nowMs, Math.max(earliest, receivedMs));
}
