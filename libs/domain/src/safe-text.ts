import type { ErrorDetail } from './errors';

/**
 * Text that PostgreSQL cannot store (NUL in text, NUL or an unpaired UTF-16 surrogate in jsonb)
 * must be refused where it enters — a DTO field, a query parameter, a plan file — never half-way
 * through a workflow, where retrying cannot fix it.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper JSON is refused: no form or plan file of giaoviec nests anywhere near this. */
export const MAX_INPUT_DEPTH = 32;

export function unsafeTextProblem(text: string): string | undefined {
  if (NUL.test(text)) return 'không được chứa ký tự NUL (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'không được chứa ký tự Unicode lẻ cặp (surrogate đơn lẻ)';
  return undefined;
}

/** `tasks[12].leadAgency` style paths, as every error `details[].path` of the API. */
export function appendInputPath(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return prefix ? `${prefix}.${key}` : key;
  return `${prefix}[${JSON.stringify(key)}]`;
}

/**
 * Every string (value or key) of `value` that PostgreSQL could not store, and whether it nests deeper
 * than `maxDepth`; iterative, so hostile nesting cannot overflow the stack. Stops after `maxProblems`.
 */
export function findUnsafeInput(value: unknown, options: { maxDepth?: number; maxProblems?: number; rootPath?: string } = {}): ErrorDetail[] {
  const maxDepth = options.maxDepth ?? MAX_INPUT_DEPTH;
  const maxProblems = options.maxProblems ?? 20;
  const problems: ErrorDetail[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: options.rootPath ?? '', depth: 0 }];
  while (stack.length > 0 && problems.length < maxProblems) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unsafeTextProblem(current);
      if (problem) problems.push({ path, message: problem });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) {
      problems.push({ path, message: `lồng nhau quá sâu (tối đa ${maxDepth} cấp)` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index];
      const itemPath = appendInputPath(path, key);
      const keyProblem = typeof key === 'string' ? unsafeTextProblem(key) : undefined;
      if (keyProblem) problems.push({ path: itemPath, message: `tên trường ${keyProblem}` });
      else stack.push({ value: item, path: itemPath, depth: depth + 1 });
    }
  }
  return problems.slice(0, maxProblems);
}

// eslint-disable-next-line no-control-regex -- replacing NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A copy of `value` in which every NUL and unpaired surrogate (of values and keys) is U+FFFD. The worker's
 * last guard: the edge refuses such text, but anything that slips through (an older client, a workflow
 * started before the edge checked) must not fail a projection forever — a retry cannot fix it.
 */
export function storableCopy<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map((item: unknown) => storableCopy(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableCopy(key), storableCopy(item)])) as T;
}
