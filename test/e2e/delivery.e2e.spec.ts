import { loadConfig } from '@giaoviec/config';
import type { DeliveryView } from '@giaoviec/persistence';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '@giaoviec/infra';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DAILY_DIGEST_SCHEDULE_ID } from '@giaoviec/contracts';
import { CalendarStore, DeliveriesRepository, DigestRepository, WebhooksRepository, createRepositories } from '@giaoviec/persistence';
import { createDigestActivities } from '../../activities';
import { ensureDigestSchedule } from '../../apps/worker/src/delivery/delivery-worker';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { WebhookChannel } from '../../apps/worker/src/delivery/webhook.channel';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

interface Received {
  delivery: string;
  signature: string;
  raw: string;
  body: { deliveryId: string; notification: { id: string; kind: string }; link: string };
}

/** A real HTTP receiver that records every POST and answers `status()`. */
async function startReceiver(status: () => number) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({
        delivery: String(request.headers['x-giaoviec-delivery']),
        signature: String(request.headers['x-giaoviec-signature']),
        raw,
        body: JSON.parse(raw),
      });
      response.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Delivery end to end: the real API, worker and dispatcher, a real SMTP server (the mail
 * catcher npm start runs) and real HTTP receivers. A task with second-scale policies sends its
 * reminders and escalations as e-mail to the right contacts, once each, and to webhooks, signed.
 */
describe('delivery (end to end)', () => {
  const SECRET = 'bi-mat-chia-se-voi-e-office';
  let stack: TestStack;
  let mail: MailCatcher;
  let dispatcher: DeliveryDispatcher;
  let admin: string;
  let coordinator: string;
  let failing = true;
  let good: Awaited<ReturnType<typeof startReceiver>>;
  let bad: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    stack = await startTestStack();
    mail = await startMailCatcher();
    good = await startReceiver(() => 204);
    bad = await startReceiver(() => (failing ? 500 : 200));
    const config = loadConfig({
      SMTP_URL: mail.smtpUrl,
      PUBLIC_URL: 'http://giaoviec.test/',
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_RETRY_INITIAL_MS: '200',
      DELIVERY_RETRY_MAX_MS: '400',
      DELIVERY_POLL_INTERVAL_MS: '100',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    dispatcher = new DeliveryDispatcher(createRepositories(stack.dataSource), config.delivery);
    dispatcher.start();
    admin = await stack.tokenFor({ sub: 'it.quantri', role: 'admin' });
    coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await stack?.close();
    await mail?.stop();
    await good?.close();
    await bad?.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const mailsTo = (address: string) => mail.messages().filter((message: CaughtMail) => message.to.includes(address));

  it('refuses bad contacts naming the field, and webhooks that are not http(s)', async () => {
    const contacts = await stack.http
      .put('/api/agencies/CT-HN/contacts')
      .set(auth(admin))
      .send([{ name: 'Nguyễn Văn An', role: 'officer', email: 'khong-phai-email' }, { name: 'B', role: 'giam-doc' }])
      .expect(400);
    expect(contacts.body.details.map((detail: { path: string }) => detail.path)).toEqual(['[0].email', '[1].role']);
    const webhook = await stack.http.post('/api/webhooks').set(auth(admin)).send({ url: 'ftp://x.example/hook', events: ['*'], secret: SECRET }).expect(400);
    expect(webhook.body.details.map((detail: { path: string }) => detail.path)).toEqual(['url']);
    await stack.http.put('/api/agencies/CT-HN/contacts').set(auth(coordinator)).send([]).expect(403);
    expect((await stack.http.get('/api/agencies/CT-HN/contacts').set(auth(coordinator)).expect(200)).body).toEqual([]);
  });

  it('e-mails reminders to the officer and escalations to the head, once each, in Vietnamese with the link; webhooks get each signed', async () => {
    await stack.http
      .put('/api/agencies/CT-HN/contacts')
      .set(auth(admin))
      .send([
        { name: 'Trần Thị Bình', role: 'head', email: 'thutruong@cucthue.hanoi.gov.vn' },
        { name: 'Nguyễn Văn An', role: 'officer', email: 'chuyenvien@cucthue.hanoi.gov.vn', phone: '0912345678' },
      ])
      .expect(200);
    await stack.http.put('/api/agencies/UBND-TP/contacts').set(auth(admin)).send([{ name: 'Phó Chủ tịch UBND TP', role: 'head', email: 'pct@hanoi.gov.vn' }]).expect(200);
    const hook = await stack.http.post('/api/webhooks').set(auth(admin)).send({ url: good.url, events: ['*'], secret: SECRET }).expect(201);
    expect(hook.body).not.toHaveProperty('secret');
    await stack.http.post('/api/webhooks').set(auth(admin)).send({ url: bad.url, events: ['reminder'], secret: SECRET }).expect(201);

    const task = (
      await stack.http
        .post('/api/tasks')
        .set(auth(coordinator))
        .send({
          title: 'Thu hồi nợ thuế khó thu của HTX giải thể',
          leadAgency: 'CT-HN',
          dueAt: new Date(Date.now() + 9_000).toISOString(),
          policy: {
            acknowledgeWithin: 'PT2S',
            acknowledgeEscalateAfter: 'PT2S',
            remindBefore: ['PT4S'],
            escalateAfter: [{ after: 'PT1S', to: 'leader' }],
          },
        })
        .expect(201)
    ).body;

    const officer = 'chuyenvien@cucthue.hanoi.gov.vn';
    const head = 'thutruong@cucthue.hanoi.gov.vn';
    await waitFor(
      async () => mail.messages().map((message) => `${message.to.join(',')}: ${message.subject}`),
      () => mailsTo(officer).length >= 4 && mailsTo(head).length >= 1 && mailsTo('pct@hanoi.gov.vn').length >= 1,
      40_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // anything sent twice would arrive by now

    const subjects = (address: string) => mailsTo(address).map((message) => message.subject).sort();
    const title = 'Thu hồi nợ thuế khó thu của HTX giải thể';
    expect(subjects(officer)).toEqual([`Nhiệm vụ mới: ${title}`, `Nhắc tiếp nhận: ${title}`, `Quá hạn: ${title}`, `Sắp đến hạn: ${title}`].sort());
    expect(subjects(head)).toEqual([`Nhiệm vụ chưa được tiếp nhận: ${title}`]);
    expect(subjects('pct@hanoi.gov.vn')).toEqual([`Báo cáo nhiệm vụ quá hạn (cấp 1): ${title}`]);
    const reminder = mailsTo(officer).find((message) => message.subject.startsWith('Sắp đến hạn'))!;
    expect(reminder.text).toContain('Kính gửi: Nguyễn Văn An');
    expect(reminder.text).toContain('Cục Thuế');
    expect(reminder.text).toContain(`http://giaoviec.test/#/nhiem-vu/${task.id}`);
    expect(reminder.html).toContain(`href="http://giaoviec.test/#/nhiem-vu/${task.id}"`);
    expect(reminder.messageId).toMatch(/^<[0-9a-f-]{36}@giaoviec\.test>$/);

    // The webhook got each notification once, signed with the shared secret over the raw body.
    const notifications = (await stack.dataSource.query(`SELECT id::text, kind FROM notifications WHERE task_id = $1`, [task.id])) as { id: string; kind: string }[];
    await waitFor(async () => good.received.length, (count) => count >= notifications.length, 20_000);
    expect(good.received.map((request) => request.body.notification.id).sort()).toEqual(notifications.map((row) => row.id).sort());
    expect(new Set(good.received.map((request) => request.delivery)).size).toBe(good.received.length);
    for (const request of good.received) {
      expect(request.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(request.raw).digest('hex')}`);
      expect(request.body.deliveryId).toBe(request.delivery);
    }

    // The coordinator sees a notification's deliveries and their attempts.
    const reminderRow = notifications.find((row) => row.kind === 'reminder')!;
    const deliveries = (await stack.http.get(`/api/notifications/${reminderRow.id}/deliveries`).set(auth(coordinator)).expect(200)).body;
    expect(deliveries.find((d: { channel: string; recipient: string }) => d.channel === 'email' && d.recipient === officer)).toMatchObject({ status: 'sent', attempts: 1 });

    // The receiver answering 500 is retried, then dead after 3 attempts; the admin retries it once it is back.
    const dead = await waitFor(
      async () => (await stack.http.get('/api/deliveries').query({ status: 'dead' }).set(auth(admin)).expect(200)).body.items as DeliveryView[],
      (items) => items.some((item) => item.channel === 'webhook'),
      20_000,
    );
    const deadHook = dead.find((item) => item.channel === 'webhook')!;
    expect(deadHook).toMatchObject({ status: 'dead', attempts: 3, lastError: 'HTTP 500', recipientName: bad.url });
    expect(deadHook.attemptLog.map((entry) => entry.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(bad.received).toHaveLength(3);
    failing = false;
    await stack.http.post(`/api/deliveries/${deadHook.id}/retry`).set(auth(admin)).expect(200);
    await waitFor(
      async () => (await stack.http.get(`/api/notifications/${deadHook.notificationId}/deliveries`).set(auth(admin)).expect(200)).body,
      (items: { id: string; status: string }[]) => items.some((item) => item.id === deadHook.id && item.status === 'sent'),
    );
    expect(bad.received).toHaveLength(4);
    expect(new Set(bad.received.map((request) => request.delivery))).toEqual(new Set([deadHook.id]));
    await stack.http.post(`/api/deliveries/${deadHook.id}/retry`).set(auth(admin)).expect(409);
  });

  it('writes each agency one digest on a working day at 07:30 (none on a day off) and e-mails it to its officers, also to an agency that keeps only the digest', async () => {
    await stack.http.put('/api/agencies/STC/contacts').set(auth(admin)).send([{ name: 'Lê Văn Cường', role: 'officer', email: 'cuong@stc.hanoi.gov.vn' }]).expect(200);
    // STC turns its per-event e-mails off: the new tasks' "assigned" notices reach no mailbox, the digest does.
    const bad = await stack.http.put('/api/agencies/STC/delivery-settings').set(auth(admin)).send({ perEventEmail: 'khong' }).expect(400);
    expect(bad.body.details.map((detail: { path: string }) => detail.path)).toEqual(['perEventEmail']);
    await stack.http.put('/api/agencies/STC/delivery-settings').set(auth(coordinator)).send({ perEventEmail: false }).expect(403);
    expect((await stack.http.put('/api/agencies/STC/delivery-settings').set(auth(admin)).send({ perEventEmail: false }).expect(200)).body).toEqual({ perEventEmail: false });
    expect((await stack.http.get('/api/agencies/STC/delivery-settings').set(auth(coordinator)).expect(200)).body).toEqual({ perEventEmail: false });
    // A fixed calendar: Monday 4 March 2030, 07:30 in Hanoi.
    const monday = Date.parse('2030-03-04T07:30:00+07:00');
    const create = (title: string, dueAt: string) =>
      stack.http.post('/api/tasks').set(auth(coordinator)).send({ title, leadAgency: 'STC', dueAt, policy: { remindBefore: [], escalateAfter: [] } }).expect(201);
    await create('Hướng dẫn HTX giải thể xử lý tài sản', '2030-03-06T17:00:00+07:00'); // within 7 working days
    await create('Tổng kết 10 năm Luật HTX', '2030-04-30T17:00:00+07:00'); // later: not listed
    const digests = createDigestActivities({ digests: new DigestRepository(stack.dataSource), calendar: new CalendarStore(stack.dataSource) });
    expect(await digests.writeDailyDigests({ atMs: Date.parse('2030-03-02T07:30:00+07:00') })).toEqual({ date: '2030-03-02', workingDay: false, digests: 0 });
    expect(await digests.writeDailyDigests({ atMs: monday })).toMatchObject({ date: '2030-03-04', workingDay: true });
    expect(await digests.writeDailyDigests({ atMs: monday })).toMatchObject({ date: '2030-03-04', workingDay: true }); // a rerun writes nothing twice
    const rows = await stack.dataSource.query(`SELECT title, body FROM notifications WHERE kind = 'digest' AND recipient_agency = 'STC'`);
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toBe('Tổng hợp nhiệm vụ ngày 4/3/2030: 0 quá hạn, 1 sắp đến hạn');
    expect(rows[0].body).toContain('- Hướng dẫn HTX giải thể xử lý tài sản (hạn 17 giờ 00 ngày 6 tháng 3 năm 2030)');
    expect(rows[0].body).not.toContain('Tổng kết 10 năm');
    await waitFor(async () => mailsTo('cuong@stc.hanoi.gov.vn').filter((message) => message.subject.startsWith('Tổng hợp nhiệm vụ')), (mails) => mails.length === 1);
    const assigned = (await stack.dataSource.query(
      `SELECT count(*)::int AS count FROM notifications n WHERE n.kind = 'assigned' AND n.recipient_agency = 'STC' AND n.deliveries_planned_at IS NOT NULL`,
    )) as { count: number }[];
    expect(assigned[0].count).toBe(2); // planned before the digest (the outbox is planned in order), and sent to no mailbox
    expect(mailsTo('cuong@stc.hanoi.gov.vn').map((message) => message.subject)).toEqual(['Tổng hợp nhiệm vụ ngày 4/3/2030: 0 quá hạn, 1 sắp đến hạn']);

    await ensureDigestSchedule(stack.client);
    await ensureDigestSchedule(stack.client); // idempotent
    const schedule = await stack.client.schedule.getHandle(DAILY_DIGEST_SCHEDULE_ID).describe();
    expect(schedule.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(schedule.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    await stack.client.schedule.getHandle(DAILY_DIGEST_SCHEDULE_ID).delete();
  });

  it('a dispatcher killed between sending and recording loses nothing: the lease runs out and the repeat carries the same delivery ID', async () => {
    const receiver = await startReceiver(() => 200);
    try {
      await stack.http.post('/api/webhooks').set(auth(admin)).send({ url: receiver.url, events: ['round_opened', 'overdue'], secret: SECRET }).expect(201);
      await dispatcher.stop(); // the running dispatcher stands aside while "another worker" claims and dies
      await stack.dataSource.query(
        `INSERT INTO notifications (idempotency_key, recipient_agency, recipient_role, kind, title, body, created_at)
         VALUES ('kill-test#1', 'STC', 'agency', 'overdue', 'Quá hạn: thử', 'Thử gửi lại', now())`,
      );
      const deliveries = new DeliveriesRepository(stack.dataSource);
      await deliveries.planNext(50, { zaloEnabled: false, smsEnabled: false, coordinatingAgency: 'SKHDT', publicUrl: 'http://giaoviec.test' });
      const claimed = (await deliveries.claimDue(50, 500, 'http://giaoviec.test')).filter((delivery) => delivery.context.notification.title === 'Quá hạn: thử');
      const toReceiver = claimed.find((delivery) => delivery.channel === 'webhook' && delivery.context.recipientName === receiver.url)!;
      const webhooks = new WebhooksRepository(stack.dataSource);
      // The dying worker sends, then dies before recording anything.
      await new WebhookChannel({ timeoutMs: 2000, targetOf: (id) => webhooks.targetOf(id) }).send(toReceiver);
      expect(receiver.received).toHaveLength(1);

      const config = loadConfig({ SMTP_URL: mail.smtpUrl, PUBLIC_URL: 'http://giaoviec.test', DELIVERY_POLL_INTERVAL_MS: '100', DELIVERY_RETRY_INITIAL_MS: '200' });
      dispatcher = new DeliveryDispatcher(createRepositories(stack.dataSource), config.delivery);
      dispatcher.start();
      const record = await waitFor(
        async () => (await stack.http.get(`/api/notifications/${toReceiver.context.notification.id}/deliveries`).set(auth(admin)).expect(200)).body as DeliveryView[],
        (items) => items.find((item) => item.id === toReceiver.id)?.status === 'sent',
      );
      expect(record.find((item) => item.id === toReceiver.id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(receiver.received.map((request) => request.delivery)).toEqual([toReceiver.id, toReceiver.id]);
      expect(new Set(receiver.received.map((request) => request.raw)).size).toBe(1); // the same body: a receiver can drop the repeat
    } finally {
      await receiver.close();
    }
  });
});
