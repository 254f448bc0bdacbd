import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the catcher received, parsed. */
export interface CaughtMail {
  id: number;
  receivedAt: string;
  messageId: string | undefined;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | undefined;
  headers: Record<string, string>;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>` for SMTP_URL. */
  smtpUrl: string;
  /** The web view of what was sent (JSON at `/api/messages`). */
  webUrl: string;
  messages(): readonly CaughtMail[];
  clear(): void;
  stop(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/**
 * A real SMTP server (smtp-server, no auth, no TLS, local only) that keeps every message in
 * memory and shows them on a small web page: what `npm start` runs when SMTP_URL is unset, so a
 * newcomer sees the reminders arrive, and what the tests read delivered mail back from.
 */
export async function startMailCatcher(options: { smtpPort?: number; webPort?: number; host?: string; limit?: number } = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const limit = options.limit ?? 1000;
  const received: CaughtMail[] = [];
  let nextId = 1;

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            messageId: mail.messageId,
            from: mail.from?.text ?? session.envelope.mailFrom?.toString() ?? '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : undefined,
            headers: Object.fromEntries([...mail.headers.entries()].map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])),
          });
          if (received.length > limit) received.splice(0, received.length - limit);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/messages') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify([...received].reverse()));
      return;
    }
    const match = /^\/messages\/(\d+)$/.exec(url.pathname);
    const message = match ? received.find((mail) => mail.id === Number(match[1])) : undefined;
    if (message?.html) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "script-src 'none'" });
      response.end(message.html);
      return;
    }
    const rows = [...received]
      .reverse()
      .map(
        (mail) =>
          `<tr><td>${escapeHtml(new Date(mail.receivedAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }))}</td><td>${escapeHtml(mail.to.join(', '))}</td>` +
          `<td>${mail.html ? `<a href="/messages/${mail.id}">${escapeHtml(mail.subject)}</a>` : escapeHtml(mail.subject)}</td>` +
          `<td><pre>${escapeHtml(mail.text)}</pre></td></tr>`,
      )
      .join('');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hộp thư thử nghiệm – Giao việc</title>` +
        `<style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}pre{white-space:pre-wrap;margin:0;font-size:.85rem}</style></head>` +
        `<body><h1>Thư đã gửi (${received.length})</h1><p>Máy chủ thư thử nghiệm của <code>npm start</code>: thư không đi ra ngoài. Tải lại trang để xem thư mới.</p>` +
        `<table><tr><th>Thời gian</th><th>Người nhận</th><th>Tiêu đề</th><th>Nội dung</th></tr>${rows}</table></body></html>`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(options.webPort ?? 0, host, () => resolve());
  });
  const webPort = (web.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    webUrl: `http://${host === '0.0.0.0' ? 'localhost' : host}:${webPort}/`,
    messages: () => received,
    clear: () => {
      received.length = 0;
    },
    stop: async () => {
      web.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), new Promise<void>((resolve) => web.close(() => resolve()))]);
    },
  };
}
