import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireChromium } from '../../libs/infra/src/chromium';
import { startTestStack, type TestStack } from '../support/test-stack';

/**
 * The admin page of reorganisations (issue 11) in a real browser (the Chromium of web.e2e.spec.ts) against
 * the real API, worker, Temporal and PostgreSQL: a request naming an unknown agency is refused naming its
 * change; a YAML request is dry-run — the task that would move is listed and nothing changes — then applied
 * and the task has moved; a future one uploaded as JSON is scheduled and cancelled.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.resolve(__dirname, '../../.test-data/web-screenshots');

describe('the reorganisations page in a real browser', () => {
  let stack: TestStack;
  let context: BrowserContext;
  let profileDir: string;
  let baseUrl: string;
  let coordinator: string;
  const pageErrors: string[] = [];
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  const inDays = (days: number) => new Date(Date.now() + 7 * 3600 * 1000 + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    // No browser is a failure, never a skip.
    const chromiumPath = requireChromium();
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      timeout: 30_000,
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
  }, 90_000);

  afterAll(async () => {
    if (stack) {
      // Leave nothing waiting on the shared Temporal server (the cancelled reorganisation, open tasks).
      const rows: { workflow_id: string }[] = await stack.dataSource.query(
        `SELECT workflow_id FROM reorganizations UNION ALL SELECT workflow_id FROM tasks WHERE status NOT IN ('completed', 'cancelled')`,
      );
      await Promise.all(rows.map(({ workflow_id }) => stack.client.workflow.getHandle(workflow_id).terminate('kết thúc kiểm thử').catch(() => undefined)));
    }
    await context?.close();
    await stack?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  async function newTab(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // A 400 the page shows is logged by the browser as "Failed to load resource"; anything else is a bug.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  }

  async function flashed(page: Page, text: string): Promise<void> {
    await page.locator('.flash').filter({ hasText: text }).waitFor();
  }

  it('refuses a bad request, dry-runs a YAML one, applies it; schedules an uploaded JSON one and cancels it', async () => {
    const created = await stack.http
      .post('/api/tasks')
      .set(auth(coordinator))
      .send({ title: 'Rà soát hồ sơ của quận Hoàn Kiếm', leadAgency: 'UBND-HOAN-KIEM', dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString() })
      .expect(201);
    const taskId: string = created.body.id;

    const admin = await newTab();
    await admin.goto(`${baseUrl}/`);
    await admin.getByRole('heading', { name: 'Đăng nhập', exact: true }).waitFor();
    await admin.check('input[name=role][value=admin]');
    await admin.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await admin.locator('.user-box__name').waitFor();
    await admin.getByRole('link', { name: 'Sắp xếp tổ chức' }).click();
    await admin.getByRole('heading', { name: 'Sắp xếp tổ chức bộ máy', exact: true }).waitFor();
    await admin.getByText('Chưa có đợt sắp xếp nào.').waitFor();

    const text = admin.getByLabel('Nội dung đợt sắp xếp');
    const dryRun = admin.getByRole('button', { name: 'Chạy thử', exact: true });
    // An unknown agency: refused, naming the change; nothing applied.
    await text.fill(`effectiveDate: ${today()}\ntitle: Sai mã\nchanges:\n  - { kind: rename, code: KHONG-CO, name: Không có }\n`);
    await dryRun.click();
    await admin.locator('.reorganization-form .form-error').filter({ hasText: 'changes[0].code' }).waitFor();

    const request = [
      `effectiveDate: ${today()}`,
      'title: Sắp xếp phường Hoàn Kiếm',
      'legalBasis: Nghị quyết thử nghiệm',
      'changes:',
      '  - { kind: create, code: P-HOAN-KIEM, name: Ủy ban nhân dân phường Hoàn Kiếm, agencyKind: district, groups: [COMMUNES] }',
      '  - { kind: abolish, code: UBND-HOAN-KIEM, successors: [P-HOAN-KIEM], openTasksTo: P-HOAN-KIEM }',
      '',
    ].join('\n');
    await text.fill(request);
    await dryRun.click();
    const result = admin.locator('.reorganization-dry-run');
    await result.getByText('sẽ chuyển 1 nhiệm vụ').waitFor();
    const move = result.locator('.reorganization-moves tbody tr');
    expect(await move.locator('[data-label="Từ"]').textContent()).toBe('UBND-HOAN-KIEM');
    expect(await move.locator('[data-label="Sang"]').textContent()).toBe('P-HOAN-KIEM');
    expect(await move.getByRole('link').textContent()).toBe('Rà soát hồ sơ của quận Hoàn Kiếm');
    await admin.screenshot({ path: path.join(SCREENSHOTS, '30-reorganization-dry-run.png'), fullPage: true, timeout: 30_000 });
    // The dry run changed nothing.
    expect((await stack.http.get(`/api/tasks/${taskId}`).set(auth(coordinator)).expect(200)).body.leadAgency).toBe('UBND-HOAN-KIEM');

    // A change of the text takes the apply button away until the next dry run.
    await text.fill(`${request}# sửa\n`);
    await result.getByText('chạy thử lại trước khi áp dụng').waitFor();
    expect(await admin.getByRole('button', { name: 'Áp dụng đợt sắp xếp' }).count()).toBe(0);
    await dryRun.click();
    await admin.getByRole('button', { name: 'Áp dụng đợt sắp xếp' }).click();
    await flashed(admin, 'Đã áp dụng đợt sắp xếp: chuyển 1 nhiệm vụ');
    const appliedRow = admin.locator('.reorganizations-table tbody tr[data-status=applied]');
    await appliedRow.waitFor();
    expect(await appliedRow.locator('[data-label="Nhiệm vụ đã chuyển"]').textContent()).toBe('1');
    expect((await stack.http.get(`/api/tasks/${taskId}`).set(auth(coordinator)).expect(200)).body.leadAgency).toBe('P-HOAN-KIEM');

    // A future one, uploaded as JSON: scheduled, then cancelled before it takes effect.
    const future = { effectiveDate: inDays(30), title: 'Đổi tên Sở Công Thương', changes: [{ kind: 'rename', code: 'SCT', name: 'Sở Công Thương Hà Nội' }] };
    await admin.setInputFiles('.reorganization-form input[type=file]', { name: 'doi-ten.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(future, null, 2)) });
    // The page reads the chosen file into the text box.
    await admin.waitForFunction(`document.querySelector('textarea[name=text]')?.value.includes('Đổi tên Sở Công Thương')`);
    await dryRun.click();
    await result.getByText('Không có nhiệm vụ đang thực hiện nào phải chuyển.').waitFor();
    await admin.getByRole('button', { name: 'Áp dụng đợt sắp xếp' }).click();
    await flashed(admin, 'Đã lên lịch đợt sắp xếp');
    const scheduled = admin.locator('.reorganizations-table tbody tr[data-status=scheduled]');
    await scheduled.getByRole('button', { name: 'Hủy đợt này' }).click();
    await flashed(admin, 'Đã hủy đợt sắp xếp "Đổi tên Sở Công Thương".');
    await admin.locator('.reorganizations-table tbody tr[data-status=cancelled]').waitFor();
    await admin.screenshot({ path: path.join(SCREENSHOTS, '31-reorganizations.png'), fullPage: true, timeout: 30_000 });
    const list = (await stack.http.get('/api/agencies/reorganizations').set(auth(coordinator)).expect(200)).body;
    expect(list.map((item: { status: string }) => item.status).sort()).toEqual(['applied', 'cancelled']);

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
