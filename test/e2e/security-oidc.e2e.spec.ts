import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import { freePort } from '@giaoviec/infra';
import { createApiApp } from '../../apps/api/src/app.factory';
import { BrowserLike, startOidcProvider, type OidcTestProvider } from '../support/oidc-provider';
import { createTestDatabase } from '../support/test-stack';
import { testServices } from '../support/test-services';

const ADMIN = { email: 'quantri@hanoi.gov.vn', password: 'mat-khau-quan-tri-1' };
const CLIENT = { clientId: 'giaoviec', clientSecret: 'a-client-secret-of-the-test-provider' };

/**
 * OpenID Connect sign-in against a real provider (oidc-provider, in this process): the browser's
 * redirects are followed over HTTP, the provider's own login and consent pages are filled in, the
 * code is exchanged by giaoviec with PKCE. No endpoint is mocked.
 */
describe('security: sign-in through an OpenID provider (end to end)', () => {
  let app: INestApplication;
  let api: string;
  let provider: OidcTestProvider;
  let drop: () => Promise<void>;
  let admin: string;

  const call = async (path: string, init: { method?: string; token?: string; body?: unknown; cookie?: string } = {}) => {
    const response = await fetch(`${api}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  /** The whole flow as a browser does it; `account` is who signs in at the provider. */
  async function signInAt(account: string, browser = new BrowserLike()) {
    const start = await browser.request(`${api}/api/auth/oidc/login`);
    // The provider's login page (development interactions): the form posts back to /interaction/:uid.
    if (/\/interaction\//.test(start.url)) {
      const login = await browser.request(start.url, { method: 'POST', form: { prompt: 'login', login: account, password: 'x' } });
      if (/\/interaction\//.test(login.url)) await browser.request(login.url, { method: 'POST', form: { prompt: 'consent' } });
    }
    const landing = browser.visited.filter((url) => url.startsWith(`${api}/#/`)).at(-1);
    return { browser, landing, cookie: browser.cookie(api, 'giaoviec_token') };
  }

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      ...CLIENT,
      redirectUri: `${api}/api/auth/oidc/callback`,
      accounts: {
        'idp-stc-001': { email: 'cv.oidc@hanoi.gov.vn', email_verified: true, name: 'Chuyên viên STC (định danh)' },
        'idp-unknown': { email: 'nguoi-la@hanoi.gov.vn', email_verified: true },
        'idp-unverified': { email: 'lanhdao.oidc@hanoi.gov.vn', email_verified: false },
        'idp-leader': { email: 'lanhdao.oidc@hanoi.gov.vn', email_verified: true },
      },
    });
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      PUBLIC_URL: api,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT.clientId,
      OIDC_CLIENT_SECRET: CLIENT.clientSecret,
      OIDC_LABEL: 'Đăng nhập qua Cổng định danh Hà Nội',
      LOG_LEVEL: 'error',
    }) as ReturnType<typeof loadConfig> & { databaseUrl: string; temporalAddress: string };
    app = await createApiApp(config);
    await app.listen(port, '127.0.0.1');
    admin = (await call('/api/auth/login', { method: 'POST', body: ADMIN })).body.token;
  });

  afterAll(async () => {
    await app?.close();
    await provider?.stop();
    await drop?.();
  });

  it('offers the provider on the sign-in page', async () => {
    const { body } = await call('/api/auth/config');
    expect(body).toMatchObject({ authMode: 'jwt', passwordSignIn: true, oidc: { label: 'Đăng nhập qua Cổng định danh Hà Nội', loginUrl: '/api/auth/oidc/login' } });
  });

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const response = await fetch(`${api}/api/auth/oidc/login`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: 'giaoviec',
      response_type: 'code',
      redirect_uri: `${api}/api/auth/oidc/callback`,
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    expect(String(response.headers.getSetCookie())).toMatch(/giaoviec_oidc=.+; Max-Age=600; Path=\/api\/auth\/oidc; .*HttpOnly; SameSite=Lax/);
  });

  it('signs in a known user by verified e-mail, with the same cookie as a password sign-in, and audits it', async () => {
    const created = await call('/api/users', { method: 'POST', token: admin, body: { email: 'CV.OIDC@hanoi.gov.vn', name: 'Chuyên viên STC', role: 'agency', agency: 'STC' } });
    expect(created.status).toBe(201);
    const { landing, cookie } = await signInAt('idp-stc-001');
    expect(landing).toBe(`${api}/#/dang-nhap?oidc=1`);
    expect(cookie).toBeDefined();
    // The pages pick the token up from the cookie, then call the API with it like after any sign-in.
    const session = await call('/api/auth/session', { cookie: `giaoviec_token=${cookie}` });
    expect(session.body).toEqual({ token: cookie, expiresAt: expect.any(String) });
    const tasks = await call('/api/tasks', { token: session.body.token });
    expect(tasks.status).toBe(200);
    await expect(call('/api/users', { token: session.body.token })).resolves.toMatchObject({ status: 403 });
    const claims = JSON.parse(Buffer.from(session.body.token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: created.body.id, role: 'agency', agency: 'STC', iss: 'giaoviec', aud: 'giaoviec-api', account: true });
    const audit = await call('/api/audit?action=sign_in', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ actor: 'CV.OIDC@hanoi.gov.vn', target: created.body.id, details: { method: 'oidc', issuer: provider.issuer }, address: expect.any(String) });
  });

  it('finds the account by the provider subject afterwards, even when the provider changes the e-mail', async () => {
    provider.accounts['idp-stc-001'].email = 'doi-email@hanoi.gov.vn';
    const { landing, cookie } = await signInAt('idp-stc-001');
    expect(landing).toBe(`${api}/#/dang-nhap?oidc=1`);
    const session = await call('/api/auth/session', { cookie: `giaoviec_token=${cookie}` });
    expect(JSON.parse(Buffer.from(session.body.token.split('.')[1], 'base64url').toString())).toMatchObject({ role: 'agency', agency: 'STC' });
  });

  it('refuses a person without an account, and an address the provider has not verified', async () => {
    const unknown = await signInAt('idp-unknown');
    expect(unknown.landing).toBe(`${api}/#/dang-nhap?loi=oidc_unknown_user`);
    expect(unknown.cookie).toBeUndefined();
    await call('/api/users', { method: 'POST', token: admin, body: { email: 'lanhdao.oidc@hanoi.gov.vn', name: 'Lãnh đạo', role: 'leader' } });
    const unverified = await signInAt('idp-unverified');
    expect(unverified.landing).toBe(`${api}/#/dang-nhap?loi=oidc_email_unverified`);
    expect(unverified.cookie).toBeUndefined();
    const failed = await call('/api/audit?action=sign_in_failed', { token: admin });
    expect(failed.body.items.map((entry: { actor: string; details: { reason: string } }) => [entry.actor, entry.details.reason])).toEqual(
      expect.arrayContaining([
        ['nguoi-la@hanoi.gov.vn', 'unknown_user'],
        ['lanhdao.oidc@hanoi.gov.vn', 'email_unverified'],
      ]),
    );
  });

  it('refuses a deactivated account', async () => {
    const leader = (await call('/api/users?limit=200', { token: admin })).body.items.find((user: { email: string }) => user.email === 'lanhdao.oidc@hanoi.gov.vn');
    expect((await signInAt('idp-leader')).landing).toBe(`${api}/#/dang-nhap?oidc=1`);
    await call(`/api/users/${leader.id}`, { method: 'PATCH', token: admin, body: { active: false } });
    const refused = await signInAt('idp-leader');
    expect(refused.landing).toBe(`${api}/#/dang-nhap?loi=oidc_inactive`);
    expect(refused.cookie).toBeUndefined();
  });

  it('refuses a callback that no sign-in of this browser started (no state cookie), and a forged state', async () => {
    const browser = new BrowserLike();
    const start = await fetch(`${api}/api/auth/oidc/login`, { redirect: 'manual' });
    const authorize = start.headers.get('location')!;
    // Another browser (the attacker's) goes to the provider with giaoviec's URL but has no state cookie.
    await browser.request(authorize);
    const login = browser.visited.at(-1)!;
    if (/\/interaction\//.test(login)) {
      const afterLogin = await browser.request(login, { method: 'POST', form: { prompt: 'login', login: 'idp-stc-001', password: 'x' } });
      if (/\/interaction\//.test(afterLogin.url)) await browser.request(afterLogin.url, { method: 'POST', form: { prompt: 'consent' } });
    }
    expect(browser.visited.filter((url) => url.startsWith(`${api}/#/`)).at(-1)).toBe(`${api}/#/dang-nhap?loi=oidc_failed`);
    expect(browser.cookie(api, 'giaoviec_token')).toBeUndefined();
    const forged = await fetch(`${api}/api/auth/oidc/callback?code=abc&state=def`, { redirect: 'manual', headers: { cookie: 'giaoviec_oidc=not-a-jwe' } });
    expect(forged.headers.get('location')).toBe('/#/dang-nhap?loi=oidc_failed');
  });

  it('answers the session route without a cookie with no token', async () => {
    expect((await call('/api/auth/session')).body).toEqual({ token: null, expiresAt: null });
    expect((await call('/api/auth/session', { cookie: 'giaoviec_token=forged' })).body).toEqual({ token: null, expiresAt: null });
  });
});
