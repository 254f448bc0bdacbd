import { parseDocument } from 'yaml';
import type { ErrorDetail } from '../errors';
import { isLocalDate } from '../calendar/local-date';
import {
  applyToDirectory,
  planReorganization,
  validateReorganization,
  type DatedAgency,
  type DatedGroup,
  type ReorganizationRequest,
} from './reorganization';

/**
 * A reorganisation file (data/reorganizations/*.yaml): the body of `POST /api/agencies/reorganizations`
 * in YAML, or a list of such bodies in the order of their effective dates — one file can then hold a
 * city's whole year (Hanoi 2025: the department merges of 1 March, the communes of 1 July).
 * Problems are named like the API names them, prefixed by the position in the list: `[1].changes[3].code`.
 */
export type ReorganizationFileResult = { ok: true; reorganizations: ReorganizationRequest[] } | { ok: false; issues: ErrorDetail[] };

/** Parses the file and checks its shape (each entry an object with a date, a title and changes, dates in order). Never throws. */
export function parseReorganizationFile(text: string): ReorganizationFileResult {
  // YAML 1.2 core schema: `2025-07-01` stays a string, as the API expects.
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    return { ok: false, issues: document.errors.map((error) => ({ path: '', message: `YAML không hợp lệ: ${error.message.split('\n')[0]}` })) };
  }
  const data: unknown = document.toJS();
  const list = Array.isArray(data) ? data : [data];
  const prefix = (index: number) => (Array.isArray(data) ? `[${index}]` : '');
  const issues: ErrorDetail[] = [];
  if (list.length === 0) issues.push({ path: '', message: 'tệp không có đợt sắp xếp nào' });
  let previous: string | undefined;
  list.forEach((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.push({ path: prefix(index) || 'body', message: 'phải là một đợt sắp xếp {effectiveDate, title, legalBasis?, changes}' });
      return;
    }
    const date = (entry as Record<string, unknown>).effectiveDate;
    if (!isLocalDate(date)) return; // named by the API's rules, with the rest of the entry
    if (previous !== undefined && date <= previous) {
      issues.push({ path: `${prefix(index)}.effectiveDate`, message: `phải sau ngày hiệu lực của đợt trước (${previous})` });
    } else previous = date;
  });
  if (issues.length) return { ok: false, issues };
  return { ok: true, reorganizations: list as ReorganizationRequest[] };
}

/**
 * Every problem of `reorganizations` applied one after another on `directory` (the seeded or the current
 * dated directory): each is validated by the API's own rules against the directory the earlier ones
 * leave, so a file whose second step names an agency the first one created is checked as it will be applied.
 */
export function validateReorganizationSequence(
  reorganizations: readonly unknown[],
  directory: readonly DatedAgency[],
  groups: readonly DatedGroup[] = [],
): { issues: ErrorDetail[]; directory: DatedAgency[] } {
  let current: DatedAgency[] = [...directory];
  const issues: ErrorDetail[] = [];
  reorganizations.forEach((reorganization, index) => {
    const problems = validateReorganization(reorganization, current);
    for (const problem of problems) issues.push({ path: joinPath(`[${index}]`, problem.path), message: problem.message });
    if (problems.length === 0) {
      const request = reorganization as ReorganizationRequest;
      current = applyToDirectory(current, planReorganization(request, current, groups), request.effectiveDate);
    }
  });
  return { issues, directory: current };
}

function joinPath(prefix: string, path: string): string {
  return path === 'body' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}
