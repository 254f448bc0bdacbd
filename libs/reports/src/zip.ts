import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { vietnamDateTime } from './format';

const CONTENT_TYPES = '[Content_Types].xml';

/**
 * Re-packs an Office (OPC) zip so that the same report gives the same bytes: exceljs and docx
 * stamp each zip entry (and docx its core properties) with the time of rendering. Every entry
 * gets the report's own instant, in the order the library wrote them ([Content_Types].xml first),
 * and `rewrite` may edit a part's text (the core properties' dates).
 *
 * A zip entry stores a local wall-clock time with no zone (MS-DOS format), which fflate reads
 * from the Date's local fields; the Date is built from the Vietnam wall-clock fields so that the
 * bytes do not depend on the host's time zone.
 */
export function repackZip(
  archive: Uint8Array,
  stampIso: string,
  rewrite: Record<string, (xml: string) => string> = {},
): Buffer {
  const entries = unzipSync(archive);
  const t = vietnamDateTime(stampIso);
  const mtime = new Date(Math.max(t.year, 1980), t.month - 1, t.day, t.hour, t.minute, t.second);
  for (const [path, edit] of Object.entries(rewrite)) {
    const data = entries[path];
    if (data) entries[path] = strToU8(edit(strFromU8(data)));
  }
  // [Content_Types].xml first, as Office writes it (streaming readers look for it there).
  const ordered: Record<string, Uint8Array> = {};
  if (entries[CONTENT_TYPES]) ordered[CONTENT_TYPES] = entries[CONTENT_TYPES];
  for (const [path, data] of Object.entries(entries)) if (path !== CONTENT_TYPES) ordered[path] = data;
  return Buffer.from(zipSync(ordered, { level: 6, mtime }));
}

/** Sets `dcterms:created` and `dcterms:modified` of docProps/core.xml to the instant (seconds precision, UTC). */
export function stampCoreProperties(xml: string, iso: string): string {
  const stamp = new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return xml.replace(
    /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_match, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
  );
}
