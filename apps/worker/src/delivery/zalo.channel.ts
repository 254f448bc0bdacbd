import { deliveryLink, formatVietnameseDue } from '@giaoviec/domain';
import { DeliveryFailure, type ChannelAdapter } from './channel';

/** ZNS error codes after which trying again cannot help (the number or the account, not the moment). */
const PERMANENT_ZNS_ERRORS = new Set([-108, -109, -111, -112, -118, -119, -139]);

/** "0912345678" → "84912345678", the form ZNS expects. */
export const toZnsPhone = (phone: string) => phone.replace(/^0/, '84').replace(/^\+/, '');

/**
 * Zalo Notification Service (ZNS) through the OA's access token:
 * `POST https://business.openapi.zalo.me/message/template`, header `access_token`, JSON
 * `{phone, template_id, template_data, tracking_id}`. Zalo answers HTTP 200 with `{error, message, data}`;
 * `error` 0 is sent. The template (approved by Zalo for the OA) takes the parameters
 * `tieu_de`, `co_quan`, `han` and `duong_dan`. `tracking_id` is the delivery ID.
 */
export class ZaloChannel implements ChannelAdapter {
  readonly channel = 'zalo' as const;

  constructor(private readonly options: { url: string; accessToken: string; templateId: string; timeoutMs: number }) {}

  async send(delivery: Parameters<ChannelAdapter['send']>[0]): Promise<void> {
    const { context } = delivery;
    const body = {
      phone: toZnsPhone(delivery.recipient),
      template_id: this.options.templateId,
      template_data: {
        tieu_de: context.notification.title.slice(0, 100),
        co_quan: context.task?.leadAgencyName ?? context.notification.recipientAgency ?? 'UBND Thành phố',
        han: context.task ? formatVietnameseDue(context.task.dueAt) : (context.round?.dueText ?? ''),
        duong_dan: deliveryLink(context),
      },
      tracking_id: delivery.id,
    };
    let answer: { error?: number; message?: string };
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', access_token: this.options.accessToken },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!response.ok) throw new DeliveryFailure(`ZNS: HTTP ${response.status}`);
      answer = (await response.json()) as typeof answer;
    } catch (error) {
      if (error instanceof DeliveryFailure) throw error;
      throw new DeliveryFailure(`ZNS: ${(error as Error).message}`);
    }
    if (answer.error !== 0) {
      throw new DeliveryFailure(`ZNS ${answer.error}: ${answer.message ?? ''}`, PERMANENT_ZNS_ERRORS.has(Number(answer.error)));
    }
  }
}
