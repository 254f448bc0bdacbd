import { loadConfig } from '@giaoviec/config';
import { createRepositories } from '@giaoviec/persistence';
import { simpleParser } from 'mailparser';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { startTestStack, type TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

interface Mail {
  to: string[];
  user: string | undefined;
  messageId: string | undefined;
  subject: string;
  text: string;
  html: string;
}

/**
 * An SMTP server of "the city's mail system": not giaoviec's mail catcher, started by nobody but this test,
 * with its own credentials (AUTH PLAIN/LOGIN), which giaoviec reaches only through SMTP_URL.
 */
async function startForeignSmtpServer(credentials: { user: string; pass: string }) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true, // local loopback in a test; production uses smtps://
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user as string | undefined,
            messageId: mail.messageId,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A system registered as a webhook: records each signed POST. */
async function startReceiver() {
  const received: { delivery: string; signature: string; raw: string; body: { notification: { id: string; kind: string }; task?: { title: string } } }[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ delivery: String(request.headers['x-giaoviec-delivery']), signature: String(request.headers['x-giaoviec-signature']), raw, body: JSON.parse(raw) });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/e-office`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/**
 * Issue 10 "Done when", as a new user would try it: SMTP_URL points at an SMTP server giaoviec did not start,
 * CT-HN's contacts are set through the API, and a task for CT-HN with a second-scale policy brings its officer
 * the assignment, the acknowledge reminder, the reminder before due and the overdue notice, and its head the
 * escalations — each exactly once, naming the task — while a registered webhook gets the same events, signed.
 */
describe('delivery, as a new user tries it (issue 10, done when)', () => {
  const SECRET = 'khoa-bi-mat-cua-he-thong-e-office';
  const OFFICER = 'chuyenvien.theodoi@cucthue.hanoi.gov.vn';
  const HEAD = 'cuctruong@cucthue.hanoi.gov.vn';
  const TITLE = 'Đôn đốc thu hồi nợ thuế của các HTX đã giải thể';
  let stack: TestStack;
  let smtp: Awaited<ReturnType<typeof startForeignSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dispatcher: DeliveryDispatcher;

  beforeAll(async () => {
    stack = await startTestStack();
    smtp = await startForeignSmtpServer({ user: 'giaoviec@hanoi.gov.vn', pass: 'mat-khau-smtp' });
    receiver = await startReceiver();
    // What the worker reads from its environment (apps/worker/src/main.ts).
    const config = loadConfig({
      SMTP_URL: `smtp://giaoviec%40hanoi.gov.vn:mat-khau-smtp@127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Hệ thống Giao việc <giaoviec@hanoi.gov.vn>',
      PUBLIC_URL: 'https://giaoviec.hanoi.gov.vn',
      DELIVERY_POLL_INTERVAL_MS: '200',
      DELIVERY_RETRY_INITIAL_MS: '500',
    });
    dispatcher = new DeliveryDispatcher(createRepositories(stack.dataSource), config.delivery);
    dispatcher.start();
  });

  afterAll(async () => {
    await dispatcher?.stop();
    await stack?.close();
    await smtp?.close();
    await receiver?.close();
  });

  it('e-mails the officer and the head each event once, naming the task, and signs the same events to the webhook', async () => {
    const admin = await stack.tokenFor({ sub: 'it.quantri', role: 'admin' });
    const coordinator = await stack.tokenFor({ sub: 'skhdt.dieuphoi', role: 'coordinator' });
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    await stack.http
      .put('/api/agencies/CT-HN/contacts')
      .set(auth(admin))
      .send([
        { name: 'Cục trưởng Cục Thuế', role: 'head', email: HEAD },
        { name: 'Chuyên viên theo dõi', role: 'officer', email: OFFICER },
      ])
      .expect(200);
    await stack.http.post('/api/webhooks').set(auth(admin)).send({ url: receiver.url, events: ['*'], secret: SECRET }).expect(201);

    const task = (
      await stack.http
        .post('/api/tasks')
        .set(auth(coordinator))
        .send({
          title: TITLE,
          leadAgency: 'CT-HN',
          dueAt: new Date(Date.now() + 10_000).toISOString(),
          policy: {
            acknowledgeWithin: 'PT2S',
            acknowledgeEscalateAfter: 'PT2S',
            remindBefore: ['PT4S'],
            escalateAfter: [{ after: 'PT1S', to: 'agency_head' }],
          },
        })
        .expect(201)
    ).body;

    const to = (address: string) => smtp.mails.filter((mail) => mail.to.includes(address));
    await waitFor(
      async () => smtp.mails.map((mail) => `${mail.to.join(',')}: ${mail.subject}`),
      () => to(OFFICER).length >= 4 && to(HEAD).length >= 2,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // a repeat would have arrived by now

    expect(to(OFFICER).map((mail) => mail.subject).sort()).toEqual(
      [`Nhiệm vụ mới: ${TITLE}`, `Nhắc tiếp nhận: ${TITLE}`, `Sắp đến hạn: ${TITLE}`, `Quá hạn: ${TITLE}`].sort(),
    );
    expect(to(HEAD).map((mail) => mail.subject).sort()).toEqual([`Báo cáo nhiệm vụ quá hạn (cấp 1): ${TITLE}`, `Nhiệm vụ chưa được tiếp nhận: ${TITLE}`].sort());
    expect(smtp.mails).toHaveLength(6); // nobody else: the head gets no reminders, the officer no escalations
    for (const mail of smtp.mails) {
      expect(mail.user).toBe('giaoviec@hanoi.gov.vn'); // signed in with SMTP_URL's credentials
      expect(mail.text).toContain(`Nhiệm vụ: ${TITLE}`);
      expect(mail.text).toContain(`https://giaoviec.hanoi.gov.vn/#/nhiem-vu/${task.id}`);
      expect(mail.html).toContain(TITLE);
    }
    expect(new Set(smtp.mails.map((mail) => mail.messageId)).size).toBe(6);

    // The webhook: every notification of the task once, signed over the raw body.
    const notifications = (await stack.dataSource.query(`SELECT id::text, kind FROM notifications WHERE task_id = $1`, [task.id])) as { id: string; kind: string }[];
    expect(notifications.map((row) => row.kind)).toEqual(expect.arrayContaining(['assigned', 'acknowledge_reminder', 'reminder', 'escalated']));
    await waitFor(async () => receiver.received.length, (count) => count >= notifications.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received.map((request) => request.body.notification.id).sort()).toEqual(notifications.map((row) => row.id).sort());
    for (const request of receiver.received) {
      expect(request.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(request.raw).digest('hex')}`);
      expect(request.body.task?.title).toBe(TITLE);
    }
  });
});
