import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@giaoviec/config';
import { freePort, startMailCatcher, type MailCatcher } from '@giaoviec/infra';
import { createRepositories } from '@giaoviec/persistence';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/app.factory';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { requireChromium } from '../../libs/infra/src/chromium';
import { startOidcProvider, type OidcTestProvider } from '../support/oidc-provider';
import { createTestDatabase } from '../support/test-stack';
import { testServices } from '../support/test-services';
import { waitFor } from '../support/wait-for';

const ADMIN = { email: 'quantri@hanoi.gov.vn', password: 'mat-khau-quan-tri-1' };
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.resolve(__dirname, '../../.test-data/web-screenshots');

/**
 * The sign-in page's other ways in, in a real browser (Chromium): the city's OpenID provider (a real
 * oidc-provider, its own login and consent pages) and a password reset whose link arrives by e-mail
 * (a real SMTP server, the mail catcher, fed by the delivery dispatcher).
 */
describe('web pages: sign-in through the identity provider, password reset (real browser)', () => {
  let app: INestApplication;
  let api: string;
  let provider: OidcTestProvider;
  let mail: MailCatcher;
  let dispatcher: DeliveryDispatcher;
  let context: BrowserContext;
  let profileDir: string;
  let drop: () => Promise<void>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const chromiumPath = requireChromium();
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, locale: 'vi-VN', timeout: 30_000 });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const database = await createTestDatabase();
    drop = database.drop;
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      clientId: 'giaoviec',
      clientSecret: 'a-client-secret-of-the-test-provider',
      redirectUri: `${api}/api/auth/oidc/callback`,
      accounts: { 'idp-stc-001': { email: 'cv.oidc@hanoi.gov.vn', email_verified: true, name: 'Chuyên viên (định danh)' } },
    });
    mail = await startMailCatcher();
    const config = loadConfig({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: testServices().temporalAddress,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      PUBLIC_URL: api,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'giaoviec',
      OIDC_CLIENT_SECRET: 'a-client-secret-of-the-test-provider',
      OIDC_LABEL: 'Đăng nhập qua Cổng định danh Hà Nội',
      SMTP_URL: mail.smtpUrl,
      DELIVERY_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'error',
    }) as ReturnType<typeof loadConfig> & { databaseUrl: string; temporalAddress: string };
    app = await createApiApp(config);
    await app.listen(port, '127.0.0.1');
    dispatcher = new DeliveryDispatcher(createRepositories(database.dataSource), config.delivery);
    dispatcher.start();
    const admin = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) }).then((r) => r.json() as Promise<{ token: string }>);
    for (const user of [
      { email: 'cv.oidc@hanoi.gov.vn', name: 'Nguyễn Văn Định Danh', role: 'agency', agency: 'STC' },
      { email: 'ld@hanoi.gov.vn', name: 'Trần Thị Lãnh Đạo', role: 'leader', password: 'mat-khau-cu-2026' },
    ]) {
      const created = await fetch(`${api}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` }, body: JSON.stringify(user) });
      expect(created.status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await dispatcher?.stop();
    await app?.close();
    await provider?.stop();
    await mail?.stop();
    await drop?.();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  async function newTab(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  it('signs an agency user in through the identity provider, and sees its pages', async () => {
    const page = await newTab();
    await page.goto(`${api}/`);
    const button = page.getByRole('link', { name: 'Đăng nhập qua Cổng định danh Hà Nội' });
    await button.waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, '40-sign-in-oidc-offered.png'), fullPage: true });
    await button.click();
    // The provider's own pages: sign in, then allow giaoviec.
    await page.locator('input[name=login]').fill('idp-stc-001');
    await page.locator('input[name=password]').fill('mat-khau-bat-ky');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.user-box__name', { hasText: 'Nguyễn Văn Định Danh' }).waitFor();
    expect(page.url()).toBe(`${api}/#/co-quan`);
    await page.screenshot({ path: path.join(SCREENSHOTS, '41-signed-in-through-oidc.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('tells why a sign-in through the provider was refused', async () => {
    const page = await newTab();
    await page.goto(`${api}/#/dang-nhap?loi=oidc_unknown_user`);
    await page.getByText('chưa được cấp quyền dùng hệ thống Giao việc').waitFor();
  });

  it('resets a forgotten password with the link that arrives by e-mail', async () => {
    const page = await newTab();
    await page.goto(`${api}/#/dang-nhap`);
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.locator('form.password-reset-form').getByLabel('Địa chỉ e-mail').fill('ld@hanoi.gov.vn');
    await page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }).click();
    await page.getByText('Nếu địa chỉ e-mail này có tài khoản').waitFor();
    const [message] = await waitFor(
      async () => mail.messages().filter((caught) => caught.to.includes('ld@hanoi.gov.vn')),
      (messages) => messages.length > 0,
    );
    const link = /http:\/\/\S+\/#\/dat-lai-mat-khau\?ma=[A-Za-z0-9_-]+/.exec(message.text)![0];

    await page.goto(link);
    const form = page.locator('form.password-reset-confirm-form');
    await form.locator('input[name=password]').fill('mat-khau-moi-2026');
    await form.locator('input[name=repeat]').fill('mat-khau-khac-2026');
    await form.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.getByText('không khớp với mật khẩu mới').waitFor();
    // The token left the address bar as soon as the page had it.
    expect(page.url()).not.toContain(link.split('ma=')[1]);
    await form.locator('input[name=repeat]').fill('mat-khau-moi-2026');
    await form.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.locator('.flash', { hasText: 'Đã đặt mật khẩu mới' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, '42-password-reset-done.png'), fullPage: true });

    const signIn = page.locator('form.password-form');
    await signIn.getByLabel('Địa chỉ e-mail').fill('ld@hanoi.gov.vn');
    await signIn.getByLabel('Mật khẩu').fill('mat-khau-moi-2026');
    await signIn.getByRole('button', { name: 'Đăng nhập bằng mật khẩu' }).click();
    await page.locator('.user-box__name', { hasText: 'Trần Thị Lãnh Đạo' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
