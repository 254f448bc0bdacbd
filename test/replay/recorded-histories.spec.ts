import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { workflowBundle } from '../support/test-stack';

/**
 * Histories recorded by earlier versions of the workflow code must replay with the current code:
 * a change that alters the command sequence of a running workflow needs `patched()`, and this test
 * is what catches it. `v0-*` predate the lifecycle timers (replayed through the patch's old branch).
 * Record more with `RECORD_HISTORIES=v2 npx jest test/e2e --selectProjects integration` (existing files are kept).
 */
describe('recorded workflow histories', () => {
  const dir = path.join(__dirname, 'histories');
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort();

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
