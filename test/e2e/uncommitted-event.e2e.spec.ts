import { assignedTaskRecord, taskWorkflowId } from '@giaoviec/contracts';
import { TaskProjectionStore } from '@giaoviec/persistence';
import { createTestDatabase } from '../support/test-stack';
import { testTaskInput } from '../support/task-input';

/**
 * What test:faults found: a workflow task that recorded an event through a local activity and then was never
 * committed (its worker or Temporal killed) runs again and may record another event at the same number (the
 * acknowledge, now ordered before the alarm). The read model must end with the workflow's event, its view and
 * its notifications — not keep the first one and drop the acknowledge (on a real PostgreSQL).
 */
describe('an event written by a workflow task never committed', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: TaskProjectionStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new TaskProjectionStore(database.dataSource);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('is replaced by the event the workflow recorded at its number, once', async () => {
    const input = testTaskInput();
    const workflowId = taskWorkflowId('TEST', input.taskId, 'STC');
    const first = assignedTaskRecord(workflowId, input);
    await store.recordTaskEvent(first.event, first.projection, first.notifications);
    const seq2 = { workflowId, seq: 2, taskId: input.taskId, at: new Date().toISOString(), actor: { sub: 'system', role: 'system' } };
    const state = first.projection.state;
    // The uncommitted attempt: the acknowledge reminder fired first.
    await store.recordTaskEvent(
      { ...seq2, type: 'acknowledge_reminder_sent', payload: {} },
      { input, state: { ...state, eventSeq: 2 } },
      [{ recipientAgency: 'STC', recipientRole: 'agency', kind: 'acknowledge_reminder', title: 'Nhắc tiếp nhận', body: 'Nhắc tiếp nhận' }],
    );
    // The workflow, run again: the acknowledge came first.
    const acknowledged = { ...seq2, type: 'acknowledged' as const, actor: { sub: 'stc.cv', role: 'agency', agency: 'STC' }, payload: {} };
    const after = { input, state: { ...state, status: 'acknowledged' as const, eventSeq: 2 } };
    const notice = [{ recipientAgency: 'SKHDT', recipientRole: 'coordinator', kind: 'acknowledged', title: 'Đã tiếp nhận', body: 'Đã tiếp nhận' }];
    await store.recordTaskEvent(acknowledged, after, notice as never);
    await store.recordTaskEvent(acknowledged, after, notice as never); // a retry changes nothing

    const events = await database.dataSource.query('SELECT seq, type, replaced_type AS "replacedType" FROM task_events WHERE task_id = $1 ORDER BY seq', [input.taskId]);
    expect(events).toEqual([
      { seq: 1, type: 'assigned', replacedType: null },
      { seq: 2, type: 'acknowledged', replacedType: 'acknowledge_reminder_sent' },
    ]);
    const [task] = await database.dataSource.query('SELECT status, version FROM tasks WHERE id = $1', [input.taskId]);
    expect(task).toEqual({ status: 'acknowledged', version: 2 });
    const notifications = await database.dataSource.query(`SELECT kind FROM notifications WHERE task_id = $1 AND idempotency_key LIKE $2 ORDER BY id`, [input.taskId, `${workflowId}#2#%`]);
    expect(notifications.map((row: { kind: string }) => row.kind)).toEqual(['acknowledge_reminder', 'acknowledged']);
    // Run again, the workflow mostly records the same decision at another moment: replaced, no second notice.
    const progress = { ...seq2, seq: 3, type: 'progress_reported' as const, actor: { sub: 'stc.cv', role: 'agency', agency: 'STC' }, payload: { percent: 40, note: 'x' } };
    const progressed = { input, state: { ...state, status: 'in_progress' as const, progressPercent: 40, eventSeq: 3 } };
    const progressNotice = [{ recipientAgency: 'SKHDT', recipientRole: 'coordinator', kind: 'progress_reported', title: 'Tiến độ', body: 'Tiến độ' }];
    await store.recordTaskEvent(progress, progressed, progressNotice as never);
    const later = { ...progress, at: new Date(Date.now() + 5_000).toISOString(), payload: { ...progress.payload, recordedAt: new Date(Date.now() + 5_000).toISOString() } };
    await store.recordTaskEvent(later, progressed, progressNotice as never);
    await store.recordTaskEvent(later, progressed, progressNotice as never);
    const [third] = await database.dataSource.query('SELECT type, payload, replaced_type AS "replacedType" FROM task_events WHERE task_id = $1 AND seq = 3', [input.taskId]);
    expect(third).toEqual({ type: 'progress_reported', payload: later.payload, replacedType: 'progress_reported' });
    const thirdNotices = await database.dataSource.query(`SELECT count(*)::int AS count FROM notifications WHERE idempotency_key LIKE $1`, [`${workflowId}#3#%`]);
    expect(thirdNotices).toEqual([{ count: 1 }]);

    // Anything else stays append-only.
    await expect(database.dataSource.query(`UPDATE task_events SET type = 'x' WHERE task_id = $1`, [input.taskId])).rejects.toThrow('append-only');
  });
});
