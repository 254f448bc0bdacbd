// Text rules shared by the plan drafter: folding Vietnamese for matching, paragraphs with their lines, dates.
import { foldVietnamese } from '../../search';

export { foldVietnamese };

/** Abbreviations written in plans, as the words they stand for (folded). */
const ABBREVIATIONS: Record<string, string[]> = {
  htx: ['hop', 'tac', 'xa'],
  ubnd: ['uy', 'ban', 'nhan', 'dan'],
  hdnd: ['hoi', 'dong', 'nhan', 'dan'],
  tp: ['thanh', 'pho'],
  mttq: ['mat', 'tran', 'to', 'quoc'],
  ptnt: ['phat', 'trien', 'nong', 'thon'],
  bch: ['ban', 'chap', 'hanh'],
};

/** A word of the text: its folded form (abbreviations expanded into several) and where it stands. */
export interface TextToken {
  word: string;
  /** Offset of the original word in the text. */
  start: number;
  end: number;
}

/** Words of a text, folded, `&` dropped (`KH&ĐT` → `khdt`), abbreviations expanded (`HTX` → hop tac xa). */
export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  const folded = foldVietnamese(text);
  for (const match of folded.matchAll(/[\p{L}\p{N}&]+/gu)) {
    const word = match[0].replace(/&/g, '');
    if (!word) continue;
    const start = match.index;
    const end = start + match[0].length;
    for (const part of ABBREVIATIONS[word] ?? [word]) tokens.push({ word: part, start, end });
  }
  return tokens;
}

/** The folded words of a name, as `tokenize` gives them. */
export function words(text: string): string[] {
  return tokenize(text).map((token) => token.word);
}

/** One paragraph of the document with the 1-based line it starts on. */
export interface Paragraph {
  index: number;
  line: number;
  text: string;
}

/** Decree 30/2020 outline markers: `I.`, `1.`, `a)`, `(1)`, `-`, `+`. */
export const OUTLINE_MARKER = /^(?:[IVX]{1,5}\.\s|\d{1,2}\.\s|[a-zđ]\)\s|\(\d{1,2}\)\s*|[-–•+*]\s)/;

/**
 * Paragraphs of the document: each non-empty line, with a line broken off mid-sentence (a page break in the
 * source: no closing punctuation, the next line not an outline marker) joined to the next.
 */
export function paragraphs(text: string): Paragraph[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: Paragraph[] = [];
  let pending: Paragraph | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) return;
    // A line broken off mid-sentence: an item ("a) …", "- …") or any line whose continuation starts in lower case.
    const continues = pending && (/^[a-zđ]\)\s|^[-–•+*]\s/.test(pending.text) || /^\p{Ll}/u.test(line));
    if (pending && continues && !OUTLINE_MARKER.test(line) && !/[.;:!?…"”)]$/.test(pending.text) && pending.text.length > 60) {
      pending.text = `${pending.text} ${line}`;
      return;
    }
    pending = { index: out.length, line: i + 1, text: line };
    out.push(pending);
  });
  return out;
}

/** Sentences of a paragraph (a full stop followed by a capital or the end). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ])/u)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `10/12/2024` → `2024-12-10`, or undefined when not a calendar date. */
export function isoDate(day: number, month: number, year: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** A deadline stated in the text: "trước ngày D" (before), "chậm nhất ngày D", "đến ngày D", "trong tháng M/YYYY", "quý II/YYYY". */
export function findDeadline(text: string): { date: string; rule: 'before' | 'by'; phrase: string } | undefined {
  const folded = foldVietnamese(text);
  const day = /\b(truoc|cham nhat|den|han|hoan thanh)\s+(?:trong\s+|vao\s+)?ngay\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(folded);
  if (day) {
    const date = isoDate(Number(day[2]), Number(day[3]), Number(day[4]));
    if (date) return { date, rule: day[1] === 'truoc' ? 'before' : 'by', phrase: text.slice(day.index, day.index + day[0].length) };
  }
  const month = /(?:truoc|trong|cham nhat|den het)\s+thang\s+(\d{1,2})[/.-](\d{4})/.exec(folded);
  if (month) {
    const [m, y] = [Number(month[1]), Number(month[2])];
    if (m >= 1 && m <= 12) {
      const before = month[0].startsWith('truoc');
      const date = before ? isoDate(1, m, y) : isoDate(new Date(Date.UTC(y, m, 0)).getUTCDate(), m, y);
      if (date) return { date, rule: before ? 'before' : 'by', phrase: text.slice(month.index, month.index + month[0].length) };
    }
  }
  const quarter = /(?:trong|truoc het|cham nhat|den het)\s+quy\s+(i{1,3}|iv)\s*[/.-]\s*(\d{4})/.exec(folded);
  if (quarter) {
    const q = ['i', 'ii', 'iii', 'iv'].indexOf(quarter[1]) + 1;
    const y = Number(quarter[2]);
    const date = isoDate(new Date(Date.UTC(y, q * 3, 0)).getUTCDate(), q * 3, y);
    if (date) return { date, rule: 'by', phrase: text.slice(quarter.index, quarter.index + quarter[0].length) };
  }
  return undefined;
}

/** Periodic reporting the text asks for: "hằng quý", "định kỳ 6 tháng", "hằng năm", "hằng tháng". */
export function findPeriods(text: string): ('month' | 'quarter' | 'half_year' | 'year')[] {
  const folded = foldVietnamese(text);
  const periods: ('month' | 'quarter' | 'half_year' | 'year')[] = [];
  if (/(hang|hàng) thang|dinh ky thang/.test(folded)) periods.push('month');
  if (/hang quy|dinh ky quy|moi quy/.test(folded)) periods.push('quarter');
  if (/6 thang|sau thang/.test(folded)) periods.push('half_year');
  if (/hang nam|dinh ky nam|cuoi nam/.test(folded)) periods.push('year');
  return periods;
}

/** "2.704" → 2704, "1,5" → 1.5, "05" → 5 (Vietnamese: "." groups thousands, "," is the decimal comma). */
export function parseVietnameseNumber(text: string): number {
  return Number(text.replace(/\.(?=\d{3}(?:\D|$))/g, '').replace(',', '.'));
}
