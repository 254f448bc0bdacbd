import { AD_HOC_PLAN_CODE, assignedTaskRecord, taskWorkflowId } from '@giaoviec/contracts';
import { resolvePolicy } from '@giaoviec/domain';
import { TaskProjectionStore } from '@giaoviec/persistence';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities/task-projection.activities';
import { startTestStack, type TestStack } from '../support/test-stack';

/** Issue 13's regressions, each on its own, against the real API, worker, Temporal and PostgreSQL (dev mode). */
describe('security: bad input refused at the edge (end to end)', () => {
  let stack: TestStack;
  let coordinator: string;
  let finance: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const inTenDays = () => new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString();

  beforeAll(async () => {
    stack = await startTestStack();
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    finance = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'STC' });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses a NUL in a progress note with a 400 naming the field, and the task answers its next command at once', async () => {
    const task = (await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Thử ký tự NUL', leadAgency: 'STC', dueAt: inTenDays() }).expect(201)).body;
    await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).expect(200);
    const refused = await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(finance)).send({ percent: 1, note: 'a\u0000b' }).expect(400);
    expect(refused.body.details).toEqual([{ path: 'note', message: expect.stringMatching(/NUL/) }]);
    const started = Date.now();
    await stack.http.post(`/api/tasks/${task.id}/progress`).set(auth(finance)).send({ percent: 10, note: 'Đã rà soát' }).expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a lone surrogate in a new task title before any workflow starts', async () => {
    const before = (await stack.http.get('/api/tasks').set(auth(coordinator)).expect(200)).body.total;
    const refused = await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Nhiệm vụ \ud800', leadAgency: 'STC', dueAt: inTenDays() }).expect(400);
    expect(refused.body.details).toEqual([{ path: 'title', message: expect.stringMatching(/surrogate/) }]);
    expect((await stack.http.get('/api/tasks').set(auth(coordinator)).expect(200)).body.total).toBe(before);
  });

  it('answers ?q=%00 with a 400, not a 500', async () => {
    const response = await stack.http.get('/api/tasks?q=%00').set(auth(coordinator)).expect(400);
    expect(response.body.details).toEqual([{ path: 'q', message: expect.stringMatching(/NUL/) }]);
  });

  it('answers deeply nested JSON with a 400 before parsing it', async () => {
    const body = '['.repeat(45_000) + ']'.repeat(45_000);
    const response = await stack.http.post('/api/auth/dev-token').set('content-type', 'application/json').send(body).expect(400);
    expect(response.body.message).toMatch(/lồng nhau quá sâu/);
  });

  it('answers Content-Encoding: gzip on a plain body with a 4xx', async () => {
    const response = await stack.http
      .post('/api/auth/dev-token')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(JSON.stringify({ sub: 'x', role: 'leader' }));
    expect(response.status).toBe(415);
  });

  it('refuses a 90,000-key YAML plan within a second while /api/health keeps answering', async () => {
    const yaml = Array.from({ length: 90_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const started = Date.now();
    const [plan, health] = await Promise.all([
      stack.http.post('/api/plans').set(auth(coordinator)).set('content-type', 'application/yaml').send(yaml),
      stack.http.get('/api/health'),
    ]);
    expect(plan.status).toBe(400);
    expect(plan.body.details[0].message).toMatch(/MAX_PLAN_YAML_ENTRIES/);
    expect(Date.now() - started).toBeLessThan(3000); // 1 s is the target; the margin is for a loaded CI machine
    expect(health.status).toBe(200);
  });

  it('refuses tokens without exp, with another issuer or another audience', async () => {
    const secret = new TextEncoder().encode('giaoviec-dev-mode-secret-never-use-in-production');
    const claims = { role: 'admin' };
    const noExp = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('giaoviec').setAudience('giaoviec-api').sign(secret);
    const otherIssuer = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('evil').setAudience('giaoviec-api').setExpirationTime('1h').sign(secret);
    const otherAudience = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('giaoviec').setAudience('other').setExpirationTime('1h').sign(secret);
    const good = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('giaoviec').setAudience('giaoviec-api').setExpirationTime('1h').sign(secret);
    for (const token of [noExp, otherIssuer, otherAudience]) await stack.http.get('/api/agencies').set(auth(token)).expect(401);
    await stack.http.get('/api/agencies').set(auth(good)).expect(200);
  });

  it('never replays an STC answer to an SCT token with the same sub and Idempotency-Key', async () => {
    const task = (await stack.http.post('/api/tasks').set(auth(coordinator)).send({ title: 'Thử phát lại chéo cơ quan', leadAgency: 'STC', dueAt: inTenDays() }).expect(201)).body;
    const sameSubOtherAgency = await stack.tokenFor({ sub: 'stc.chuyenvien', role: 'agency', agency: 'SCT' });
    const first = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'cross-agency-1').expect(200);
    expect(first.body.title).toBe('Thử phát lại chéo cơ quan');
    const crossed = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(sameSubOtherAgency)).set('Idempotency-Key', 'cross-agency-1');
    expect(crossed.status).toBe(404);
    expect(crossed.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(crossed.body)).not.toContain('Thử phát lại chéo cơ quan');
    // The same principal still gets its own answer back.
    const repeat = await stack.http.post(`/api/tasks/${task.id}/acknowledge`).set(auth(finance)).set('Idempotency-Key', 'cross-agency-1').expect(200);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
  });

  it('gives anonymous callers no idempotency: a token is never stored or replayed', async () => {
    const send = () => stack.http.post('/api/auth/dev-token').set('Idempotency-Key', 'anonymous-1').send({ sub: 'ai.do', role: 'leader' }).expect(200);
    await send();
    const second = await send();
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    const stored: unknown[] = await stack.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = 'anonymous-1'`);
    expect(stored).toHaveLength(0);
  });

  it('stores a projection whose text slipped past the edge instead of failing it on every retry', async () => {
    const taskId = randomUUID();
    const input = {
      taskId, planId: null, planCode: AD_HOC_PLAN_CODE, taskRef: taskId, title: 'Lọt qua\u0000biên \ud800', description: null,
      leadAgency: 'STC', coordinatingAgencies: [], dueAt: inTenDays(), policy: resolvePolicy(), assignedAt: new Date().toISOString(),
      assignedBy: { sub: 'skhdt.dieuphoi', name: 'Điều phối', role: 'coordinator' as const },
    };
    const activities = createActivities({ taskProjection: new TaskProjectionStore(stack.dataSource), calendar: { snapshot: () => Promise.reject(new Error('unused')) } });
    await activities.recordTaskEvent(assignedTaskRecord(taskWorkflowId(AD_HOC_PLAN_CODE, taskId, 'STC'), input));
    const [row]: { title: string }[] = await stack.dataSource.query(`SELECT title FROM tasks WHERE id = $1`, [taskId]);
    expect(row.title).toBe('Lọt qua\uFFFDbiên \uFFFD');
  });

  it('pages the plan and round lists, keeping their {items, total} shape', async () => {
    const plans = await stack.http.get('/api/plans?page=1&limit=1').set(auth(coordinator)).expect(200);
    expect(plans.body).toEqual({ items: expect.any(Array), total: expect.any(Number) });
    const rounds = await stack.http.get('/api/reporting-rounds?page=2&limit=5').set(auth(coordinator)).expect(200);
    expect(rounds.body).toEqual({ items: [], total: expect.any(Number) });
    const refused = await stack.http.get('/api/plans?limit=201').set(auth(coordinator)).expect(400);
    expect(refused.body.details[0].path).toBe('limit');
  });

  it('sends security headers on the pages and the API', async () => {
    for (const path of ['/', '/api/health']) {
      const response = await stack.http.get(path).expect(200);
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
