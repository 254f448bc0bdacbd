/**
 * A rough width of a line of Times New Roman text, for the short horizontal rules of the document
 * header (Decree 30/2020/NĐ-CP sizes them against the line of text above them). Widths per
 * character class are averages of the Times metrics in thousandths of an em; good to about ±10 %,
 * which is all a rule "1/3 to 1/2 of the line" needs.
 */
const NARROW_UPPER = new Set(['I', 'J']);
const WIDE_UPPER = new Set(['M', 'W']);
const NARROW_LOWER = new Set(['i', 'j', 'l', 't', 'f', 'r']);
const WIDE_LOWER = new Set(['m', 'w']);

function charWidth(ch: string, bold: boolean): number {
  if (ch === ' ') return 250;
  if (ch === '-' || ch === '–') return ch === '-' ? 333 : 500;
  if (/[.,;:'’]/.test(ch)) return 260;
  if (/[0-9]/.test(ch)) return 500;
  if (/[A-Z]/.test(ch)) {
    if (NARROW_UPPER.has(ch)) return 389;
    if (WIDE_UPPER.has(ch)) return 944;
    return bold ? 722 : 700;
  }
  if (/[a-z]/.test(ch)) {
    if (NARROW_LOWER.has(ch)) return bold ? 333 : 300;
    if (WIDE_LOWER.has(ch)) return bold ? 800 : 760;
    return bold ? 530 : 490;
  }
  return 500;
}

/** Base letter of a Vietnamese character: diacritics dropped, đ → d. */
function baseLetter(ch: string): string {
  return ch
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace('đ', 'd')
    .replace('Đ', 'D');
}

/** Estimated width of `text` set in Times New Roman at `sizePt`, in twips (1/20 pt). */
export function estimateTextWidthTwips(text: string, sizePt: number, bold = false): number {
  let thousandths = 0;
  for (const ch of text) thousandths += charWidth(baseLetter(ch), bold);
  return Math.round((thousandths / 1000) * sizePt * 20);
}
