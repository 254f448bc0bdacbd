/**
 * Pure formatting helpers for the rendered reports: numbers the Vietnamese way and instants in
 * Vietnam time. No clock reads and no host time zone: every date comes from the report itself and
 * is shifted by the fixed UTC+7 offset (Vietnam has had no daylight saving since 1975).
 */

const VIETNAM_OFFSET_MS = 7 * 3600_000;

/** Wall-clock fields of an instant in Vietnam time. */
export interface VietnamDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO instant: ${JSON.stringify(iso)}`);
  return ms;
}

export function vietnamDateTime(iso: string): VietnamDateTime {
  const local = new Date(parseInstant(iso) + VIETNAM_OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "10/12/2026": the calendar day of the instant in Vietnam time. */
export function formatDateVi(iso: string): string {
  const t = vietnamDateTime(iso);
  return `${pad2(t.day)}/${pad2(t.month)}/${t.year}`;
}

/** "10/12/2026 08:30" in Vietnam time. */
export function formatDateTimeVi(iso: string): string {
  const t = vietnamDateTime(iso);
  return `${formatDateVi(iso)} ${pad2(t.hour)}:${pad2(t.minute)}`;
}

/**
 * The place-and-date line of an administrative document: "Hà Nội, ngày 05 tháng 3 năm 2026".
 * Decree 30/2020/NĐ-CP, Appendix I, Part I, II.4: the day and month are written in Arabic numerals,
 * with a leading 0 for days below 10 and for months 1 and 2 (only those months).
 */
export function placeDateLine(place: string, iso: string): string {
  const t = vietnamDateTime(iso);
  const month = t.month <= 2 ? pad2(t.month) : String(t.month);
  return `${place}, ngày ${pad2(t.day)} tháng ${month} năm ${t.year}`;
}

/**
 * A JS Date whose UTC fields are the Vietnam wall-clock time of the instant: exceljs writes a Date
 * as an Excel serial from its UTC fields, and Excel serials carry no zone, so the cell shows the
 * time a reader in Vietnam expects.
 */
export function excelDateOf(iso: string): Date {
  return new Date(parseInstant(iso) + VIETNAM_OFFSET_MS);
}

/** The Vietnam calendar day of the instant as a date-only Excel value (00:00, no fraction). */
export function excelDayOf(iso: string): Date {
  const t = vietnamDateTime(iso);
  return new Date(Date.UTC(t.year, t.month - 1, t.day));
}

/**
 * A number written the Vietnamese way: "." groups thousands, "," marks decimals
 * (1234.5 → "1.234,5"); at most `maxFractionDigits` decimals, trailing zeros dropped.
 */
export function formatNumberVi(value: number, maxFractionDigits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const factor = 10 ** maxFractionDigits;
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  const negative = value < 0 && rounded !== 0;
  const [integerPart, fractionPart = ''] = rounded.toFixed(maxFractionDigits).split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const fraction = fractionPart.replace(/0+$/, '');
  return `${negative ? '-' : ''}${grouped}${fraction ? `,${fraction}` : ''}`;
}

/** "45,5%" of `part` in `whole`, or "0%" when the whole is 0. */
export function formatPercentVi(part: number, whole: number, maxFractionDigits = 1): string {
  return `${formatNumberVi(whole === 0 ? 0 : (part / whole) * 100, maxFractionDigits)}%`;
}

/** Excel number format for a figure: integers without decimals, others with up to two. */
export function excelNumberFormat(value: number): string {
  return Number.isInteger(value) ? '#,##0' : '#,##0.0#';
}

/**
 * Text that is safe in an Office XML part: control characters XML 1.0 forbids are dropped (an
 * agency's narrative pasted from elsewhere may carry them, and Word refuses such a file); with
 * `singleLine`, tabs and line breaks become spaces.
 */
export function cleanText(text: string, singleLine = false): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return singleLine ? cleaned.replace(/\s*[\r\n\t]+\s*/g, ' ') : cleaned.replace(/\r\n?/g, '\n');
}
