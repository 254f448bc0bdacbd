import { assignedTaskRecord, taskWorkflowId, taskWorkflowStartOptions, type TaskWorkflowInput } from '@giaoviec/contracts';
import { TaskProjectionStore } from '@giaoviec/persistence';
import { startWithFirstEvent, type FirstEventStart } from '@giaoviec/temporal';
import { Client, NamespaceNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { connectTestClient, createTestDatabase, startTestWorker } from '../support/test-stack';
import { testTaskInput } from '../support/task-input';
import { waitFor } from '../support/wait-for';

/**
 * The one order of "start a workflow and write its first event" (start, then write), on the real Temporal
 * server and PostgreSQL: whichever half fails, the task converges to one workflow and one first event.
 */
describe('startWithFirstEvent', () => {
  let client: Client;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let store: TaskProjectionStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.dataSource);
    client = await connectTestClient();
    store = new TaskProjectionStore(database.dataSource);
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
    await database?.drop();
  });

  function taskStart(): FirstEventStart & { input: TaskWorkflowInput } {
    const input = testTaskInput();
    const taskId = input.taskId;
    const workflowId = taskWorkflowId('TEST', taskId, 'STC');
    const { event, projection } = assignedTaskRecord(workflowId, input);
    return {
      input,
      workflowType: 'taskWorkflow',
      options: taskWorkflowStartOptions(workflowId, input),
      recordFirstEvent: () => store.recordTaskEvent(event, projection),
    };
  }

  const firstEvents = async (taskId: string) =>
    (await database.dataSource.query('SELECT seq, type FROM task_events WHERE task_id = $1 AND seq = 1', [taskId])) as { seq: number; type: string }[];

  it('starts, then writes the first event, so the task reads complete at once', async () => {
    const start = taskStart();
    expect(await startWithFirstEvent(client, start)).toBe('started');
    expect(await firstEvents(start.input.taskId)).toEqual([{ seq: 1, type: 'assigned' }]);
    const [task] = await database.dataSource.query('SELECT status FROM tasks WHERE id = $1', [start.input.taskId]);
    expect(task).toEqual({ status: 'assigned' });
  });

  it('writes nothing when the start fails', async () => {
    const elsewhere = new Client({ connection: client.connection, namespace: `missing-${randomUUID()}` });
    const start = taskStart();
    await expect(startWithFirstEvent(elsewhere, start)).rejects.toBeInstanceOf(NamespaceNotFoundError);
    expect(await database.dataSource.query('SELECT id FROM tasks WHERE id = $1', [start.input.taskId])).toEqual([]);
  });

  it('heals a write that failed after the start: the workflow records the event itself, a retry writes it again once', async () => {
    const start = taskStart();
    let databaseDown = true;
    const flaky = { ...start, recordFirstEvent: () => (databaseDown ? Promise.reject(new Error('PostgreSQL went away')) : start.recordFirstEvent()) };
    await expect(startWithFirstEvent(client, flaky)).rejects.toThrow('PostgreSQL went away');
    await waitFor(() => firstEvents(start.input.taskId), (rows) => rows.length === 1);

    databaseDown = false;
    expect(await startWithFirstEvent(client, { ...flaky, isEarlierAttempt: () => true })).toBe('resumed');
    expect(await firstEvents(start.input.taskId)).toEqual([{ seq: 1, type: 'assigned' }]);
  });

  it('writes nothing for a workflow someone else started', async () => {
    const start = taskStart();
    await startWithFirstEvent(client, start);
    let written = false;
    const other = { ...start, recordFirstEvent: async () => void (written = true) };
    expect(await startWithFirstEvent(client, other)).toBe('already_started');
    expect(await startWithFirstEvent(client, { ...other, isEarlierAttempt: () => false })).toBe('already_started');
    expect(written).toBe(false);
  });
});
