import { waitForWorkflowTaskBacklog, workflowTaskBacklog } from '@giaoviec/temporal';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { connectTestClient } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * The plan issue's back-pressure reads Temporal's task-queue statistics (activities/plan-issue.activities.ts):
 * on the real server, workflow tasks no worker has taken are counted, and the wait holds while they are there.
 */
describe('task queue backlog', () => {
  let client: Client;

  beforeAll(async () => {
    client = await connectTestClient();
  });

  afterAll(async () => {
    await client?.connection.close();
  });

  it('counts the workflow tasks waiting for a worker, and waits while there are too many', async () => {
    const taskQueue = `backlog-${randomUUID()}`;
    expect(await workflowTaskBacklog(client, taskQueue)).toBe(0);
    const handles = await Promise.all(
      Array.from({ length: 5 }, () => client.workflow.start('taskWorkflow', { taskQueue, workflowId: `backlog-${randomUUID()}`, args: [] })),
    );
    try {
      await waitFor(() => workflowTaskBacklog(client, taskQueue), (backlog) => backlog >= 3);
      const waited = await waitForWorkflowTaskBacklog(client, taskQueue, { maxBacklog: 1, maxWaitMs: 500 });
      expect(waited).toBeGreaterThanOrEqual(500);
      expect(await waitForWorkflowTaskBacklog(client, taskQueue, { maxBacklog: 10, maxWaitMs: 5_000 })).toBeLessThan(5_000);
    } finally {
      await Promise.all(handles.map((handle) => handle.terminate('test done')));
    }
  });
});
