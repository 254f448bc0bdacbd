import { readFileSync } from 'node:fs';
import { parseReorganizationFile, type ErrorDetail, type ReorganizationRequest } from '../libs/domain/src';

export interface ReorganizeOptions {
  /** A reorganisation file (data/reorganizations/*.yaml): one request body or a list of them. */
  file: string;
  /** The API's base, e.g. http://localhost:3000/api. */
  api: string;
  /** An admin's bearer token. */
  token: string;
  /** Only ask what would move (`?dryRun=true`); nothing changes. */
  dryRun: boolean;
}

export interface ReorganizeStep {
  effectiveDate: string;
  title: string;
  /** `skipped`: a reorganisation of that date and title is already stored (applied or waiting), so a rerun changes nothing. */
  outcome: 'dry-run' | 'applied' | 'waiting' | 'skipped';
  movedTasks: number;
  movedRoundParticipants: number;
  id?: string | null;
  moves?: { taskId: string; title: string; from: string; to: string }[];
}

/** A refusal of the file or of the API, with each problem named as the API names it. */
export class ReorganizeError extends Error {
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/**
 * Sends each reorganisation of the file to `POST /api/agencies/reorganizations` in order, stopping at
 * the first refusal (the API applies nothing of a refused one). A dry run sends every step as a dry
 * run against today's directory: a later step that names what an earlier one creates is refused until
 * the earlier one is applied.
 */
export async function reorganizeFromFile(options: ReorganizeOptions): Promise<ReorganizeStep[]> {
  const parsed = parseReorganizationFile(readFileSync(options.file, 'utf8'));
  if (!parsed.ok) throw new ReorganizeError(`${options.file}: tệp không hợp lệ`, parsed.issues);
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const existing = options.dryRun ? [] : ((await call(`${options.api}/agencies/reorganizations`, { headers })) as StoredReorganization[]);
  const steps: ReorganizeStep[] = [];
  for (const [index, reorganization] of parsed.reorganizations.entries()) {
    const stored = existing.find((entry) => entry.effectiveDate === reorganization.effectiveDate && entry.title === reorganization.title && entry.status !== 'cancelled');
    if (stored) {
      steps.push({ ...summary(reorganization), outcome: 'skipped', id: stored.id, movedTasks: stored.movedTasks, movedRoundParticipants: stored.movedRoundParticipants });
      continue;
    }
    const answer = (await call(`${options.api}/agencies/reorganizations${options.dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(reorganization),
      step: `[${index}]`,
    })) as Answer;
    steps.push({
      ...summary(reorganization),
      outcome: answer.dryRun ? 'dry-run' : answer.applied ? 'applied' : 'waiting',
      id: answer.id,
      movedTasks: answer.movedTasks,
      movedRoundParticipants: answer.movedRoundParticipants,
      ...(answer.moves ? { moves: answer.moves } : {}),
    });
  }
  return steps;
}

/** One line per step, for the terminal. */
export function formatSteps(steps: readonly ReorganizeStep[]): string {
  return steps
    .map((step) => `${step.effectiveDate}  ${step.outcome.padEnd(7)}  ${step.movedTasks} nhiệm vụ, ${step.movedRoundParticipants} đơn vị báo cáo  ${step.title}${step.id ? `  (${step.id})` : ''}`)
    .join('\n');
}

interface StoredReorganization {
  id: string;
  effectiveDate: string;
  title: string;
  status: string;
  movedTasks: number;
  movedRoundParticipants: number;
}

interface Answer {
  id: string | null;
  applied: boolean;
  dryRun?: true;
  movedTasks: number;
  movedRoundParticipants: number;
  moves?: ReorganizeStep['moves'];
}

function summary(reorganization: ReorganizationRequest) {
  return { effectiveDate: reorganization.effectiveDate, title: reorganization.title };
}

async function call(url: string, init: RequestInit & { step?: string }): Promise<unknown> {
  // A step effective today is answered once applied: the API waits up to a minute for its workflow.
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) }).catch((error: Error & { cause?: Error }) => {
    throw new ReorganizeError(`${init.method ?? 'GET'} ${url}: ${error.cause?.message ?? error.message} (is the API running? API_URL)`);
  });
  const body = (await response.json().catch(() => null)) as { message?: string; details?: ErrorDetail[] } | null;
  if (!response.ok) {
    const details = (body?.details ?? []).map((detail) => ({ ...detail, path: `${init.step ?? ''}${init.step && detail.path ? '.' : ''}${detail.path}` }));
    throw new ReorganizeError(`${init.method ?? 'GET'} ${url}: ${response.status} ${body?.message ?? ''}`.trim(), details);
  }
  return body;
}
