/**
 * npm run eval:drafts — drafts each seed document (data/seeds) and compares the draft with its hand transcription
 * (data/plans, whose `source:` names the seed): tasks found / missed / spurious, lead and coordinating agencies right,
 * indicators and target values right. The directory is Hanoi's plus the agencies the transcription declares (as after
 * they were added to the directory). Exits 1 when an aim is missed (Hanoi 2024: ≥ 90 % of tasks and lead agencies,
 * every indicator target; every seed ≥ 70 % of tasks).
 */
import { evaluateSeedDrafts, formatDraftEvaluation } from './eval-drafts.lib';

const results = evaluateSeedDrafts();
console.log(formatDraftEvaluation(results));
const failed = results.filter((r) => !r.aimMet);
if (failed.length > 0) {
  console.error(`Aim missed: ${failed.map((r) => r.file).join(', ')}`);
  process.exitCode = 1;
}
