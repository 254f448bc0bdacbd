import { loadConfig } from '@giaoviec/config';
import { ContactsRepository, createRepositories, type DeliveryView } from '@giaoviec/persistence';
import { simpleParser } from 'mailparser';
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DeliveryDispatcher } from '../../apps/worker/src/delivery/dispatcher';
import { createTestDatabase } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/**
 * "The worker killed mid-dispatch — nothing lost, nothing sent twice", with a real process and a real kill:
 * a dispatcher in a child process hands an e-mail to the SMTP server, which takes the message but holds its
 * answer; the process is killed (SIGKILL) before it can record anything. Another dispatcher sends the
 * delivery again once the lease has run out, with the same Message-ID, so the mail system drops the repeat.
 */
describe('delivery when the worker is killed mid-dispatch', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let child: ChildProcess | undefined;
  let dispatcher: DeliveryDispatcher | undefined;
  const received: { messageId: string | undefined; subject: string; to: string[] }[] = [];
  let holdAnswers = true;
  const held: (() => void)[] = [];
  let smtp: SMTPServer;
  let smtpUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({ messageId: mail.messageId, subject: mail.subject ?? '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
            // The message is here; the sender has not heard so yet.
            if (holdAnswers) held.push(() => callback());
            else callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await dispatcher?.stop();
    for (const release of held.splice(0)) release();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await database?.drop();
  });

  it('loses nothing and sends the repeat with the same Message-ID', async () => {
    await new ContactsRepository(database.dataSource).replace('STC', [{ name: 'Lê Văn Cường', role: 'officer', email: 'cuong@stc.hanoi.gov.vn' }]);
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      SMTP_URL: smtpUrl,
      PUBLIC_URL: 'https://giaoviec.hanoi.gov.vn',
      DELIVERY_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'error',
      AUTH_MODE: 'dev', // the worker's config is validated whole, as in npm start
    };
    child = fork(path.join(__dirname, '../support/dispatcher-process.ts'), [], {
      env,
      execArgv: ['-r', require.resolve('../support/ts-register.js')],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child!.once('message', () => resolve());
      child!.once('exit', (code) => reject(new Error(`the dispatcher process exited with ${code}`)));
    });
    await database.dataSource.query(
      `INSERT INTO notifications (idempotency_key, recipient_agency, recipient_role, kind, title, body, created_at)
       VALUES ('killed-worker#1', 'STC', 'agency', 'overdue', 'Quá hạn: Xử lý tài sản HTX giải thể', 'Nhiệm vụ đã quá hạn.', now())`,
    );

    // The SMTP server has the message; the worker dies before it hears back, let alone records the outcome.
    await waitFor(async () => received.length, (count) => count === 1, 30_000);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    child = undefined;
    holdAnswers = false;
    for (const release of held.splice(0)) release();
    const [row] = (await database.dataSource.query(`SELECT id::text, status, attempts FROM deliveries WHERE channel = 'email'`)) as { id: string; status: string; attempts: number }[];
    expect(row).toMatchObject({ status: 'pending', attempts: 1 }); // claimed under a lease, never recorded

    // Another worker's dispatcher takes it over once the lease has run out.
    dispatcher = new DeliveryDispatcher(createRepositories(database.dataSource), loadConfig({ ...env }).delivery);
    dispatcher.start();
    const deliveries = createRepositories(database.dataSource).deliveries;
    const [notification] = (await database.dataSource.query(`SELECT id::text FROM notifications WHERE idempotency_key = 'killed-worker#1'`)) as { id: string }[];
    const done = await waitFor(
      async () => ((await deliveries.forNotification(notification.id)) ?? ([] as DeliveryView[])).find((delivery) => delivery.id === row.id),
      (delivery) => delivery?.status === 'sent',
      dispatcher.leaseMs + 30_000,
    );
    expect(done).toMatchObject({ status: 'sent', attempts: 2 });
    expect(received).toHaveLength(2);
    expect(received[1].messageId).toBe(received[0].messageId); // the same message: the mail system drops the repeat
    expect(received[0].messageId).toBe(`<${row.id}@giaoviec.hanoi.gov.vn>`);
  }, 120_000);
});
