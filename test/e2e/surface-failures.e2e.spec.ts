import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { replayHistories } from '../support/replay';
import { connectTestClient, createTestDatabase, startTestWorker } from '../support/test-stack';
import { testServices } from '../support/test-services';

/** What makes the read model refuse an event here: PostgreSQL itself, asked to read it as a number. */
const POISON = 'NOI-DUNG-DOC-HAI';

/**
 * Issue 13: a projection that retrying cannot fix no longer loops forever. The worker's real projection
 * store is wrapped so that an event carrying POISON first runs a statement PostgreSQL refuses (22P02,
 * invalid text for an integer) — a real refusal of the real database, as the NUL in jsonb was. The
 * activity fails non-retryably, the task records `projection_failed` in the event's place, the admins
 * find it in the audit log, and the task answers its next command at once.
 */
describe('non-retryable activity failures surface (end to end)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let client: Client;
  let stop: () => Promise<void>;
  let drop: () => Promise<void>;
  let dataSource: DataSource;
  const tokens: Record<string, string> = {};
  const auth = (name: string) => ({ Authorization: `Bearer ${tokens[name]}` });

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    dataSource = database.dataSource;
    const worker = await startTestWorker(database.dataSource, (deps) => ({
      ...deps,
      taskProjection: {
        recordFirstTaskEvents: (records) => deps.taskProjection.recordFirstTaskEvents(records),
        recordTaskFailure: (failure) => deps.taskProjection.recordTaskFailure(failure),
        recordTaskEvent: async (event, projection, notifications) => {
          if (JSON.stringify(event.payload).includes(POISON)) await database.dataSource.query(`SELECT $1::int`, [POISON]);
          return deps.taskProjection.recordTaskEvent(event, projection, notifications);
        },
      },
    }));
    stop = worker.stop;
    const config = loadConfig({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: testServices().temporalAddress, AUTH_MODE: 'dev', LOG_LEVEL: 'error' }) as ReturnType<
      typeof loadConfig
    > & { databaseUrl: string; temporalAddress: string };
    app = await createApiApp(config);
    await app.init();
    http = request(app.getHttpServer());
    client = await connectTestClient();
    for (const [name, user] of Object.entries({
      coordinator: { sub: 'skhdt.dieuphoi', role: 'coordinator' },
      finance: { sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' },
      admin: { sub: 'quantri', role: 'admin' },
    })) {
      tokens[name] = (await http.post('/api/auth/dev-token').send(user).expect(200)).body.token;
    }
  });

  afterAll(async () => {
    await app?.close();
    await stop?.();
    await client?.connection.close();
    await drop?.();
  });

  it('records projection_failed in place of the refused event, tells the admins, and the task goes on', async () => {
    const dueAt = new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();
    const task = (await http.post('/api/tasks').set(auth('coordinator')).send({ title: 'Nhiệm vụ gặp lỗi ghi nhận', leadAgency: 'STC', dueAt }).expect(201)).body;
    await http.post(`/api/tasks/${task.id}/acknowledge`).set(auth('finance')).expect(200);

    const started = Date.now();
    await http.post(`/api/tasks/${task.id}/progress`).set(auth('finance')).send({ percent: 10, note: POISON }).expect(200);
    // Without the change this command never answered: the activity retried without end.
    expect(Date.now() - started).toBeLessThan(20_000);
    await http.post(`/api/tasks/${task.id}/progress`).set(auth('finance')).send({ percent: 30, note: 'Đã rà soát lại' }).expect(200);

    const view = (await http.get(`/api/tasks/${task.id}`).set(auth('coordinator')).expect(200)).body;
    expect(view.progressPercent).toBe(30);
    const failed = view.events.find((event: { type: string }) => event.type === 'projection_failed');
    expect(failed).toMatchObject({ seq: 3, payload: { eventType: 'progress_reported', error: expect.stringMatching(/^PostgreSQL 22P02: /) } });
    expect(view.events.map((event: { type: string }) => event.type)).toEqual(['assigned', 'acknowledged', 'projection_failed', 'progress_reported']);

    const audit = (await http.get('/api/audit?action=activity_failed').set(auth('admin')).expect(200)).body.items;
    expect(audit).toEqual([
      expect.objectContaining({ action: 'activity_failed', actor: 'worker', target: task.id, details: expect.objectContaining({ seq: 3, eventType: 'progress_reported' }) }),
    ]);

    const [{ workflow_id: workflowId }] = await dataSource.query(`SELECT workflow_id FROM tasks WHERE id = $1`, [task.id]);
    expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    expect(await replayHistories(client, [workflowId], 'task-failure')).toEqual([]);
  });
});
