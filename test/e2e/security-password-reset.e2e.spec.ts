import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '@giaoviec/infra';
import { createRepositories } from '@giaoviec/persistence';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { createTestDatabase } from '../support/test-stack';
import { testServices } from '../support/test-services';
import { waitFor } from '../support/wait-for';

const ADMIN = { email: 'quantri@hanoi.gov.vn', password: 'mat-khau-quan-tri-1' };
const PUBLIC_URL = 'http://giaoviec.test';

/**
 * Password reset by e-mail link, end to end: the API enqueues the mail in the notification outbox,
 * the worker's dispatcher sends it over SMTP to a real SMTP server (the mail catcher), and the test
 * reads the link back from the delivered message.
 */
describe('security: password reset by e-mail link (end to end)', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let mail: MailCatcher;
  let dispatcher: DeliveryDispatcher;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mailsTo = (address: string) => mail.messages().filter((message: CaughtMail) => message.to.includes(address));
  const tokenOf = (message: CaughtMail) => /\/#\/dat-lai-mat-khau\?ma=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];

  beforeAll(async () => {
    const database = await createTestDatabase();
    ({ dataSource, drop } = database);
    mail = await startMailCatcher();
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      SMTP_URL: mail.smtpUrl,
      PUBLIC_URL,
      DELIVERY_POLL_INTERVAL_MS: '100',
      RATE_LIMIT_SIGN_IN: '25',
      LOG_LEVEL: 'error',
    }) as ReturnType<typeof loadConfig> & { databaseUrl: string; temporalAddress: string };
    app = await createApiApp(config);
    await app.init();
    http = request(app.getHttpServer());
    dispatcher = new DeliveryDispatcher(createRepositories(dataSource), config.delivery);
    dispatcher.start();
    admin = (await http.post('/api/auth/login').send(ADMIN).expect(200)).body.token;
    await http.post('/api/users').set(auth(admin)).send({ email: 'cv.stc@hanoi.gov.vn', name: 'Chuyên viên STC', role: 'agency', agency: 'STC', password: 'mat-khau-cu-123' }).expect(201);
    await http.post('/api/users').set(auth(admin)).send({ email: 'oidc.only@hanoi.gov.vn', name: 'Chỉ đăng nhập một lần', role: 'leader' }).expect(201);
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await app?.close();
    await mail?.stop();
    await drop?.();
  });

  it('is offered on the sign-in page when mail can be sent', async () => {
    expect((await http.get('/api/auth/config').expect(200)).body).toMatchObject({ passwordSignIn: true, passwordReset: true });
  });

  it('answers every request alike, mails a one-time link to an account with a password, and the link sets a new password once', async () => {
    const known = await http.post('/api/auth/password-reset').send({ email: 'CV.STC@hanoi.gov.vn' }).expect(202);
    const unknown = await http.post('/api/auth/password-reset').send({ email: 'khong-co@hanoi.gov.vn' }).expect(202);
    const noPassword = await http.post('/api/auth/password-reset').send({ email: 'oidc.only@hanoi.gov.vn' }).expect(202);
    expect(unknown.body).toEqual(known.body);
    expect(noPassword.body).toEqual(known.body);
    expect(known.body.message).toMatch(/Nếu địa chỉ e-mail này có tài khoản/);

    const [message] = await waitFor(
      async () => mailsTo('cv.stc@hanoi.gov.vn'),
      (messages) => messages.length > 0,
    );
    expect(message.subject).toBe('Đặt lại mật khẩu hệ thống Giao việc');
    expect(message.text).toMatch(/Kính gửi: Chuyên viên STC/);
    expect(message.text).toContain('có hiệu lực trong 60 phút');
    const token = tokenOf(message)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(message.html).toContain(`href="${PUBLIC_URL}/#/dat-lai-mat-khau?ma=${token}"`);
    // Only the hash is stored.
    const stored = await dataSource.query(`SELECT token_hash FROM password_resets`);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toContain(token);

    const short = await http.post('/api/auth/password-reset/confirm').send({ token, password: 'ngan' }).expect(400);
    expect(short.body.details.map((detail: { path: string }) => detail.path)).toEqual(['password']);
    // A session the old password opened (a second earlier: `iat` has whole seconds) ends with the reset.
    const oldSession = (await http.post('/api/auth/login').send({ email: 'cv.stc@hanoi.gov.vn', password: 'mat-khau-cu-123' }).expect(200)).body.token;
    await http.get('/api/tasks').set('authorization', `Bearer ${oldSession}`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await http.post('/api/auth/password-reset/confirm').send({ token, password: 'mat-khau-moi-456' }).expect(204);
    const ended = await http.get('/api/tasks').set('authorization', `Bearer ${oldSession}`).expect(401);
    expect(ended.body.message).toMatch(/đăng nhập lại/);
    await http.post('/api/auth/login').send({ email: 'cv.stc@hanoi.gov.vn', password: 'mat-khau-cu-123' }).expect(401);
    const newSession = (await http.post('/api/auth/login').send({ email: 'cv.stc@hanoi.gov.vn', password: 'mat-khau-moi-456' }).expect(200)).body.token;
    await http.get('/api/tasks').set('authorization', `Bearer ${newSession}`).expect(200);
    const again = await http.post('/api/auth/password-reset/confirm').send({ token, password: 'mat-khau-khac-789' }).expect(400);
    expect(again.body.details.map((detail: { path: string }) => detail.path)).toEqual(['token']);

    // Nobody else got mail: not the unknown address, not the account without a password.
    expect(mailsTo('khong-co@hanoi.gov.vn')).toHaveLength(0);
    expect(mailsTo('oidc.only@hanoi.gov.vn')).toHaveLength(0);
    const audit = (await http.get('/api/audit?action=password_reset_requested').set(auth(admin)).expect(200)).body.items;
    expect(audit.map((entry: { actor: string; details: { outcome: string } }) => [entry.actor, entry.details.outcome])).toEqual(
      expect.arrayContaining([
        ['CV.STC@hanoi.gov.vn', 'sent'],
        ['khong-co@hanoi.gov.vn', 'unknown_email'],
        ['oidc.only@hanoi.gov.vn', 'no_password'],
      ]),
    );
    const done = (await http.get('/api/audit?action=password_reset').set(auth(admin)).expect(200)).body.items;
    expect(done[0]).toMatchObject({ actor: 'cv.stc@hanoi.gov.vn', address: expect.any(String) });
  });

  it('sends one mail a minute at most, and refuses a link past its hour', async () => {
    await http.post('/api/auth/password-reset').send({ email: 'cv.stc@hanoi.gov.vn' }).expect(202);
    const audit = (await http.get('/api/audit?action=password_reset_requested').set(auth(admin)).expect(200)).body.items;
    expect(audit[0].details).toEqual({ outcome: 'recently_sent' });

    await dataSource.query(`UPDATE password_resets SET created_at = created_at - interval '2 hours'`);
    const before = mailsTo('cv.stc@hanoi.gov.vn').length;
    await http.post('/api/auth/password-reset').send({ email: 'cv.stc@hanoi.gov.vn' }).expect(202);
    const messages = await waitFor(
      async () => mailsTo('cv.stc@hanoi.gov.vn'),
      (all) => all.length > before,
    );
    const token = tokenOf(messages.at(-1)!)!;
    await dataSource.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    const expired = await http.post('/api/auth/password-reset/confirm').send({ token, password: 'mat-khau-het-han' }).expect(400);
    expect(expired.body.message).toMatch(/đã hết hạn/);
  });

  it('is rate-limited per address like sign-in (429 with Retry-After)', async () => {
    let limited: request.Response | undefined;
    for (let attempt = 0; attempt < 40 && !limited; attempt++) {
      const response = await http.post('/api/auth/password-reset').send({ email: `x${attempt}@hanoi.gov.vn` });
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
