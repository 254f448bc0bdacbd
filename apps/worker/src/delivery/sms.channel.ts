import { renderShortText } from '@giaoviec/domain';
import { DeliveryFailure, type ChannelAdapter } from './channel';
import { toZnsPhone } from './zalo.channel';

/**
 * A generic HTTP SMS gateway (the contract giaoviec documents for any provider's adapter):
 * `POST SMS_GATEWAY_URL` with `Authorization: Bearer SMS_API_KEY` and JSON
 * `{to: "84912345678", from?: SMS_SENDER, text, reference: <delivery id>}`; 2xx is accepted, the
 * gateway drops a repeated `reference`. 4xx other than 408 and 429 are final; the rest is retried.
 */
export class SmsChannel implements ChannelAdapter {
  readonly channel = 'sms' as const;

  constructor(private readonly options: { url: string; apiKey: string; sender: string | undefined; timeoutMs: number }) {}

  async send(delivery: Parameters<ChannelAdapter['send']>[0]): Promise<void> {
    const body = {
      to: toZnsPhone(delivery.recipient),
      ...(this.options.sender ? { from: this.options.sender } : {}),
      text: renderShortText(delivery.context),
      reference: delivery.id,
    };
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.apiKey}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryFailure(`SMS: ${(error as Error).message}`);
    }
    if (response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return;
    }
    const detail = await response.text().catch(() => '');
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new DeliveryFailure(`SMS: HTTP ${response.status} ${detail.slice(0, 200)}`.trim(), permanent);
  }
}
