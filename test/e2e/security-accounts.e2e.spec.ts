import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import request from 'supertest';
import { createApiApp } from '../../apps/api/src/app.factory';
import { createTestDatabase } from '../support/test-stack';
import { testServices } from '../support/test-services';

const ADMIN = { email: 'quantri@hanoi.gov.vn', password: 'mat-khau-quan-tri-1' };

/** Built-in accounts outside dev mode (AUTH_MODE=jwt): sign-in, cookie, lockout, deactivation, audit, rate limits. */
describe('security: built-in accounts (end to end)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let drop: () => Promise<void>;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_SIGN_IN: '25',
      LOG_LEVEL: 'error',
    }) as ReturnType<typeof loadConfig> & { databaseUrl: string; temporalAddress: string };
    app = await createApiApp(config);
    await app.init();
    http = request(app.getHttpServer());
    admin = (await http.post('/api/auth/login').send(ADMIN).expect(200)).body.token;
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('has no dev tokens outside dev mode, and says password sign-in is available', async () => {
    await http.post('/api/auth/dev-token').send({ sub: 'x', role: 'admin' }).expect(404);
    expect((await http.get('/api/auth/config').expect(200)).body).toEqual({ authMode: 'jwt', passwordSignIn: true, passwordReset: false, oidc: null });
  });

  it('lets an admin create a coordinator and an agency user who sign in; the cookie signs the pages in', async () => {
    await http.post('/api/users').set(auth(admin)).send({ email: 'dieuphoi@hanoi.gov.vn', name: 'Điều phối', role: 'coordinator', password: 'mat-khau-dieu-phoi' }).expect(201);
    const created = await http
      .post('/api/users')
      .set(auth(admin))
      .send({ email: 'cv.stc@hanoi.gov.vn', name: 'Chuyên viên STC', role: 'agency', agency: 'STC', password: 'mat-khau-stc-123' })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'agency', agency: 'STC', active: true, hasPassword: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    await http.post('/api/users').set(auth(admin)).send({ email: 'CV.STC@hanoi.gov.vn', name: 'Trùng', role: 'leader' }).expect(409);
    await http.post('/api/users').set(auth(admin)).send({ email: 'x@hanoi.gov.vn', name: 'Thiếu cơ quan', role: 'agency' }).expect(400);

    await http.post('/api/auth/login').send({ email: 'dieuphoi@hanoi.gov.vn', password: 'mat-khau-dieu-phoi' }).expect(200);
    const signIn = await http.post('/api/auth/login').send({ email: 'cv.stc@hanoi.gov.vn', password: 'mat-khau-stc-123' }).expect(200);
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/giaoviec_token=.+; Max-Age=43\d{3}; Path=\/api; Expires=.*; HttpOnly; SameSite=Strict/);
    const tasks = await http.get('/api/tasks').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(tasks.body).toMatchObject({ items: [], total: 0 });
    await http.get('/api/users').set(auth(signIn.body.token)).expect(403);
  });

  it('locks an account after 5 failed sign-ins (429 with Retry-After) and records them for the admin', async () => {
    await http.post('/api/users').set(auth(admin)).send({ email: 'ld@hanoi.gov.vn', name: 'Lãnh đạo', role: 'leader', password: 'mat-khau-lanh-dao' }).expect(201);
    for (let attempt = 1; attempt <= 4; attempt++) await http.post('/api/auth/login').send({ email: 'ld@hanoi.gov.vn', password: 'sai-mat-khau' }).expect(401);
    const locked = await http.post('/api/auth/login').send({ email: 'ld@hanoi.gov.vn', password: 'sai-mat-khau' }).expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // even the right password waits for the lock
    await http.post('/api/auth/login').send({ email: 'ld@hanoi.gov.vn', password: 'mat-khau-lanh-dao' }).expect(429);
    const audit = await http.get('/api/audit?action=sign_in_failed').set(auth(admin)).expect(200);
    expect(audit.body.items.filter((entry: { actor: string }) => entry.actor === 'ld@hanoi.gov.vn')).toHaveLength(5);
    expect(audit.body.items[0]).toMatchObject({ action: 'sign_in_failed', address: expect.any(String), at: expect.any(String) });
    const created = await http.get('/api/audit?action=user_created').set(auth(admin)).expect(200);
    expect(created.body.items.some((entry: { details: { email: string } }) => entry.details.email === 'ld@hanoi.gov.vn')).toBe(true);
    // an admin's new password lifts the lock
    const users = (await http.get('/api/users?limit=200').set(auth(admin)).expect(200)).body.items;
    const leader = users.find((user: { email: string }) => user.email === 'ld@hanoi.gov.vn');
    await http.patch(`/api/users/${leader.id}`).set(auth(admin)).send({ password: 'mat-khau-moi-lanh-dao' }).expect(200);
    await http.post('/api/auth/login').send({ email: 'ld@hanoi.gov.vn', password: 'mat-khau-moi-lanh-dao' }).expect(200);
  });

  it('deactivation stops a signed-in token at once', async () => {
    const user = (await http.post('/api/users').set(auth(admin)).send({ email: 'nghi@hanoi.gov.vn', name: 'Sắp nghỉ', role: 'leader', password: 'mat-khau-sap-nghi' }).expect(201)).body;
    const token = (await http.post('/api/auth/login').send({ email: 'nghi@hanoi.gov.vn', password: 'mat-khau-sap-nghi' }).expect(200)).body.token;
    await http.get('/api/agencies').set(auth(token)).expect(200);
    await http.patch(`/api/users/${user.id}`).set(auth(admin)).send({ active: false }).expect(200);
    await http.get('/api/agencies').set(auth(token)).expect(401);
    await http.post('/api/auth/login').send({ email: 'nghi@hanoi.gov.vn', password: 'mat-khau-sap-nghi' }).expect(401);
  });

  it('meets rapid sign-in attempts with a 429 and Retry-After (RATE_LIMIT_SIGN_IN=25)', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 40 && !retryAfter; attempt++) {
      const response = await http.post('/api/auth/login').send({ email: `khong-co-${attempt}@hanoi.gov.vn`, password: 'x' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers['retry-after'];
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
