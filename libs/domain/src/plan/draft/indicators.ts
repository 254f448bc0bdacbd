import type { PlanIndicatorTarget } from '../schema';
import { foldVietnamese, parseVietnameseNumber } from './text';

/** A target the text states, before it gets a code. */
export interface DraftedIndicator {
  name: string;
  unit: string;
  target: PlanIndicatorTarget;
  horizon?: number;
  /** The words that set the target kind ("trên", "khoảng"…); absent: a bare number, read as "at least". */
  kindWord?: string;
  text: string;
}

/** A name without the frame around it ("Mục tiêu cụ thể, đến năm 2030: Toàn thành phố có …"). */
function cleanName(text: string): string {
  return text
    .replace(/^[\s,;:]+/, '')
    .replace(/^(?:mục tiêu cụ thể,?\s*)?(?:đến năm \d{4}:?\s*)?(?:toàn (?:thành phố|tỉnh) có\s*)?(?:phấn đấu\s*)?/iu, '')
    .replace(/^[\s,;:]+|[\s,;:]+$/g, '');
}

/** Units an indicator is counted in (folded, longest first); a number followed by none of them is not a target. */
const UNITS = [
  'lien hiep hop tac xa', 'lh htx', 'hop tac xa', 'htx', 'to hop tac', 'tht', 'trieu dong/nam', 'trieu dong', 'ty dong', 'nghin ty dong',
  'lop', 'can bo', 'nguoi', 'thanh vien', 'mo hinh', 'san pham', 'doanh nghiep', 'lao dong', 'hoc vien', 'hoi vien', 'chuoi',
  'du an', 'hop dong', '%',
];

const NUM = String.raw`\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?`;
const KIND_WORDS = String.raw`tren|duoi|khoang|it nhat|toi thieu|toi da|khong qua|khong duoi|dat|tu|tang binh quan|tang`;
const TARGET = new RegExp(
  String.raw`(?:(${KIND_WORDS})\s+)?(${NUM})\s*(%?)\s*(?:(?:-|–|den|toi)\s*(${NUM}))?\s*(%|` +
    UNITS.filter((unit) => unit !== '%').map((unit) => unit.replace(/[/]/g, '\\/')).join('|') +
    String.raw`)(?![\p{L}\d])(\s+tro len|\s+tro xuong)?`,
  'gu',
);

/**
 * The targets one sentence states: "100 HTX, 02 LH HTX, 145 Tổ hợp tác", "từ 65 - 70%", "khoảng 2.000 tổ hợp tác",
 * "trên 80.000 thành viên", "tăng bình quân 10%-12%", "dưới 3%", "50 hợp tác xã trở lên", "đến năm 2025 đạt 50 tỷ đồng".
 * A label before ":" names what follows it; otherwise the words before the number do.
 */
export function indicatorsInSentence(sentence: string, horizon?: number): DraftedIndicator[] {
  const folded = foldVietnamese(sentence);
  const out: DraftedIndicator[] = [];
  const labelMatch = /^(.{8,}?):\s/.exec(sentence.replace(/^[-+–\s]+/, ''));
  const labelText = labelMatch ? cleanName(labelMatch[1]) : '';
  const label = labelText.length >= 4 ? [labelMatch![0], labelText] : null;
  let previousEnd = 0;
  let previousName = '';
  for (const match of folded.matchAll(TARGET)) {
    const [whole, kindWord, first, firstPercent, second, unitWord, orMore] = match;
    const start = match.index;
    // Not a value: part of a reference ("20-NQ/TW", "12/14"), a date, or a year.
    const after = folded.slice(start + whole.length, start + whole.length + 2);
    const before = folded.slice(Math.max(0, start - 1), start);
    if (/^[/-]\w/.test(after) || before === '/' || (!firstPercent && !second && unitWord !== '%' && /^\d{4}$/.test(first) && !unitWord)) continue;
    const unit = unitWord === '%' || firstPercent ? '%' : sentence.slice(start + whole.length - (orMore?.length ?? 0) - unitWord.length, start + whole.length - (orMore?.length ?? 0));
    const low = parseVietnameseNumber(first);
    const high = second !== undefined ? parseVietnameseNumber(second) : undefined;
    const growth = kindWord?.startsWith('tang') ?? false;
    let target: PlanIndicatorTarget;
    if (high !== undefined) target = growth ? { kind: 'growth', min: low, max: high } : { kind: 'range', min: low, max: high };
    else if (growth) target = { kind: 'growth', min: low };
    else if (orMore?.includes('len')) target = { kind: 'at_least', value: low };
    else if (orMore?.includes('xuong')) target = { kind: 'at_most', value: low };
    else {
      switch (kindWord) {
        case 'tren':
          target = { kind: 'greater_than', value: low };
          break;
        case 'duoi':
          target = { kind: 'less_than', value: low };
          break;
        case 'khoang':
          target = { kind: 'approx', value: low };
          break;
        case 'toi da':
        case 'khong qua':
          target = { kind: 'at_most', value: low };
          break;
        default:
          target = { kind: 'at_least', value: low };
      }
    }
    let name: string;
    if (label) name = label[1];
    else {
      const prefix = sentence
        .slice(previousEnd, start)
        .replace(/^[\s,;:.]+|[\s,;:]+$/g, '')
        .replace(/^(?:(?:và|với|trong đó|trong đó có|có|là|đạt|được)\s+)+/i, '')
        .replace(/\s+(?:đạt|là|có|chiếm|từ)$/i, '');
      const cleaned = cleanName(prefix.includes(':') ? prefix.slice(prefix.lastIndexOf(':') + 1) : prefix);
      name = cleaned.length >= 4 ? cleaned : previousName || `Số ${unit === '%' ? 'tỷ lệ' : unit.trim()}`;
      previousName = name;
    }
    previousEnd = start + whole.length;
    const unitText = unit.trim();
    const trailing = folded.slice(start + whole.length, start + whole.length + 60);
    const tail = unitText === '%' ? sentence.slice(start + whole.length, start + whole.length + trailing.search(/[,;.]|$/)).trim() : '';
    out.push({
      name: `${name}${unitText !== '%' && !foldVietnamese(name).includes(foldVietnamese(unitText)) ? ` (${unitText})` : ''}${tail && !label ? ` ${tail}` : ''}`.trim() || unitText,
      unit: unitText === '%' ? '%' : unitText.replace(/^lh /i, 'LH '),
      target,
      horizon,
      kindWord: orMore ? orMore.trim() : kindWord && kindWord !== 'dat' && kindWord !== 'tu' ? kindWord : high !== undefined ? 'range' : undefined,
      text: sentence,
    });
  }
  return out;
}
