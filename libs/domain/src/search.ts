// How text is searched: as Vietnamese users type, without diacritics and in any case (issue 12).

/** Lower case, no diacritics, `đ` → `d`; one character in, one character out (positions stay valid). */
export function foldVietnamese(text: string): string {
  let out = '';
  for (const char of text) {
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += (base.length === 1 ? base : char).replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  }
  return out;
}

/** Every letter of Vietnamese that carries a diacritic, lower and upper case. */
const VIETNAMESE_MARKED_LOWER =
  'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
export const VIETNAMESE_MARKED_LETTERS = VIETNAMESE_MARKED_LOWER + VIETNAMESE_MARKED_LOWER.toUpperCase();

/** The combining marks Vietnamese text written decomposed (NFD) uses: grave, acute, circumflex, tilde, breve, hook, horn, dot below. */
export const VIETNAMESE_COMBINING_MARKS = '\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323';

/**
 * `foldVietnamese` as an IMMUTABLE SQL function body (`translate` then `lower`), so that PostgreSQL can
 * keep a folded column and index it: each marked letter becomes its folded letter, the combining
 * marks are dropped. For Vietnamese text (and ASCII) it gives what `foldVietnamese` gives for the text
 * composed (NFC); decomposed text (NFD) folds the same.
 */
export function foldVietnameseSql(argument: string): string {
  const from = VIETNAMESE_MARKED_LETTERS + VIETNAMESE_COMBINING_MARKS;
  const to = [...VIETNAMESE_MARKED_LETTERS].map(foldVietnamese).join('');
  return `lower(translate(${argument}, '${from}', '${to}'))`;
}

/**
 * A query `q` as the folded search columns are matched against: composed (NFC), folded, spaces collapsed, LIKE's
 * wildcards escaped, wrapped in `%…%`. Empty when `q` holds nothing to search for.
 */
export function searchPattern(q: string): string {
  const folded = foldVietnamese(q.normalize('NFC')).trim().replace(/\s+/g, ' ');
  if (!folded) return '';
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
