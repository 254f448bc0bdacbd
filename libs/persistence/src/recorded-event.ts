/** One entry of an append-only history (`task_events`, `reporting_round_events`), as read back. */
export interface RecordedEvent {
  id: string;
  seq: number;
  type: string;
  at: string;
  actor: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** The history of one task or round, in order (`table` and `key` are constants of the calling repository). */
export const recordedEventsSql = (table: string, key: string) =>
  `SELECT id::text, seq, type, at, actor, payload FROM ${table} WHERE ${key} = $1 ORDER BY seq`;

export function toRecordedEvent(row: Omit<RecordedEvent, 'at'> & { at: Date }): RecordedEvent {
  return { ...row, at: row.at.toISOString() };
}
