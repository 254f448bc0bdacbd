import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { workflowBundle } from './test-stack';

export const RECORDED_HISTORIES_DIR = path.join(__dirname, '../replay/histories');

/**
 * Replays the histories of `workflowIds` with the current workflow code and returns the failures.
 * With RECORD_HISTORIES=<tag> it also saves them as fixtures for test/replay, as `<tag>-<prefix>-<n>.json`,
 * never over an existing file: a fixture records what an older version of the code produced.
 */
export async function replayHistories(client: Client, workflowIds: string[], prefix: string): Promise<string[]> {
  const histories = await Promise.all(
    workflowIds.map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })),
  );
  const tag = process.env.RECORD_HISTORIES;
  if (tag) {
    for (const [index, { history }] of histories.entries()) {
      const file = path.join(RECORDED_HISTORIES_DIR, `${tag}-${prefix}-${index}.json`);
      if (!fs.existsSync(file)) fs.writeFileSync(file, historyToJSON(history));
    }
  }
  const failures: string[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  if (replayed !== histories.length) failures.push(`replayed ${replayed} of ${histories.length} histories`);
  return failures;
}
