import { deliveryLink, formatVietnameseDue, ZALO_USER_RECIPIENT_PREFIX, type DeliveryContext } from '@giaoviec/domain';
import { DeliveryFailure, type ChannelAdapter } from './channel';

/** ZNS error codes after which trying again cannot help (the number or the template, not the moment). */
const PERMANENT_ZNS_ERRORS = new Set([-108, -109, -111, -112, -118, -119, -139]);
/**
 * OA message API error codes after which trying again cannot help: bad or too long parameters (−201, −210),
 * a user who does not follow the OA (−213). An invalid or expired token (−216, −220) or an exhausted quota
 * (−211) are worth retrying: the operator renews them.
 */
const PERMANENT_OA_ERRORS = new Set([-201, -210, -213]);

/** "0912345678" → "84912345678", the form ZNS expects. */
export const toZnsPhone = (phone: string) => phone.replace(/^0/, '84').replace(/^\+/, '');

/** Zalo's answer, HTTP 200 either way: `error` 0 is sent. */
interface ZaloAnswer {
  error?: number;
  message?: string;
}

export interface ZaloOptions {
  accessToken: string;
  /** The OA message API ("tin Giao dịch"), for contacts with a `zaloUserId`. */
  oaMessageUrl: string;
  /** ZNS, for contacts with only a phone number: unset when no template was approved. */
  zns?: { url: string; templateId: string };
  timeoutMs: number;
}

/**
 * Zalo, through the Official Account's access token (header `access_token`), whichever way the contact
 * can be reached:
 * - a contact with a `zaloUserId` (who follows the OA) gets an OA transaction message ("tin Giao dịch"):
 *   `POST https://openapi.zalo.me/v3.0/oa/message/transaction`, JSON `{recipient: {user_id}, message:
 *   {attachment: {type: "template", payload: {template_type, language: "VI", elements, buttons}}}}` — a
 *   header, the text, a table (which must hold a key starting with "Mã") and a button opening the task page.
 *   Unlike a consultation message (`/message/cs`) it may be sent outside the 48 hours after the user last wrote.
 * - a contact with only a phone gets ZNS: `POST https://business.openapi.zalo.me/message/template`, JSON
 *   `{phone, template_id, template_data, tracking_id}`; the template (approved by Zalo for the OA) takes
 *   `tieu_de`, `co_quan`, `han` and `duong_dan`, and `tracking_id` is the delivery ID.
 */
export class ZaloChannel implements ChannelAdapter {
  readonly channel = 'zalo' as const;

  constructor(private readonly options: ZaloOptions) {}

  async send(delivery: Parameters<ChannelAdapter['send']>[0]): Promise<void> {
    if (delivery.recipient.startsWith(ZALO_USER_RECIPIENT_PREFIX)) {
      const userId = delivery.recipient.slice(ZALO_USER_RECIPIENT_PREFIX.length);
      const answer = await this.post('OA', this.options.oaMessageUrl, oaTransactionMessage(userId, delivery.context));
      if (answer.error !== 0) throw new DeliveryFailure(`OA ${answer.error}: ${answer.message ?? ''}`, PERMANENT_OA_ERRORS.has(Number(answer.error)));
      return;
    }
    if (!this.options.zns) throw new DeliveryFailure('ZNS: chưa cấu hình mẫu tin (ZALO_TEMPLATE_ID)', true);
    const answer = await this.post('ZNS', this.options.zns.url, znsMessage(delivery.recipient, this.options.zns.templateId, delivery.id, delivery.context));
    if (answer.error !== 0) throw new DeliveryFailure(`ZNS ${answer.error}: ${answer.message ?? ''}`, PERMANENT_ZNS_ERRORS.has(Number(answer.error)));
  }

  private async post(api: 'OA' | 'ZNS', url: string, body: unknown): Promise<ZaloAnswer> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: this.options.accessToken },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!response.ok) throw new DeliveryFailure(`${api}: HTTP ${response.status}`);
      return (await response.json()) as ZaloAnswer;
    } catch (error) {
      if (error instanceof DeliveryFailure) throw error;
      throw new DeliveryFailure(`${api}: ${(error as Error).message}`);
    }
  }
}

function dueText(context: DeliveryContext): string {
  return context.task ? formatVietnameseDue(context.task.dueAt) : (context.round?.dueText ?? '');
}

function znsMessage(phone: string, templateId: string, deliveryId: string, context: DeliveryContext) {
  return {
    phone: toZnsPhone(phone),
    template_id: templateId,
    template_data: {
      tieu_de: context.notification.title.slice(0, 100),
      co_quan: context.task?.leadAgencyName ?? context.notification.recipientAgency ?? 'UBND Thành phố',
      han: dueText(context),
      duong_dan: deliveryLink(context),
    },
    tracking_id: deliveryId,
  };
}

/** The OA's limits: header 100 characters, text 1,000, a table key 25 and value 100. */
const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** "Thông báo nội bộ": a government office telling its own officials, not a sale. */
const OA_TEMPLATE_TYPE = 'transaction_internal';

function oaTransactionMessage(userId: string, context: DeliveryContext) {
  const table: { key: string; value: string }[] = [];
  // The OA requires one key starting with "Mã" that identifies what the message is about.
  table.push({ key: context.task ? 'Mã nhiệm vụ' : 'Mã thông báo', value: context.task?.id ?? context.notification.id });
  if (context.task) table.push({ key: 'Cơ quan chủ trì', value: cut(context.task.leadAgencyName, 100) });
  if (context.round) table.push({ key: 'Kỳ báo cáo', value: cut(context.round.title, 100) });
  const due = dueText(context);
  if (due) table.push({ key: 'Thời hạn', value: cut(due, 100) });
  return {
    recipient: { user_id: userId },
    message: {
      attachment: {
        type: 'template',
        payload: {
          template_type: OA_TEMPLATE_TYPE,
          language: 'VI',
          elements: [
            { type: 'header', content: cut(context.notification.title, 100), align: 'left' },
            { type: 'text', content: cut(`Kính gửi: ${context.recipientName}. ${context.notification.body}`, 1000), align: 'left' },
            { type: 'table', content: table },
          ],
          buttons: [{ title: 'Xem chi tiết', type: 'oa.open.url', payload: { url: deliveryLink(context) } }],
        },
      },
    },
  };
}
