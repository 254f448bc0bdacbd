import { acknowledgeUpdate, taskWorkflowId, taskWorkflowStartOptions } from '@giaoviec/contracts';
import { createRepositories } from '@giaoviec/persistence';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { testTaskInput } from '../support/task-input';
import { connectTestClient, createTestDatabase, workflowBundle } from '../support/test-stack';
import { testServices } from '../support/test-services';
import { waitFor } from '../support/wait-for';

/**
 * A command delivered with the start (the worker behind: test:faults found it) records its event beside the
 * first one. The history this leaves must replay with the same code — it once failed one time in two with
 * TMPRL1100 (workflows/common/lifecycle.ts, EARLY_COMMANDS). Each round starts a task workflow on a task
 * queue no worker polls yet, sends it an acknowledge, then lets a worker in and replays what it recorded.
 */
describe('a command sent before any worker ran the task', () => {
  let client: Client;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let connection: NativeConnection;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = await connectTestClient();
    connection = await NativeConnection.connect({ address: testServices().temporalAddress });
  });

  afterAll(async () => {
    await connection?.close();
    await client?.connection.close();
    await database?.drop();
  });

  it('is answered, and the history it leaves replays', async () => {
    const repositories = createRepositories(database.dataSource);
    const bundle = await workflowBundle();
    for (let round = 0; round < 4; round += 1) {
      const input = testTaskInput();
      const workflowId = taskWorkflowId('TEST', input.taskId, 'STC');
      const taskQueue = `early-command-${randomUUID()}`;
      const handle = await client.workflow.start('taskWorkflow', { ...taskWorkflowStartOptions(workflowId, input), taskQueue });
      const acknowledged = handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: { sub: 'stc.cv', role: 'agency', agency: 'STC' } }] });
      acknowledged.catch(() => undefined);
      // Long enough for the server to hold the update for the first workflow task.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const worker = await Worker.create({
        connection,
        namespace: 'default',
        taskQueue,
        workflowBundle: bundle,
        activities: createActivities({ taskProjection: repositories.taskProjection, calendar: repositories.calendar }),
      });
      await worker.runUntil(async () => {
        expect((await acknowledged).status).toBe('acknowledged');
        // The run goes on past the answer: it loads the calendar and sleeps until its first alarm.
        await waitFor(
          async () => (await handle.fetchHistory()).events ?? [],
          (events) => events.some((event) => event.timerStartedEventAttributes),
        );
      });
      const history = await handle.fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
      await handle.terminate('test done');
    }
  });
});
