import type { SummaryFormat } from './dto/reporting-round.dto';

/** Media types of the consolidated report's three renderings. */
export const SUMMARY_MEDIA_TYPES: Record<SummaryFormat, string> = {
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const FORMAT_OF_MEDIA_TYPE: Record<string, SummaryFormat> = {
  [SUMMARY_MEDIA_TYPES.json]: 'json',
  [SUMMARY_MEDIA_TYPES.xlsx]: 'xlsx',
  [SUMMARY_MEDIA_TYPES.docx]: 'docx',
  'application/*': 'json',
  '*/*': 'json',
};

/**
 * Which rendering to answer with: `?format=` when given (browsers' download links cannot set Accept),
 * else the most preferred media type of `Accept` that we serve (q-values honoured, q=0 excluded), else
 * JSON — an Accept we cannot satisfy gets the default rather than a 406, as HTTP allows.
 */
export function chooseSummaryFormat(accept: string | undefined, format: SummaryFormat | undefined): SummaryFormat {
  if (format) return format;
  const ranges = (accept ?? '')
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
      const q = params.map((param) => /^q=([\d.]+)$/.exec(param)).find(Boolean);
      return { type, q: q ? Number(q[1]) : 1, index };
    })
    .filter((range) => range.type && range.q > 0 && FORMAT_OF_MEDIA_TYPE[range.type] !== undefined)
    // Most preferred first; at equal q a specific type beats a wildcard, then the order written.
    .sort((a, b) => b.q - a.q || Number(a.type.includes('*')) - Number(b.type.includes('*')) || a.index - b.index);
  return ranges.length ? FORMAT_OF_MEDIA_TYPE[ranges[0].type] : 'json';
}

/** `bao-cao-tong-hop-HN-2026-KTTT-HTX-2026-12-10.xlsx`: the plan and the deadline's day in Vietnam time, ASCII only. */
export function summaryFileName(planCode: string, dueAt: string, format: Exclude<SummaryFormat, 'json'>): string {
  const day = new Date(Date.parse(dueAt) + 7 * 3_600_000).toISOString().slice(0, 10);
  return `bao-cao-tong-hop-${planCode.replace(/[^A-Za-z0-9._-]/g, '-')}-${day}.${format}`;
}
