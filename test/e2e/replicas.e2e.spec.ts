import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { planIssueWorkflowId } from '@giaoviec/contracts';
import { dropDatabase, ensureDatabase, freePort, startMailCatcher, type MailCatcher } from '@giaoviec/infra';
import { MIGRATIONS, openDataSource } from '@giaoviec/persistence';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';
import { connectTestClient } from '../support/test-stack';
import { testServices } from '../support/test-services';
import { waitFor } from '../support/wait-for';

/**
 * Replicas (issue 9): two API processes and two worker processes — real child processes, started at the
 * same moment on one fresh database and the tests' Temporal server — behave as one. Migrations run once,
 * either API answers for a task the other created, the two workers' dispatchers send each notification
 * once, and a plan issue whose worker is killed (SIGKILL) mid-issue is finished by the other.
 */
describe('replicas (end to end)', () => {
  const databaseName = `giaoviec_replicas_${randomBytes(6).toString('hex')}`;
  const run = Array.from({ length: 5 }, () => String.fromCharCode(65 + randomInt(26))).join('');
  let databaseUrl: string;
  let db: DataSource;
  let client: Client;
  let mail: MailCatcher;
  const apis: { process: ServiceProcess; http: ReturnType<typeof request> }[] = [];
  const workers: ServiceProcess[] = [];
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  let coordinator: string;
  let finance: string;

  beforeAll(async () => {
    const { postgresAdminUrl, temporalAddress } = testServices();
    databaseUrl = await ensureDatabase(postgresAdminUrl, databaseName);
    mail = await startMailCatcher();
    // Only what a deployment would set: not the test run's own TEMPORAL_MODE, DATABASE_URL and the like.
    const { TEMPORAL_MODE: _mode, TEMPORAL_DATABASE_URL: _temporalDb, DATABASE_URL: _db, TEMPORAL_ADDRESS: _address, ...inherited } = process.env;
    const env = {
      ...inherited,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      AUTH_MODE: 'dev',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      WORKER_METRICS_ADDRESS: 'off',
      SMTP_URL: mail.smtpUrl,
      PUBLIC_URL: 'http://giaoviec.test/',
      DELIVERY_POLL_INTERVAL_MS: '200',
    };
    const [port1, port2] = [await freePort(), await freePort()];
    // All four at once: each runs the migrations on start, under the advisory lock.
    for (const [index, port] of [port1, port2].entries()) {
      const service = startServiceProcess(`api-${index + 1}`, 'api', { ...env, PORT: String(port) });
      apis.push({ process: service, http: request(`http://127.0.0.1:${port}`) });
    }
    // The workers log at debug: the SDK's activity and workflow lines are checked below.
    for (const index of [1, 2]) workers.push(startServiceProcess(`worker-${index}`, 'worker', { ...env, LOG_LEVEL: 'debug' }));

    await Promise.all([
      ...apis.map(({ process, http }) => waitForService(process, async () => (await http.get('/api/health/ready')).status === 200)),
      ...workers.map((worker) => waitForService(worker, async () => worker.logEntries().some((entry) => String(entry.msg).startsWith('giaoviec worker polling')))),
    ]);
    db = await openDataSource(databaseUrl);
    client = await connectTestClient();
    const token = async (user: Record<string, string>, api = 0) => (await apis[api].http.post('/api/auth/dev-token').send(user).expect(200)).body.token as string;
    coordinator = await token({ sub: 'skhdt.dieuphoi', name: 'Sở KH&ĐT', role: 'coordinator' });
    finance = await token({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' }, 1);
  }, 240_000);

  afterAll(async () => {
    // Leave nothing running on the shared Temporal server, then stop the processes.
    if (db?.isInitialized) {
      const rows: { workflow_id: string }[] = await db.query(`SELECT workflow_id FROM tasks`);
      await Promise.all(rows.map(({ workflow_id }) => client.workflow.getHandle(workflow_id).terminate('kết thúc kiểm thử').catch(() => undefined)));
    }
    await Promise.all([...apis.map(({ process }) => process.stop()), ...workers.map((worker) => worker.stop())]);
    await client?.connection.close();
    await db?.destroy();
    await mail?.stop();
    if (databaseUrl) await dropDatabase(testServices().postgresAdminUrl, databaseName);
  });

  it('runs every migration once although four processes started on the empty database together', async () => {
    const rows: { name: string; count: number }[] = await db.query(`SELECT name, count(*)::int AS count FROM migrations GROUP BY name ORDER BY name`);
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.every((row) => row.count === 1)).toBe(true);
  });

  it('answers on either API for a task made on the other, and sends each notification once', async () => {
    const admin = (await apis[1].http.post('/api/auth/dev-token').send({ sub: 'it.quantri', role: 'admin' }).expect(200)).body.token;
    const officer = 'chuyenvien@stc.hanoi.gov.vn';
    await apis[1].http
      .put('/api/agencies/STC/contacts')
      .set(auth(admin))
      .send([{ name: 'Lê Văn Cường', role: 'officer', email: officer }])
      .expect(200);
    await apis[0].http.put('/api/agencies/SKHDT/contacts').set(auth(admin)).send([{ name: 'Phòng Tổng hợp', role: 'officer', email: 'tonghop@skhdt.hanoi.gov.vn' }]).expect(200);

    const title = 'Hướng dẫn HTX giải thể xử lý tài sản, công nợ';
    const created = await apis[0].http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title, leadAgency: 'STC', dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      .expect(201);
    const taskId: string = created.body.id;
    // Each command on the API that did not make the task, or did not take the last command.
    expect((await apis[1].http.get(`/api/tasks/${taskId}`).set(auth(finance)).expect(200)).body).toMatchObject({ title, status: 'assigned' });
    await apis[1].http.post(`/api/tasks/${taskId}/acknowledge`).set(auth(finance)).expect(200);
    await apis[0].http.post(`/api/tasks/${taskId}/progress`).set(auth(finance)).send({ percent: 50, note: 'Đã rà soát 12 HTX' }).expect(200);
    await apis[1].http.post(`/api/tasks/${taskId}/submit`).set(auth(finance)).send({ summary: 'Đã hướng dẫn xong' }).expect(200);
    await apis[0].http.post(`/api/tasks/${taskId}/accept`).set(auth(coordinator)).expect(200);
    const task = (await waitFor(async () => (await apis[1].http.get(`/api/tasks/${taskId}`).set(auth(coordinator)).expect(200)).body, (body) => body.status === 'completed'));
    expect(task.category).toBe('completed_on_time');
    expect(task.events.map((event: { type: string }) => event.type)).toEqual(['assigned', 'acknowledged', 'progress_reported', 'submitted', 'completed']);

    // Every notification of the task is written once: one per event and recipient.
    const notifications: { seq: string; kind: string; recipient: string }[] = await db.query(
      `SELECT split_part(idempotency_key, '#', 2) AS seq, kind, recipient_agency || '/' || recipient_role AS recipient FROM notifications WHERE task_id = $1`,
      [taskId],
    );
    expect(notifications.length).toBeGreaterThan(0);
    const perEventAndRecipient = new Set(notifications.map((row) => `${row.seq} ${row.kind} ${row.recipient}`));
    expect(perEventAndRecipient.size).toBe(notifications.length);

    // Both workers' dispatchers poll the outbox: each e-mail delivery is sent by one of them, once.
    const deliveries = await waitFor(
      async () =>
        (await db.query(
          `SELECT d.id::text, d.status, d.attempts, n.deliveries_planned_at IS NOT NULL AS planned
           FROM notifications n LEFT JOIN deliveries d ON d.notification_id = n.id AND d.channel = 'email' WHERE n.task_id = $1`,
          [taskId],
        )) as { id: string | null; status: string | null; attempts: number | null; planned: boolean }[],
      (rows) => rows.every((row) => row.planned && (row.id === null || row.status === 'sent')) && rows.some((row) => row.id !== null),
      40_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // anything sent twice would arrive by now
    const sent = deliveries.filter((row) => row.id !== null);
    expect(sent.every((row) => row.attempts === 1)).toBe(true);
    const mails = mail.messages().filter((message) => sent.some((row) => message.messageId === `<${row.id}@giaoviec.test>`));
    expect(mails.map((message) => message.messageId).sort()).toEqual(sent.map((row) => `<${row.id}@giaoviec.test>`).sort());
    expect(mails.some((message) => message.to.includes(officer))).toBe(true);
  });

  it('finishes a plan issue whose worker is killed mid-issue on the other worker: every task exactly once', async () => {
    // Hanoi 2020 re-based to next year: 5 tasks for 39 agencies each and 8 for the HTX union, 203 task workflows.
    const year = new Date().getUTCFullYear() + 1;
    const text = fs.readFileSync(path.join(__dirname, '../../data/plans/hanoi-2020-htx.yaml'), 'utf8').replace(/^code: (.+)$/m, (_line, code) => `code: ${code}-R${run}`);
    const imported = await apis[1].http.post('/api/plans').query({ year }).set(auth(coordinator)).set({ 'Content-Type': 'application/yaml' }).send(text).expect(201);
    const { id: planId, code } = imported.body as { id: string; code: string };

    const issue = apis[0].http.post(`/api/plans/${planId}/issue`).set(auth(coordinator)).then((response) => response);
    // The worker running the issue's batch activity is the one to kill.
    const handle = client.workflow.getHandle(planIssueWorkflowId(code));
    const running = await waitFor(
      async () => {
        const description = await handle.describe().catch(() => undefined);
        const activity = description?.raw.pendingActivities?.find((pending) => pending.activityType?.name === 'issuePlanTaskBatch');
        return { status: description?.status.name, identity: activity?.lastWorkerIdentity ?? undefined };
      },
      (state) => state.status !== undefined && (state.status !== 'RUNNING' || Boolean(state.identity)),
      30_000,
    );
    expect(running.status).toBe('RUNNING');
    const victim = workers.find((worker) => running.identity?.startsWith(`${worker.pid}@`));
    expect(victim).toBeDefined();
    process.kill(victim!.pid, 'SIGKILL');
    expect(await victim!.exited).toBe('SIGKILL');
    const survivor = workers.find((worker) => worker !== victim)!;

    // The batch's heartbeat times out (10 s); the survivor retries it and the issue answers.
    const response = await issue;
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ issued: 203, alreadyRunning: 0 });
    const counts = await db.query(
      `SELECT count(*)::int AS tasks, count(DISTINCT workflow_id)::int AS workflows,
              (SELECT count(*)::int FROM task_events e WHERE e.type = 'assigned' AND e.task_id IN (SELECT id FROM tasks WHERE plan_id = $1)) AS assigned
       FROM tasks WHERE plan_id = $1`,
      [planId],
    );
    expect(counts[0]).toEqual({ tasks: 203, workflows: 203, assigned: 203 });
    // Mid-issue: the batch the victim had started was started again, by the survivor.
    const history = await handle.fetchHistory();
    const batchStarts = (history.events ?? []).filter((event) => event.activityTaskStartedEventAttributes).map((event) => event.activityTaskStartedEventAttributes!);
    expect(batchStarts.some((started) => (started.attempt ?? 1) > 1 && started.identity?.startsWith(`${survivor.pid}@`))).toBe(true);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('logs JSON through pino on the workers, with workflow id, run id and activity type on activity and workflow lines', () => {
    const entries = workers.flatMap((worker) => worker.logEntries());
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.name === 'worker' && typeof entry.level === 'number' && typeof entry.time === 'number')).toBe(true);
    const activityLines = entries.filter((entry) => entry.msg === 'Activity completed');
    expect(activityLines.length).toBeGreaterThan(0);
    for (const entry of activityLines) expect(entry).toMatchObject({ workflowId: expect.any(String), workflowRunId: expect.any(String), activityType: expect.any(String) });
    const workflowLines = entries.filter((entry) => entry.msg === 'Workflow started');
    expect(workflowLines.length).toBeGreaterThan(0);
    for (const entry of workflowLines) expect(entry).toMatchObject({ workflowId: expect.any(String), runId: expect.any(String), workflowType: expect.any(String) });
  });
});

/** Waits until `ready()` holds, failing with the process's output if it exits or does not get there. */
async function waitForService(service: ServiceProcess, ready: () => Promise<boolean>, timeoutMs = 200_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: number | string | null | undefined;
  void service.exited.then((code) => (exit = code));
  for (;;) {
    if (exit !== undefined) throw new Error(`${service.name} exited (${exit}):\n${service.lines().slice(-40).join('\n')}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${service.name} not ready within ${timeoutMs} ms:\n${service.lines().slice(-40).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
