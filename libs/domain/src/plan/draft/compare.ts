import type { AgencyGroupDefinition } from '../../agency/agency';
import type { PlanFile, PlanFileInput, PlanIndicatorTarget } from '../schema';
import { words } from './text';

/** How a draft compares with a hand transcription of the same document. */
export interface DraftComparison {
  tasks: { expected: number; found: number; missed: string[]; spurious: string[] };
  /** Over the tasks found: the lead (groups expanded to their members) equals the hand's. */
  leadRight: number;
  coordinatingRight: number;
  indicators: { expected: number; found: number; targetRight: number; spurious: number };
}

/**
 * Pairs the draft's tasks with the hand transcription's — same ref first, then by the words they share (most of the
 * hand task's words in the draft's passage) — and indicators by their target in document order; agencies compare as
 * sets of member agencies, so a group the draft declares equals the hand's group with other code and the same members.
 */
export function compareDraft(draft: PlanFileInput, hand: PlanFile, directoryGroups: readonly AgencyGroupDefinition[]): DraftComparison {
  const expand = (plan: Pick<PlanFileInput, 'groups'>, codes: readonly string[]) => {
    const groups = new Map<string, readonly string[]>(directoryGroups.map((g) => [g.code, g.members]));
    for (const group of plan.groups ?? []) groups.set(group.code, group.members);
    return new Set(codes.flatMap((code) => [...(groups.get(code) ?? [code])]));
  };
  const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((code) => b.has(code));

  const pairs = new Map<number, number>();
  const used = new Set<number>();
  hand.tasks.forEach((task, h) => {
    const d = draft.tasks.findIndex((candidate, i) => !used.has(i) && candidate.ref === task.ref);
    if (d >= 0 && containment(task.description ?? task.title, `${draft.tasks[d].title} ${draft.tasks[d].description ?? ''}`) >= 0.5) {
      pairs.set(h, d);
      used.add(d);
    }
  });
  const scored: { h: number; d: number; score: number }[] = [];
  hand.tasks.forEach((task, h) => {
    if (pairs.has(h)) return;
    draft.tasks.forEach((candidate, d) => {
      if (used.has(d)) return;
      const score = containment(task.description ?? task.title, `${candidate.title} ${candidate.description ?? ''}`);
      if (score >= 0.6) scored.push({ h, d, score });
    });
  });
  for (const { h, d } of scored.sort((a, b) => b.score - a.score)) {
    if (pairs.has(h) || used.has(d)) continue;
    pairs.set(h, d);
    used.add(d);
  }

  let leadRight = 0;
  let coordinatingRight = 0;
  for (const [h, d] of pairs) {
    const handTask = hand.tasks[h];
    const draftTask = draft.tasks[d];
    if (same(expand(hand, [handTask.leadAgency]), expand(draft, [draftTask.leadAgency]))) leadRight++;
    if (same(expand(hand, handTask.coordinatingAgencies ?? []), expand(draft, draftTask.coordinatingAgencies ?? []))) coordinatingRight++;
  }

  const usedIndicators = new Set<number>();
  let found = 0;
  let targetRight = 0;
  for (const indicator of hand.indicators) {
    const primary = primaryValue(indicator.target);
    let d = (draft.indicators ?? []).findIndex((c, i) => !usedIndicators.has(i) && sameTarget(c.target, indicator.target));
    const exact = d >= 0;
    if (!exact) d = (draft.indicators ?? []).findIndex((c, i) => !usedIndicators.has(i) && primaryValue(c.target) === primary);
    if (d < 0) continue;
    usedIndicators.add(d);
    found++;
    if (exact) targetRight++;
  }

  return {
    tasks: {
      expected: hand.tasks.length,
      found: pairs.size,
      missed: hand.tasks.filter((_, h) => !pairs.has(h)).map((task) => task.ref),
      spurious: draft.tasks.filter((_, d) => !used.has(d)).map((task) => task.ref),
    },
    leadRight,
    coordinatingRight,
    indicators: { expected: hand.indicators.length, found, targetRight, spurious: (draft.indicators ?? []).length - usedIndicators.size },
  };
}

function containment(expected: string, actual: string): number {
  const want = new Set(words(expected));
  const have = new Set(words(actual));
  if (want.size === 0) return 0;
  return [...want].filter((word) => have.has(word)).length / want.size;
}

function primaryValue(target: PlanIndicatorTarget): number {
  return 'value' in target ? target.value : target.min;
}

function sameTarget(a: PlanIndicatorTarget, b: PlanIndicatorTarget): boolean {
  const strip = (t: PlanIndicatorTarget) => (t.kind === 'approx' ? { kind: t.kind, value: t.value } : t);
  return JSON.stringify(strip(a), Object.keys(strip(a)).sort()) === JSON.stringify(strip(b), Object.keys(strip(b)).sort());
}
