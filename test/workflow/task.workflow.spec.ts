import {
  acceptUpdate,
  acknowledgeUpdate,
  cancelUpdate,
  reportProgressUpdate,
  submitUpdate,
  taskStateQuery,
  taskWorkflowId,
  taskWorkflowStartOptions,
} from '@giaoviec/contracts';
import type { TaskWorkflowInput } from '@giaoviec/contracts';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { taskWorkflow } from '../../workflows';
import { testTaskInput } from '../support/task-input';
import { connectTestClient, createTestDatabase, startTestWorker } from '../support/test-stack';

/** The task workflow on the real Temporal dev server, with its real projection activity. */
describe('taskWorkflow', () => {
  let client: Client;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.dataSource);
    client = await connectTestClient();
  });

  afterAll(async () => {
    await worker?.stop();
    await client?.connection.close();
    await database?.drop();
  });

  const coordinator = { sub: 'dp', role: 'coordinator' };
  const finance = { sub: 'stc', role: 'agency', agency: 'STC' };

  async function start(overrides: Partial<TaskWorkflowInput> = {}): Promise<{ input: TaskWorkflowInput; handle: ReturnType<Client['workflow']['getHandle']> }> {
    const input = testTaskInput({ assignedBy: coordinator, ...overrides });
    const taskId = input.taskId;
    const handle = await client.workflow.start(taskWorkflow, taskWorkflowStartOptions(taskWorkflowId('TEST', taskId, 'STC'), input));
    return { input, handle };
  }

  /** The projected event types, once the first (`assigned`) has landed: it is written asynchronously. */
  async function eventTypes(dataSource: DataSource, taskId: string): Promise<string[]> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM task_events WHERE task_id = $1', [taskId]);
      if (count > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const rows = await dataSource.query('SELECT type FROM task_events WHERE task_id = $1 ORDER BY seq', [taskId]);
    return rows.map((row: { type: string }) => row.type);
  }

  it('answers each update with the new state and projects it before answering', async () => {
    const { input, handle } = await start();
    const acknowledged = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: finance }] });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', eventSeq: 2 });
    expect(await eventTypes(database.dataSource, input.taskId)).toEqual(['assigned', 'acknowledged']);
    expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'acknowledged' });

    await handle.executeUpdate(submitUpdate, { args: [{ actor: finance, summary: 'Xong' }] });
    const completed = await handle.executeUpdate(acceptUpdate, { args: [{ actor: coordinator }] });
    expect(completed.status).toBe('completed');
    expect(await handle.result()).toMatchObject({ status: 'completed', progressPercent: 100 });
    const [view] = await database.dataSource.query('SELECT status, version FROM tasks WHERE id = $1', [input.taskId]);
    expect(view).toEqual({ status: 'completed', version: 4 });
    const notices = await database.dataSource.query('SELECT kind, recipient_role FROM notifications WHERE task_id = $1 ORDER BY id', [input.taskId]);
    expect(notices).toEqual([
      { kind: 'assigned', recipient_role: 'agency' },
      { kind: 'submitted', recipient_role: 'coordinator' },
      { kind: 'completed', recipient_role: 'agency' },
    ]);
  });

  it('refuses a command the state does not allow, with a reason, and changes nothing', async () => {
    const { input, handle } = await start();
    const refusal = await handle.executeUpdate(acceptUpdate, { args: [{ actor: coordinator }] }).catch((error) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusal.cause).toBeInstanceOf(ApplicationFailure);
    expect(refusal.cause.type).toBe('TaskCommandRefused');
    expect(refusal.cause.message).toContain('chưa được tiếp nhận');
    expect(await eventTypes(database.dataSource, input.taskId)).toEqual(['assigned']);
    expect(await handle.query(taskStateQuery)).toMatchObject({ status: 'assigned', eventSeq: 1 });
  });

  it('refuses a lead-agency command from another agency', async () => {
    const { handle } = await start();
    const refusal = await handle
      .executeUpdate(acknowledgeUpdate, { args: [{ actor: { sub: 'x', role: 'agency', agency: 'CT-HN' } }] })
      .catch((error) => error);
    expect(refusal.cause?.message).toContain('cơ quan chủ trì');
  });

  it('ends when cancelled, and a second start with the same business key is refused', async () => {
    const { input, handle } = await start();
    await handle.executeUpdate(cancelUpdate, { args: [{ actor: coordinator, reason: 'Trùng nhiệm vụ' }] });
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    expect(await eventTypes(database.dataSource, input.taskId)).toEqual(['assigned', 'cancelled']);
    await expect(
      client.workflow.start(taskWorkflow, taskWorkflowStartOptions(handle.workflowId, input)),
    ).rejects.toThrow(/already started/i);
  });

  it('continues as new before its history grows too long, carrying its state', async () => {
    const { input, handle } = await start({ historyEventLimit: 40 });
    const firstRunId = (await handle.describe()).runId;
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: finance }] });
    for (let percent = 1; percent <= 8; percent++) {
      await handle.executeUpdate(reportProgressUpdate, { args: [{ actor: finance, percent, note: `Bước ${percent}` }] });
    }
    const latest = client.workflow.getHandle(handle.workflowId);
    for (let attempt = 0; attempt < 50 && (await latest.describe()).runId === firstRunId; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await latest.describe()).runId).not.toBe(firstRunId);
    const state = await latest.query(taskStateQuery);
    expect(state).toMatchObject({ status: 'in_progress', progressPercent: 8, eventSeq: 10 });
    await latest.executeUpdate(submitUpdate, { args: [{ actor: finance, summary: 'Xong' }] });
    expect(await eventTypes(database.dataSource, input.taskId)).toEqual([
      'assigned', 'acknowledged', ...Array(8).fill('progress_reported'), 'submitted',
    ]);
  });
});
