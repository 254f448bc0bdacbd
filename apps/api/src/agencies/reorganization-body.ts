import { validationFailed } from '@giaoviec/domain';
import { parseDocument } from 'yaml';

/**
 * The body of `POST /api/agencies/reorganizations`: JSON as parsed, or YAML text (Content-Type
 * application/yaml, the format of data/reorganizations/*.yaml; the text parser of app.factory.ts hands
 * it over as a string) parsed here. A YAML syntax error is a 400 naming its line.
 */
export function reorganizationBodyOf(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  // Without `uniqueKeys` the library compares every key with every other (quadratic in the file's size).
  const doc = parseDocument(body, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw validationFailed(
      doc.errors.slice(0, 5).map((error) => ({ path: 'body', message: `YAML không hợp lệ: ${error.message.split('\n')[0]}` })),
      'Tệp sắp xếp tổ chức không đọc được',
    );
  }
  return doc.toJS({ maxAliasCount: 100 });
}
