import { BUSINESS_UTC_OFFSET_MINUTES } from '../calendar/local-date';
import { PASSWORD_RESET_KIND, passwordResetLinkIn } from './password-reset';

/** Everything a delivered message says, read from the outbox row and the task or round it is about. */
export interface DeliveryContext {
  deliveryId: string;
  notification: {
    id: string;
    kind: string;
    title: string;
    body: string;
    recipientRole: string;
    recipientAgency: string | null;
    createdAt: string;
  };
  task?: { id: string; title: string; leadAgency: string; leadAgencyName: string; dueAt: string; status: string };
  round?: { id: string; title: string; dueText: string };
  recipientName: string;
  /** The web pages' base URL (PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * A due instant written the Vietnamese way: "trước ngày 10 tháng 12 năm 2024" for 00:00,
 * "chậm nhất ngày 10 tháng 12 năm 2024" for the end of the day, else "16 giờ 30 ngày 10 tháng 12 năm 2024".
 */
export function formatVietnameseDue(iso: string): string {
  const local = new Date(Date.parse(iso) + BUSINESS_UTC_OFFSET_MINUTES * 60_000);
  const day = (date: Date) => `ngày ${date.getUTCDate()} tháng ${date.getUTCMonth() + 1} năm ${date.getUTCFullYear()}`;
  const hours = local.getUTCHours();
  const minutes = local.getUTCMinutes();
  if (hours === 0 && minutes === 0 && local.getUTCSeconds() === 0) return `trước ${day(local)}`;
  if (hours === 23 && minutes === 59) return `chậm nhất ${day(local)}`;
  return `${String(hours).padStart(2, '0')} giờ ${String(minutes).padStart(2, '0')} ${day(local)}`;
}

/** The page a message points to: the task, the reporting round, or the agency's inbox. */
export function deliveryLink(context: Pick<DeliveryContext, 'task' | 'round' | 'publicUrl'> & { notification?: Pick<DeliveryContext['notification'], 'kind' | 'body'> }): string {
  // A reset mail's button opens its own one-time link, not the inbox.
  if (context.notification?.kind === PASSWORD_RESET_KIND) return passwordResetLinkIn(context.notification.body) ?? `${context.publicUrl}/#/dang-nhap`;
  if (context.task) return `${context.publicUrl}/#/nhiem-vu/${context.task.id}`;
  if (context.round) return `${context.publicUrl}/#/bao-cao/${context.round.id}`;
  return `${context.publicUrl}/#/thong-bao`;
}

function factLines(context: DeliveryContext): [string, string][] {
  const facts: [string, string][] = [];
  if (context.task) {
    facts.push(['Nhiệm vụ', context.task.title]);
    facts.push(['Cơ quan chủ trì', `${context.task.leadAgencyName} (${context.task.leadAgency})`]);
    facts.push(['Thời hạn', formatVietnameseDue(context.task.dueAt)]);
  }
  if (context.round) {
    facts.push(['Kỳ báo cáo', context.round.title]);
    facts.push(['Thời hạn', context.round.dueText]);
  }
  return facts;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

/** The e-mail of one delivery: Vietnamese subject, plain text and HTML with the same content. */
export function renderEmail(context: DeliveryContext): EmailContent {
  const link = deliveryLink(context);
  const facts = factLines(context);
  const footer = `Thư gửi tự động từ hệ thống Giao việc, vui lòng không trả lời thư này. Mã thư: ${context.deliveryId}`;
  const text = [
    `Kính gửi: ${context.recipientName}`,
    '',
    context.notification.body,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `Xem chi tiết: ${link}`,
    '',
    '--',
    footer,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"></head>',
    '<body style="font-family: Arial, sans-serif; font-size: 14px; color: #1f2933">',
    `<p>Kính gửi: <strong>${escapeHtml(context.recipientName)}</strong></p>`,
    ...context.notification.body.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`),
    facts.length
      ? `<table cellpadding="4" style="border-collapse: collapse">${facts
          .map(([label, value]) => `<tr><td style="color: #52606d">${escapeHtml(label)}</td><td><strong>${escapeHtml(value)}</strong></td></tr>`)
          .join('')}</table>`
      : '',
    `<p><a href="${escapeHtml(link)}">Xem chi tiết trên hệ thống Giao việc</a></p>`,
    `<p style="color: #7b8794; font-size: 12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: context.notification.title, text, html };
}

/** The JSON body of a webhook delivery (signed as sent, byte for byte). */
export function webhookPayload(context: DeliveryContext) {
  return {
    deliveryId: context.deliveryId,
    notification: context.notification,
    ...(context.task ? { task: context.task } : {}),
    ...(context.round ? { reportingRound: context.round } : {}),
    link: deliveryLink(context),
  };
}

/** A short text for chat and SMS: the title, the due date when there is one, and the link. */
export function renderShortText(context: DeliveryContext): string {
  const due = context.task ? ` Hạn: ${formatVietnameseDue(context.task.dueAt)}.` : '';
  return `${context.notification.title}.${due} ${deliveryLink(context)}`;
}
