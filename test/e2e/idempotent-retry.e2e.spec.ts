import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * What `npm run test:faults` found (issue 14): an API process killed after its update reached the workflow
 * but before the request's answer was kept leaves the Idempotency-Key claimed and unanswered. The client's
 * retry must then (a) not wait minutes for the claim, and (b) get the first outcome back instead of the
 * command being applied twice (a second progress event) or refused (acknowledging twice). Here the dead
 * process is simulated by turning the kept answer back into an abandoned claim.
 */
describe('a keyed command retried after its process died (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let finance: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.cv', role: 'agency', agency: 'STC' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** The state a process killed mid-request leaves: claimed, unanswered, no longer renewed. */
  const abandon = (key: string) =>
    stack.dataSource.query(`UPDATE idempotency_keys SET status_code = NULL, response = NULL, created_at = now() - interval '1 minute' WHERE key = $1`, [key]);

  it('answers the retry with the first outcome and records each command once', async () => {
    const task = (
      await stack.http
        .post('/api/tasks')
        .set(auth(coordinator))
        .send({ title: 'Rà soát HTX', leadAgency: 'STC', dueAt: new Date(Date.now() + 86_400_000).toISOString() })
        .expect(201)
    ).body;

    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'ack-1').expect(200);
    await abandon('ack-1');
    const retried = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'ack-1').expect(200);
    expect(retried.body.status).toBe('acknowledged');

    const progress = { percent: 30, note: 'Đã rà soát 30% số HTX' };
    await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(finance)).set('Idempotency-Key', 'progress-1').send(progress).expect(200);
    await abandon('progress-1');
    await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(finance)).set('Idempotency-Key', 'progress-1').send(progress).expect(200);

    const events = (await stack.http.get(`/api/tasks/${task.id}`).set(auth(coordinator)).expect(200)).body.events as { type: string }[];
    expect(events.map((event) => event.type)).toEqual(['assigned', 'acknowledged', 'progress_reported']);
  });

  it('answers a create retried after its due date with the task its first attempt created', async () => {
    const body = { title: 'Báo cáo nhanh', leadAgency: 'STC', dueAt: new Date(Date.now() + 3_000).toISOString() };
    const first = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-1').send(body).expect(201);
    await abandon('create-1');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const retried = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-1').send(body).expect(201);
    expect(retried.body.id).toBe(first.body.id);
  });

  it('still refuses a command the state does not allow when it carries a key', async () => {
    const task = (
      await stack.http
        .post('/api/tasks')
        .set(auth(coordinator))
        .send({ title: 'Rà soát HTX', leadAgency: 'STC', dueAt: new Date(Date.now() + 86_400_000).toISOString() })
        .expect(201)
    ).body;
    const refused = await stack.http.post(`/api/tasks/${task.id}/accept`).set(auth(coordinator)).set('Idempotency-Key', 'accept-early').send({}).expect(409);
    expect(refused.body.message).toEqual(expect.any(String));
  });

  // Last: it stops the worker.
  it('finishes a create whose first attempt started the workflow but wrote no row, after its due date', async () => {
    const body = { title: 'Báo cáo gấp', leadAgency: 'STC', dueAt: new Date(Date.now() + 3_000).toISOString() };
    const first = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-2').send(body).expect(201);
    // The state PostgreSQL killed between the start and the first write leaves: a workflow, no row, no kept answer;
    // and no worker meanwhile (the workflow would write its own events: the overdue one, past the due date).
    await stack.stopWorker();
    await stack.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica'); // past the append-only trigger of task_events
      await manager.query('DELETE FROM task_events WHERE task_id = $1', [first.body.id]);
      await manager.query('DELETE FROM tasks WHERE id = $1', [first.body.id]);
      await manager.query('DELETE FROM idempotency_keys WHERE key = $1', ['create-2']);
    });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    const retried = await stack.http.post('/api/tasks').set(auth(coordinator)).set('Idempotency-Key', 'create-2').send(body).expect(201);
    expect(retried.body).toMatchObject({ id: first.body.id, workflowId: first.body.workflowId, assignedAt: first.body.assignedAt });
    expect(retried.body.events.map((event: { type: string }) => event.type)).toEqual(['assigned']);
    // Without the key, the same late body is judged as a new task: refused.
    await stack.http.post('/api/tasks').set(auth(coordinator)).send(body).expect(400);
  });
});
