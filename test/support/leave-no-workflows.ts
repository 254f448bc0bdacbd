import { Client, Connection } from '@temporalio/client';
import { TEST_ENV } from './test-services';

/**
 * Test files run one after another on their shard's Temporal server and share its task queues, each with a
 * database of its own. A workflow a file leaves running (a round's deadline, a task's next reminder) would be
 * run later by another file's worker against that file's database — its projections failing and retrying
 * while that worker shuts down (a hook timed out so in CI). So every file ends by terminating what still runs.
 */
afterAll(async () => {
  const address = process.env[TEST_ENV.temporalAddress];
  if (!address) return; // a file that needs no server (replay)
  const connection = await Connection.connect({ address }).catch(() => null);
  if (!connection) return;
  try {
    const client = new Client({ connection, namespace: 'default' });
    const running: string[] = [];
    for await (const execution of client.workflow.list({ query: 'ExecutionStatus="Running"' })) running.push(execution.workflowId);
    for (let from = 0; from < running.length; from += 20) {
      await Promise.all(
        running.slice(from, from + 20).map((workflowId) =>
          client.workflow
            .getHandle(workflowId)
            .terminate('test file finished')
            .catch(() => undefined),
        ),
      );
    }
  } finally {
    await connection.close();
  }
}, 120_000);
