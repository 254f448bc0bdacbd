import { z } from 'zod';
import { Document, isCollection, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { appendInputPath, findUnsafeInput } from '../safe-text';
import { PlanFile, planFileSchema } from './schema';

export type PlanFileFormat = 'yaml' | 'json';

/** One problem in a plan file. `path` is dot/bracket notation (`tasks[12].leadAgency`), `''` for the whole file. */
export interface PlanIssue {
  path: string;
  message: string;
  /** 1-based position in the source text, where known. */
  line?: number;
  column?: number;
}

/**
 * A file with more problems reports only the first ones: locating each problem in the YAML source
 * costs a walk of its path, and a hostile file of 90,000 unknown keys must not cost 90,000 walks.
 */
export const MAX_REPORTED_PLAN_ISSUES = 100;

/**
 * Building a YAML document costs far more per entry than JSON.parse, so a YAML plan file is bounded
 * by its entries before it is parsed: every mapping pair or sequence item but the first of a
 * collection follows a line break or a comma, so lines plus commas bound them. The largest seed
 * plan has about 1,100; a 90,000-key file is refused at once.
 */
export const MAX_PLAN_YAML_ENTRIES = 10_000;

function countYamlEntryBound(text: string): number {
  let count = 1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 /* \n */ || code === 13 /* \r */ || code === 44 /* , */) count++;
  }
  return count;
}

export type PlanParseResult = { ok: true; plan: PlanFile } | { ok: false; issues: PlanIssue[] };

/** `['tasks', 12, 'leadAgency']` → `tasks[12].leadAgency`. */
export function formatPlanIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, segment) => appendInputPath(out, typeof segment === 'number' ? segment : String(segment)), '');
}

/** Parse and validate a plan file. Never throws. */
export function parsePlanFile(text: string, format: PlanFileFormat): PlanParseResult {
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, issues: [jsonSyntaxIssue(text, error)] };
    }
    return validatePlanData(data);
  }
  if (format !== 'yaml') {
    return { ok: false, issues: [{ path: '', message: `unsupported format "${String(format)}": use yaml or json` }] };
  }

  const entries = countYamlEntryBound(text);
  if (entries > MAX_PLAN_YAML_ENTRIES) {
    return {
      ok: false,
      issues: [{ path: '', message: `plan file too large: ${entries} lines and commas, at most ${MAX_PLAN_YAML_ENTRIES} (MAX_PLAN_YAML_ENTRIES)` }],
    };
  }
  const lineCounter = new LineCounter();
  // `uniqueKeys` of the yaml library compares every key with every other (quadratic: 90,000 keys froze
  // the API); duplicates are found below with one set per mapping instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.slice(0, MAX_REPORTED_PLAN_ISSUES).map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        return {
          path: '',
          message: `YAML syntax error at line ${pos.line}, column ${pos.col}: ${firstLine(error.message)}`,
          line: pos.line,
          column: pos.col,
        };
      }),
    };
  }
  const duplicates = duplicateYamlKeys(doc, lineCounter);
  if (duplicates.length > 0) return { ok: false, issues: duplicates };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, issues: [{ path: '', message: `YAML error: ${firstLine(errorMessage(error))}` }] };
  }
  const result = validatePlanData(data);
  if (!result.ok) {
    result.issues = result.issues.map((issue) => ({ ...issue, ...yamlPosition(doc, lineCounter, issue.path) }));
  }
  return result;
}

/** Validate already-parsed data (e.g. a JSON request body) against the plan-file schema. */
export function validatePlanData(data: unknown): PlanParseResult {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ path: '', message: 'a plan file must be an object (a mapping of fields)' }] };
  }
  const unsafe = findUnsafeInput(data, { maxProblems: MAX_REPORTED_PLAN_ISSUES });
  if (unsafe.length > 0) return { ok: false, issues: unsafe };
  const result = planFileSchema.safeParse(data, {
    error: (issue) =>
      issue.code === 'invalid_type' && issue.input === undefined ? 'required field is missing' : undefined,
  });
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, issues: zodIssues(result.error).slice(0, MAX_REPORTED_PLAN_ISSUES) };
}

function zodIssues(error: z.ZodError): PlanIssue[] {
  const issues: PlanIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: formatPlanIssuePath([...issue.path, key]), message: `unknown key "${key}"` });
      }
    } else {
      issues.push({ path: formatPlanIssuePath(issue.path), message: issue.message });
    }
  }
  return issues;
}

function jsonSyntaxIssue(text: string, error: unknown): PlanIssue {
  const message = firstLine(errorMessage(error));
  const lineMatch = /line (\d+) column (\d+)/.exec(message);
  if (lineMatch) {
    const [line, column] = [Number(lineMatch[1]), Number(lineMatch[2])];
    return { path: '', message: `JSON syntax error at line ${line}, column ${column}: ${message}`, line, column };
  }
  const positionMatch = /position (\d+)/.exec(message);
  const offset = positionMatch ? Number(positionMatch[1]) : text.length;
  const { line, column } = lineAndColumn(text, offset);
  return { path: '', message: `JSON syntax error at line ${line}, column ${column}: ${message}`, line, column };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Keys that appear twice in one mapping (every mapping, one pass, a set each). */
function duplicateYamlKeys(doc: Document, lineCounter: LineCounter): PlanIssue[] {
  const issues: PlanIssue[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        const pos = lineCounter.linePos((pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0);
        issues.push({ path: '', message: `YAML syntax error at line ${pos.line}, column ${pos.col}: Map keys must be unique`, line: pos.line, column: pos.col });
        if (issues.length >= MAX_REPORTED_PLAN_ISSUES) return visit.BREAK;
      }
      return undefined;
    },
  });
  return issues;
}

/** The position of the node at `path` (or of its nearest existing ancestor) in a YAML document. */
function yamlPosition(doc: Document, lineCounter: LineCounter, path: string): { line?: number; column?: number } {
  const segments = parseIssuePath(path);
  for (let length = segments.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(segments.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (node && (isCollection(node) || range) && range) {
      const pos = lineCounter.linePos(range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}

function parseIssuePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
