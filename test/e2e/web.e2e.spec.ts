import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { requireChromium } from '../../libs/infra/src/chromium';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * The web pages (apps/web, served by the API at `/`) in a real browser — the Chromium `npm install`
 * found or obtained (CHROMIUM_PATH, Debian's, Playwright's: libs/infra/src/chromium.ts), headless —
 * against the real API, worker, Temporal and PostgreSQL: the coordinating office
 * assigns a task to the Department of Finance, which acknowledges it, reports, asks for more time
 * and submits; the coordinating office grants the extension and accepts; leadership sees it
 * completed on time next to an overdue, escalated task. A reporting round: a district committee
 * reports its indicator actual, the coordinating office sees who has reported, downloads the
 * consolidated .xlsx and closes the round.
 *
 * Screenshots of every page go to .test-data/web-screenshots/ (kept after the run).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = path.resolve(__dirname, '../../.test-data/web-screenshots');
const TITLE = 'Xử lý tài sản, công nợ của các HTX giải thể';

describe('web pages in a real browser', () => {
  let stack: TestStack;
  let context: BrowserContext;
  let profileDir: string;
  let baseUrl: string;
  let roundWorkflowId: string | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // No browser is a failure, never a skip: the pages would go untested without anyone noticing.
    const chromiumPath = requireChromium();
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'giaoviec-chromium-'));
    try {
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: chromiumPath,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        timeout: 30_000,
      });
    } catch (error) {
      throw new Error(`Chromium (${chromiumPath}) did not start, so the web pages cannot be tested: ${(error as Error).message}`);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });

    stack = await startTestStack();
    await stack.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
  }, 90_000);

  afterAll(async () => {
    // Leave no round running on the shared Temporal server (closing ends it; a failed test may not have).
    if (stack && roundWorkflowId) await stack.client.workflow.getHandle(roundWorkflowId).terminate('kết thúc kiểm thử').catch(() => undefined);
    await context?.close();
    await stack?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  });

  /** A new tab: its own sessionStorage, so its own signed-in user. */
  async function newTab(): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // An API error answer (a 400 the page shows next to its field) is logged by the browser as
      // "Failed to load resource"; the pages handle it. Anything else is a bug.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  }

  /** A screenshot of the page (of the viewport only for a long page, which a loaded machine may take too long to render whole). */
  async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage, timeout: 30_000 });
  }

  async function signIn(page: Page, role: 'coordinator' | 'agency' | 'leader' | 'admin', agency?: string): Promise<void> {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Đăng nhập', exact: true }).waitFor();
    await page.check(`input[name=role][value=${role}]`);
    if (agency) {
      await page.selectOption('select[name=agency]', agency);
      await shot(page, '01-sign-in');
    }
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.locator('.user-box__name').waitFor();
  }

  async function flashed(page: Page, text: string): Promise<void> {
    await page.locator('.flash').filter({ hasText: text }).waitFor();
  }

  it('serves the pages at / next to the API, its docs and its JSON 404s', async () => {
    const index = await fetch(`${baseUrl}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<html lang="vi">');
    const script = await fetch(`${baseUrl}/js/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);

    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // The labels every page shows come from the domain, through the API, without a token.
    const labels = await fetch(`${baseUrl}/api/meta/labels`);
    expect(labels.status).toBe(200);
    expect(await labels.json()).toMatchObject({
      taskStatus: { assigned: 'Đã giao', submitted: 'Đã báo cáo kết quả' },
      taskCategory: { in_progress_overdue: 'Đang thực hiện quá hạn' },
      taskEvent: { extension_approved: 'Đồng ý gia hạn' },
      indicatorAggregation: { sum: 'Tổng cộng' },
    });
    const docs = await fetch(`${baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
    const missing = await fetch(`${baseUrl}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
    expect(await missing.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const missingPage = await fetch(`${baseUrl}/no-such-page.html`);
    expect(missingPage.status).toBe(404);
  });

  it('coordinator assigns, the agency acknowledges and submits, the coordinator accepts, leadership sees it on time', async () => {
    // Another task, due in a few seconds, runs overdue and escalates to leadership meanwhile.
    const coordinatorToken = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    const overdueTask = await stack.http
      .post('/api/tasks')
      .set('Authorization', `Bearer ${coordinatorToken}`)
      .send({
        title: 'Đôn đốc thu hồi nợ thuế khó thu của HTX',
        leadAgency: 'CT-HN',
        dueAt: new Date(Date.now() + 3000).toISOString(),
        policy: {
          remindBefore: [],
          escalateAfter: [
            { after: 'PT0S', to: 'coordinator' },
            { after: 'PT1S', to: 'agency_head' },
            { after: 'PT2S', to: 'leader' },
          ],
        },
      })
      .expect(201);

    // The coordinating office signs in and assigns a task to the Department of Finance.
    const coordinator = await newTab();
    await signIn(coordinator, 'coordinator');
    await coordinator.getByRole('heading', { name: 'Điều phối nhiệm vụ' }).waitFor();
    await shot(coordinator, '02-coordinator-list');
    await coordinator.getByRole('link', { name: '+ Giao nhiệm vụ mới' }).click();
    await coordinator.getByRole('heading', { name: 'Giao nhiệm vụ mới' }).waitFor();

    // Empty fields are named next to themselves before anything is sent…
    await coordinator.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).click();
    await coordinator.locator('[data-field=title] .field-error').waitFor();
    expect(await coordinator.locator('[data-field=leadAgency] .field-error').textContent()).toContain('Vui lòng chọn cơ quan chủ trì');
    await shot(coordinator, '03-create-task-empty');

    // …and the API's own refusals go next to the field their `details[].path` names.
    const dueDate = new Date(Date.now() + 30 * 24 * 3600 * 1000 + 7 * 3600 * 1000).toISOString().slice(0, 10);
    await coordinator.getByLabel('Tên nhiệm vụ').fill(TITLE);
    await coordinator.getByLabel('Nội dung, yêu cầu').fill('Rà soát, xử lý dứt điểm tài sản, công nợ của các HTX đã giải thể trên địa bàn.');
    await coordinator.selectOption('select[name=leadAgency]', 'STC');
    await coordinator.fill('input[name=dueAtDate]', dueDate);
    await coordinator.getByText('Cơ quan phối hợp (không bắt buộc)').click();
    await coordinator.check('input[name=coordinatingAgencies][value=STC]');
    await coordinator.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).click();
    const coordinatingError = coordinator.locator('[data-field=coordinatingAgencies] .field-error');
    await coordinatingError.waitFor();
    expect(await coordinatingError.textContent()).toMatch(/cơ quan chủ trì không đồng thời là cơ quan phối hợp/i);
    await shot(coordinator, '03-create-task-api-error');

    await coordinator.uncheck('input[name=coordinatingAgencies][value=STC]');
    await coordinator.check('input[name=coordinatingAgencies][value=CT-HN]');
    // A double click assigns the task once.
    await coordinator.getByRole('button', { name: 'Giao nhiệm vụ', exact: true }).dblclick();
    await coordinator.waitForURL(/#\/nhiem-vu\/[0-9a-f-]{36}$/);
    await flashed(coordinator, 'Đã giao nhiệm vụ cho Sở Tài chính.');
    await coordinator.getByRole('heading', { name: TITLE }).waitFor();
    const taskId = coordinator.url().split('/').pop()!;
    const created = await stack.http.get('/api/tasks').query({ q: TITLE }).set('Authorization', `Bearer ${coordinatorToken}`).expect(200);
    expect(created.body.total).toBe(1);
    await shot(coordinator, '04-coordinator-task-assigned');

    // The Department of Finance sees it in its inbox, acknowledges, reports progress, asks for more time and submits.
    const finance = await newTab();
    await signIn(finance, 'agency', 'STC');
    await finance.getByRole('heading', { name: 'Nhiệm vụ của Sở Tài chính' }).waitFor();
    const row = finance.locator(`tr[data-task-id="${taskId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Cần tiếp nhận');
    await shot(finance, '05-agency-inbox');
    await row.getByRole('link', { name: TITLE }).click();
    await finance.getByRole('heading', { name: TITLE }).waitFor();
    await shot(finance, '06-agency-task-assigned');

    await finance.locator('form.action--acknowledge').getByRole('button', { name: 'Tiếp nhận' }).click();
    await flashed(finance, 'Đã tiếp nhận nhiệm vụ.');
    expect(await finance.locator('.task-head').textContent()).toContain('Đã tiếp nhận');

    const progress = finance.locator('form.action--progress');
    await progress.getByLabel('Tỷ lệ hoàn thành (%)').fill('160');
    await progress.getByLabel('Nội dung báo cáo').fill('Đã rà soát 18/30 HTX');
    await progress.getByRole('button', { name: 'Gửi báo cáo tiến độ' }).click();
    await progress.locator('[data-field=percent] .field-error').waitFor();
    await progress.getByLabel('Tỷ lệ hoàn thành (%)').fill('60');
    await progress.getByRole('button', { name: 'Gửi báo cáo tiến độ' }).click();
    await flashed(finance, 'Đã gửi báo cáo tiến độ.');
    expect(await finance.locator('.task-head').textContent()).toContain('Đang thực hiện');

    const extension = finance.locator('form.action--extension');
    const laterDate = new Date(Date.parse(`${dueDate}T00:00:00Z`) + 10 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await extension.locator('input[name=newDueAtDate]').fill(laterDate);
    await extension.getByLabel('Lý do').fill('Chờ số liệu quyết toán của 5 HTX');
    await extension.getByRole('button', { name: 'Gửi đề nghị gia hạn' }).click();
    await flashed(finance, 'Đã gửi đề nghị gia hạn.');
    await finance.locator('.notice--warning').filter({ hasText: 'Đề nghị gia hạn đang chờ quyết định' }).waitFor();

    const submit = finance.locator('form.action--submit');
    await submit.getByLabel('Kết quả thực hiện').fill('Đã xử lý xong tài sản, công nợ của 30 HTX giải thể');
    await submit.getByLabel('Tài liệu kèm theo').fill('Báo cáo số 123/BC-STC');
    await submit.getByRole('button', { name: 'Gửi báo cáo kết quả' }).click();
    await flashed(finance, 'Đã gửi báo cáo kết quả');
    expect(await finance.locator('.task-head').textContent()).toContain('Đã báo cáo kết quả');
    await shot(finance, '07-agency-task-submitted');

    // The coordinating office grants the extension and accepts the work.
    await coordinator.reload();
    await coordinator.getByRole('heading', { name: TITLE }).waitFor();
    await coordinator.locator('form.action--approve-extension').waitFor();
    await shot(coordinator, '08-coordinator-review');
    await coordinator.locator('form.action--approve-extension').getByRole('button', { name: 'Đồng ý gia hạn' }).click();
    await flashed(coordinator, 'Đã đồng ý gia hạn');
    await coordinator.locator('form.action--accept').getByRole('button', { name: 'Nghiệm thu, hoàn thành' }).click();
    await flashed(coordinator, 'Đã nghiệm thu: nhiệm vụ hoàn thành.');
    const head = await coordinator.locator('.task-head').textContent();
    expect(head).toContain('Hoàn thành');
    expect(head).toContain('Hoàn thành đúng hạn');
    const timeline = await coordinator.locator('.timeline__item').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')));
    expect(timeline).toEqual(['assigned', 'acknowledged', 'progress_reported', 'extension_requested', 'submitted', 'extension_approved', 'completed']);
    await shot(coordinator, '09-coordinator-task-completed');

    // Leadership: the task counts as completed on time; the other one is overdue and escalated to it
    // (its timers run on their own clock: wait until the last step has fired before looking).
    await waitFor(
      async () => (await stack.http.get(`/api/tasks/${overdueTask.body.id}`).set('Authorization', `Bearer ${coordinatorToken}`)).body,
      (task) => task.escalationLevel === 3,
    );
    const leader = await newTab();
    await signIn(leader, 'leader');
    await leader.getByRole('heading', { name: 'Tổng quan thực hiện nhiệm vụ' }).waitFor();
    expect(await leader.locator('.stat--completed_on_time .stat__value').textContent()).toBe('1');
    const financeRow = leader.locator('.agency-table tr[data-agency="STC"]');
    expect(await financeRow.locator('td[data-category="completed_on_time"]').textContent()).toBe('1');
    expect(await financeRow.locator('td[data-category="in_progress_overdue"]').textContent()).toBe('0');
    const overdueRow = leader.locator('.overdue-table tbody tr');
    expect(await overdueRow.count()).toBe(1);
    const overdueText = await overdueRow.textContent();
    expect(overdueText).toContain('Đôn đốc thu hồi nợ thuế khó thu của HTX');
    expect(overdueText).toContain('Cục Thuế');
    await leader.locator('.notification').first().waitFor();
    await shot(leader, '10-leader-dashboard');
    await leader.setViewportSize({ width: 390, height: 844 });
    await shot(leader, '11-leader-dashboard-phone');

    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('a reporting round: a district reports its actual, the coordinator sees who has reported, downloads the .xlsx and closes it', async () => {
    const coordinatorToken = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    const auth = { Authorization: `Bearer ${coordinatorToken}` };
    const year = new Date().getFullYear();
    const plan = await stack.http
      .post('/api/plans')
      .set(auth)
      .send({
        code: `HN-${year}-WEB-BCDK`,
        title: `Kế hoạch thử báo cáo định kỳ năm ${year}`,
        issuer: 'UBND-TP',
        year,
        sections: [{ ref: 'I', title: 'Phát triển hợp tác xã' }],
        tasks: [{ ref: 'I.1', section: 'I', title: 'Hướng dẫn thành lập HTX mới', leadAgency: 'STC', due: { date: `${year}-12-31` } }],
        indicators: [
          {
            code: 'HTX-MOI',
            name: 'Số HTX thành lập mới',
            unit: 'HTX',
            target: { kind: 'at_least', value: 10 },
            aggregation: 'sum',
            reporters: ['UBND-BA-DINH', 'UBND-HOAN-KIEM'],
          },
        ],
      })
      .expect(201);
    // Due in a minute: the round stays open (nobody late yet) for the whole test.
    const opened = await stack.http
      .post(`/api/plans/${plan.body.id}/reporting-rounds`)
      .set(auth)
      .send({ dueAt: new Date(Date.now() + 60_000).toISOString(), participants: ['UBND-BA-DINH', 'UBND-HOAN-KIEM', 'STC'] })
      .expect(201);
    const round = opened.body;
    roundWorkflowId = round.workflowId;

    // Ba Đình finds the round from the navigation and reports; a code it does not report is refused next to its row.
    const district = await newTab();
    await signIn(district, 'agency', 'UBND-BA-DINH');
    await district.getByRole('link', { name: 'Báo cáo định kỳ' }).click();
    await district.getByRole('heading', { name: 'Báo cáo định kỳ' }).waitFor();
    await shot(district, '12-agency-rounds');
    await district.locator(`tr[data-round-id="${round.id}"]`).getByRole('link', { name: round.title }).click();
    await district.getByRole('heading', { name: round.title }).waitFor();
    const report = district.locator('form.action--round-report');
    await report.getByLabel('Nội dung báo cáo').fill('Quận Ba Đình: đã hướng dẫn thành lập mới 4 HTX, mở 2 lớp bồi dưỡng cán bộ HTX.');
    await report.getByLabel('Mã chỉ tiêu').fill('HTX-KHONG-CO');
    await report.getByLabel('Số liệu thực hiện').fill('4');
    await report.getByRole('button', { name: '+ Thêm tài liệu' }).click();
    await report.getByLabel('Tên tài liệu').fill('Báo cáo số 215/BC-UBND');
    await report.getByLabel('Đường dẫn').fill('https://vanban.example.vn/215-BC-UBND.pdf');
    await report.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    const codeError = report.locator('[data-field="indicatorActuals[0].indicator"] .field-error');
    await codeError.waitFor();
    expect(await codeError.textContent()).toContain('HTX-KHONG-CO');
    await shot(district, '13-agency-round-report-refused');
    await report.getByLabel('Mã chỉ tiêu').fill('HTX-MOI');
    await report.getByRole('button', { name: 'Gửi báo cáo', exact: true }).click();
    await flashed(district, 'Đã gửi báo cáo.');
    expect(await district.locator('.own-status').textContent()).toContain('Đã báo cáo');
    expect(await district.locator('.report-versions .report').count()).toBe(1);
    await district.locator('form.action--round-report').getByRole('button', { name: 'Gửi báo cáo điều chỉnh' }).waitFor();
    await shot(district, '14-agency-round-reported');

    // The coordinating office: Ba Đình has reported, the Department of Finance not yet; the .xlsx downloads; it closes the round.
    const coordinator = await newTab();
    await signIn(coordinator, 'coordinator');
    await coordinator.getByRole('link', { name: 'Báo cáo định kỳ' }).click();
    await coordinator.locator(`tr[data-round-id="${round.id}"]`).waitFor();
    await shot(coordinator, '15-coordinator-rounds');
    await coordinator.locator(`tr[data-round-id="${round.id}"]`).getByRole('link', { name: round.title }).click();
    await coordinator.getByRole('heading', { name: round.title }).waitFor();
    const participant = (agency: string) => coordinator.locator(`.participant-table tr[data-agency="${agency}"]`);
    expect(await participant('UBND-BA-DINH').locator('.badge').textContent()).toBe('Đã báo cáo');
    expect(await participant('STC').locator('.badge').textContent()).toBe('Chưa báo cáo');
    expect(await participant('UBND-HOAN-KIEM').locator('.badge').textContent()).toBe('Chưa báo cáo');
    expect(await coordinator.locator('.missing').textContent()).toContain('Sở Tài chính');
    const indicator = await coordinator.locator('.indicator-table tr[data-indicator="HTX-MOI"]').textContent();
    expect(indicator).toContain('4 HTX');
    expect(indicator).toContain('Chưa đạt');
    await shot(coordinator, '16-coordinator-round');

    const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('button', { name: 'Tải báo cáo tổng hợp (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bao-cao-tong-hop-HN-\d{4}-WEB-BCDK-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsx = fs.readFileSync((await download.path())!);
    expect(xlsx.length).toBeGreaterThan(1000);
    expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK');

    const close = coordinator.locator('form.action--close-round');
    await close.getByLabel('Ghi chú').fill('Đã tổng hợp, báo cáo UBND Thành phố');
    await close.getByRole('button', { name: 'Kết thúc đợt báo cáo' }).click();
    await flashed(coordinator, 'Đã kết thúc đợt báo cáo.');
    expect(await coordinator.locator('.task-head').textContent()).toContain('Đã kết thúc');
    expect(await coordinator.locator('form.action--close-round').count()).toBe(0);
    await shot(coordinator, '17-coordinator-round-closed');
    await coordinator.setViewportSize({ width: 390, height: 844 });
    await shot(coordinator, '18-coordinator-round-phone');
    const closed = await stack.http.get(`/api/reporting-rounds/${round.id}`).set(auth).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', counts: { submitted: 1, pending: 2 } });

    // The plans page lists the plan with its counts.
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await coordinator.locator('.site-nav').getByRole('link', { name: 'Kế hoạch', exact: true }).click();
    const planRow = coordinator.locator(`.plan-table tr[data-plan-id="${plan.body.id}"]`);
    await planRow.waitFor();
    expect(await planRow.locator('td[data-label="Chỉ tiêu"]').textContent()).toBe('1');
    await shot(coordinator, '19-coordinator-plans');

    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the coordinator uploads the Hanoi 2024 plan as .docx, reviews it beside the text, corrects one agency, imports and issues it', async () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../../data/seeds/004_6c5e1a8e938aed3d.txt'), 'utf8');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((line) => new Paragraph(line)) }] }));
    const year = new Date().getFullYear() + 1;
    const page = await newTab();
    await signIn(page, 'coordinator');
    await page.getByRole('link', { name: 'Dự thảo từ văn bản' }).click();
    await page.getByRole('heading', { name: 'Dự thảo kế hoạch từ văn bản', exact: true }).waitFor();
    await page.setInputFiles('input[name=file]', {
      name: 'ke-hoach-2024-kttt-htx.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: docx,
    });
    await page.fill('input[name=year]', String(year));
    await page.getByRole('button', { name: 'Lập dự thảo' }).click();

    // The draft beside the document: each task links to its passage.
    const rows = page.locator('.draft-tasks tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(32);
    expect(await page.locator('.draft-tasks [data-assumed]').first().textContent()).toBe('Hạn dự kiến, văn bản không nêu');
    const firstSource = rows.first().locator('button[data-line]');
    const line = await firstSource.getAttribute('data-line');
    await firstSource.click();
    await page.locator(`#dong-${line}.draft-source__line--current`).waitFor();
    await shot(page, '21-plan-draft-review', { fullPage: false });

    // Correct the first task's lead agency, found by typing without diacritics.
    const lead = rows.first().locator('[data-field="tasks[0].leadAgency"]');
    await lead.locator('input[type=search]').fill('so cong thuong');
    expect(await lead.locator('option:not([hidden])').allTextContents()).toContain('Sở Công Thương (SCT)');
    await lead.locator('select').selectOption('SCT');

    await page.getByRole('button', { name: 'Nhập kế hoạch' }).click();
    await page.locator('.draft-imported').waitFor({ timeout: 30_000 });
    const imported = (await page.locator('.draft-imported').textContent()) ?? '';
    expect(imported).toContain('Đã nhập kế hoạch');
    expect(await page.locator('.draft-imported__warnings li').count()).toBeGreaterThan(0);
    await shot(page, '22-plan-draft-imported', { fullPage: false });
    await page.getByRole('button', { name: 'Ban hành kế hoạch' }).click();
    await page.locator('.flash').filter({ hasText: 'Đã ban hành' }).waitFor({ timeout: 120_000 });
    await shot(page, '23-plan-draft-issued', { fullPage: false });

    const coordinatorToken = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    const plans = await stack.http.get('/api/plans').query({ q: 'kinh te tap the' }).set('Authorization', `Bearer ${coordinatorToken}`).expect(200);
    const plan = plans.body.items.find((item: { year: number }) => item.year === year);
    expect(plan).toBeDefined();
    const detail = await stack.http.get(`/api/plans/${plan.id}`).set('Authorization', `Bearer ${coordinatorToken}`).expect(200);
    expect(detail.body.tasks[0].leadAgency).toBe('SCT');
    await waitFor(
      async () => (await stack.http.get('/api/tasks').query({ planId: plan.id, limit: 1 }).set('Authorization', `Bearer ${coordinatorToken}`)).body.total,
      (total: number) => total > 0,
      60_000,
    );
    // Hanoi 2024 states no due date for its tasks: the review page and the issued task's page say it is assumed.
    const issued = await stack.http.get('/api/tasks').query({ planId: plan.id, limit: 100 }).set('Authorization', `Bearer ${coordinatorToken}`).expect(200);
    const assumed = (issued.body.items as { id: string; dueAssumed: boolean }[]).find((task) => task.dueAssumed);
    expect(assumed).toBeDefined();
    await page.goto(`${baseUrl}/#/nhiem-vu/${assumed!.id}`);
    await page.locator('[data-assumed]').filter({ hasText: 'Hạn dự kiến, văn bản không nêu' }).first().waitFor();
    await shot(page, '24-task-assumed-due', { fullPage: false });

    // At the year's end the coordinator closes the plan on the plans page: its periodic rounds stop.
    await page.getByRole('link', { name: 'Kế hoạch', exact: true }).click();
    const planRow = page.locator(`tr[data-plan-id="${plan.id}"]`);
    await planRow.getByText('Kết thúc kế hoạch').click();
    await planRow.getByRole('button', { name: 'Kết thúc', exact: true }).click();
    await page.locator('.flash').filter({ hasText: `Đã kết thúc kế hoạch ${plan.code}` }).waitFor();
    await planRow.locator('[data-closed]').waitFor();
    expect((await stack.http.get(`/api/plans/${plan.id}`).set('Authorization', `Bearer ${coordinatorToken}`).expect(200)).body.closedAt).toEqual(expect.any(String));
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('an admin creates a coordinator and an agency user; both sign in with a password; the agency user sees only its tasks', async () => {
    const coordinatorToken = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    const ownTitle = 'Rà soát quỹ nhà đất công do Sở Tài chính quản lý';
    const foreignTitle = 'Đối chiếu số thuế nợ đọng của doanh nghiệp';
    for (const [title, leadAgency] of [
      [ownTitle, 'STC'],
      [foreignTitle, 'CT-HN'],
    ]) {
      await stack.http
        .post('/api/tasks')
        .set('Authorization', `Bearer ${coordinatorToken}`)
        .send({ title, leadAgency, dueAt: new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString() })
        .expect(201);
    }

    const admin = await newTab();
    await signIn(admin, 'admin');
    const create = admin.locator('form.user-create-form');
    const addUser = async (user: { email: string; name: string; role: string; agency?: string; password: string }) => {
      await create.getByLabel('E-mail').fill(user.email);
      await create.getByLabel('Họ tên').fill(user.name);
      await create.locator('select[name=role]').selectOption(user.role);
      if (user.agency) await create.locator('select[name=agency]').selectOption(user.agency);
      await create.getByLabel('Mật khẩu', { exact: true }).fill(user.password);
      await create.getByRole('button', { name: 'Thêm người dùng' }).click();
      await flashed(admin, `Đã thêm người dùng ${user.email}.`);
    };
    await addUser({ email: 'dieuphoi@skhdt.hanoi.gov.vn', name: 'Nguyễn Thị Điều Phối', role: 'coordinator', password: 'mat-khau-dieu-phoi-2026' });
    await addUser({ email: 'chuyenvien@stc.hanoi.gov.vn', name: 'Trần Văn Tài Chính', role: 'agency', agency: 'STC', password: 'mat-khau-tai-chinh-2026' });
    await admin.locator('.users-table td', { hasText: 'chuyenvien@stc.hanoi.gov.vn' }).waitFor();
    await shot(admin, '31-admin-users');
    await admin.selectOption('#audit-action', 'user_created');
    await admin.locator('.audit-table td', { hasText: 'Tạo người dùng' }).first().waitFor();
    expect(await admin.locator('.audit-table td', { hasText: 'Đăng nhập sai' }).count()).toBe(0);
    await shot(admin, '32-admin-audit');

    const signInWithPassword = async (page: Page, email: string, password: string) => {
      await page.goto(`${baseUrl}/`);
      const form = page.locator('form.password-form');
      await form.getByLabel('Địa chỉ e-mail').fill(email);
      await form.getByLabel('Mật khẩu').fill(password);
      await form.getByRole('button', { name: 'Đăng nhập bằng mật khẩu' }).click();
    };

    // A wrong password is named next to the field; the right one signs in and sets the httpOnly cookie.
    const agency = await newTab();
    await signInWithPassword(agency, 'chuyenvien@stc.hanoi.gov.vn', 'sai-mat-khau');
    const wrongPassword = agency.locator('[data-field=password] .field-error');
    await wrongPassword.waitFor();
    expect(await wrongPassword.textContent()).toMatch(/không đúng/);
    await shot(agency, '33-sign-in-password-wrong');
    await agency.locator('form.password-form').getByLabel('Mật khẩu').fill('mat-khau-tai-chinh-2026');
    await agency.locator('form.password-form').getByRole('button', { name: 'Đăng nhập bằng mật khẩu' }).click();
    await agency.locator('.user-box__name', { hasText: 'Trần Văn Tài Chính' }).waitFor();
    expect((await context.cookies(baseUrl + '/api')).map((cookie) => cookie.name)).toContain('giaoviec_token');
    await agency.getByText(ownTitle).first().waitFor();
    expect(await agency.getByText(foreignTitle).count()).toBe(0);
    await shot(agency, '34-agency-signed-in-with-password');

    const coordinator = await newTab();
    await signInWithPassword(coordinator, 'dieuphoi@skhdt.hanoi.gov.vn', 'mat-khau-dieu-phoi-2026');
    await coordinator.locator('.user-box__name', { hasText: 'Nguyễn Thị Điều Phối' }).waitFor();
    await coordinator.getByText(foreignTitle).first().waitFor();

    // Signing out clears the cookie as well as the tab's session.
    await agency.getByRole('button', { name: 'Đăng xuất' }).click();
    await agency.getByRole('heading', { name: 'Đăng nhập', exact: true }).waitFor();
    await waitFor(
      () => context.cookies(baseUrl + '/api'),
      (cookies) => !cookies.some((cookie) => cookie.name === 'giaoviec_token'),
    );

    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('the admin sees the agency directory with each kind and the days off of the year', async () => {
    const admin = await newTab();
    await signIn(admin, 'admin');
    await admin.getByRole('heading', { name: 'Quản trị', exact: true }).waitFor();
    await admin.locator('.plain-list li').first().waitFor();
    const finance = admin.locator('tbody tr').filter({ has: admin.locator('td', { hasText: /^STC$/ }) });
    expect(await finance.locator('td[data-label="Loại"]').textContent()).toBe('Sở, ngành');
    await shot(admin, '20-admin');

    // Contacts: a bad e-mail is named next to its own row's field; nothing is written until it is right.
    await admin.selectOption('#contacts-agency', 'STC');
    const contacts = admin.locator('form.contacts-form');
    await contacts.getByRole('heading', { name: 'Đầu mối của Sở Tài chính' }).waitFor();
    const row = contacts.locator('fieldset[data-row="0"]');
    await row.getByLabel('Họ tên').fill('Phạm Thị Văn Thư');
    await row.locator('select').selectOption('clerk');
    await row.getByLabel('E-mail').evaluate((input) => input.setAttribute('type', 'text'));
    await row.getByLabel('E-mail').fill('khong-phai-email');
    await contacts.getByRole('button', { name: 'Lưu danh sách đầu mối' }).click();
    await contacts.locator('[data-field="[0].email"] .field-error').waitFor();
    await shot(admin, '20b-admin-contacts-error');
    await row.getByLabel('E-mail').fill('vanthu@stc.hanoi.gov.vn');
    await contacts.getByRole('button', { name: 'Lưu danh sách đầu mối' }).click();
    await flashed(admin, 'Đã lưu danh sách đầu mối.');
    const saved = await stack.http.get('/api/agencies/STC/contacts').set('Authorization', `Bearer ${await stack.tokenFor({ sub: 'quantri', role: 'admin' })}`).expect(200);
    expect(saved.body).toEqual([expect.objectContaining({ name: 'Phạm Thị Văn Thư', role: 'clerk', email: 'vanthu@stc.hanoi.gov.vn' })]);

    // The agency keeps only the daily digest: per-event e-mails off.
    const settings = admin.locator('form.delivery-settings-form');
    await settings.getByLabel('Gửi e-mail cho từng sự kiện').uncheck();
    await settings.getByRole('button', { name: 'Lưu cách nhận e-mail' }).click();
    await flashed(admin, 'Cơ quan chỉ nhận e-mail tổng hợp hằng ngày.');
    const adminToken = await stack.tokenFor({ sub: 'quantri', role: 'admin' });
    expect((await stack.http.get('/api/agencies/STC/delivery-settings').set('Authorization', `Bearer ${adminToken}`).expect(200)).body).toEqual({ perEventEmail: false });
    await stack.http.put('/api/agencies/STC/delivery-settings').set('Authorization', `Bearer ${adminToken}`).send({ perEventEmail: true }).expect(200);

    // Webhooks: add one, then delete it; dead deliveries are listed (none here).
    const webhook = admin.locator('form.webhook-form');
    await webhook.getByLabel(/Địa chỉ nhận/).fill('http://127.0.0.1:9/giaoviec');
    await webhook.getByLabel(/Khoá bí mật/).fill('khoa-bi-mat-du-dai-16');
    await webhook.getByRole('button', { name: 'Thêm webhook' }).click();
    await flashed(admin, 'Đã thêm webhook.');
    const hookRow = admin.locator('.webhooks-table tr', { hasText: 'http://127.0.0.1:9/giaoviec' });
    await hookRow.waitFor();
    await admin.getByText('Không có lượt gửi nào thất bại.').waitFor();
    await shot(admin, '20c-admin-delivery');
    await hookRow.getByRole('button', { name: 'Xoá' }).click();
    await flashed(admin, 'Đã xoá webhook.');
    await hookRow.waitFor({ state: 'detached' });

    expect(pageErrors).toEqual([]);
  }, 30_000);
});
