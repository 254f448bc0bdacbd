import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compareDraft,
  draftPlan,
  HANOI_AGENCIES,
  HANOI_AGENCY_GROUPS,
  parsePlanFile,
  type DraftComparison,
  type DraftDirectory,
  type PlanDraft,
} from '../libs/domain/src';

const DATA_DIR = path.join(__dirname, '..', '..', 'data');

export interface SeedDraftEvaluation extends DraftComparison {
  file: string;
  seed: string;
  draft: PlanDraft;
  /** What the draft's codes resolve against: Hanoi's directory plus the agencies the transcription declares. */
  directory: DraftDirectory;
  aimMet: boolean;
}

/** The seed's text as the drafter sees it (shared with the tests that make a .docx of it). */
export function seedText(seed: string): string {
  return fs.readFileSync(path.join(dataDir(), seed), 'utf8');
}

function dataDir(): string {
  // From dist/scripts (npm run eval:drafts) or scripts/ (Jest).
  return fs.existsSync(DATA_DIR) ? DATA_DIR : path.join(__dirname, '..', 'data');
}

export function evaluateSeedDrafts(): SeedDraftEvaluation[] {
  const plansDir = path.join(dataDir(), 'plans');
  return fs
    .readdirSync(plansDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const parsed = parsePlanFile(fs.readFileSync(path.join(plansDir, file), 'utf8'), 'yaml');
      if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
      const hand = parsed.plan;
      const seed = hand.source!;
      const directory = { agencies: [...HANOI_AGENCIES, ...(hand.agencies ?? [])], groups: HANOI_AGENCY_GROUPS };
      const draft = draftPlan(seedText(seed), directory);
      const comparison = compareDraft(draft.plan, hand, HANOI_AGENCY_GROUPS);
      const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
      const isHanoi2024 = hand.code === 'HN-2024-KTTT-HTX';
      const aimMet =
        ratio(comparison.tasks.found, comparison.tasks.expected) >= (isHanoi2024 ? 0.9 : 0.7) &&
        (!isHanoi2024 ||
          (ratio(comparison.leadRight, comparison.tasks.expected) >= 0.9 && comparison.indicators.targetRight === comparison.indicators.expected));
      return { file, seed, draft, directory, aimMet, ...comparison };
    });
}

export function formatDraftEvaluation(results: readonly SeedDraftEvaluation[]): string {
  const pct = (n: number, d: number) => (d === 0 ? '   –' : `${String(Math.round((100 * n) / d)).padStart(3)}%`);
  const header = ['seed (hand transcription)', 'tasks', 'found', 'missed', 'spurious', 'lead right', 'coord. right', 'indicators', 'found', 'target right', 'aim'];
  const rows = results.map((r) => [
    r.file,
    String(r.tasks.expected),
    `${r.tasks.found} ${pct(r.tasks.found, r.tasks.expected)}`,
    String(r.tasks.missed.length),
    String(r.tasks.spurious.length),
    `${r.leadRight} ${pct(r.leadRight, r.tasks.expected)}`,
    `${r.coordinatingRight} ${pct(r.coordinatingRight, r.tasks.expected)}`,
    String(r.indicators.expected),
    `${r.indicators.found} ${pct(r.indicators.found, r.indicators.expected)}`,
    `${r.indicators.targetRight} ${pct(r.indicators.targetRight, r.indicators.expected)}`,
    r.aimMet ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ');
  const details = results
    .filter((r) => r.tasks.missed.length + r.tasks.spurious.length > 0)
    .map((r) => `${r.file}: missed [${r.tasks.missed.join(', ')}], spurious [${r.tasks.spurious.join(', ')}]`);
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line), '', ...details].join('\n');
}
