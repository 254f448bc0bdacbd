import { webhookPayload } from '@giaoviec/domain';
import { createHmac } from 'node:crypto';
import { DeliveryFailure, type ChannelAdapter } from './channel';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as receivers verify it. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** A signed JSON POST to a subscribed system; any 2xx is delivered, anything else (or a timeout) is retried. */
export class WebhookChannel implements ChannelAdapter {
  readonly channel = 'webhook' as const;

  constructor(
    private readonly options: { timeoutMs: number; targetOf: (webhookId: string) => Promise<{ url: string; secret: string } | null> },
  ) {}

  async send(delivery: Parameters<ChannelAdapter['send']>[0]): Promise<void> {
    const target = delivery.webhookId ? await this.options.targetOf(delivery.webhookId) : null;
    if (target === null) throw new DeliveryFailure('webhook đã bị xóa', true);
    const payload = webhookPayload(delivery.context);
    const body = JSON.stringify(payload);
    let response: Response;
    try {
      response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'giaoviec-webhooks/1',
          'x-giaoviec-delivery': delivery.id,
          'x-giaoviec-event': delivery.context.notification.kind,
          'x-giaoviec-signature': webhookSignature(target.secret, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `quá thời gian chờ ${this.options.timeoutMs} ms` : (error as Error).message;
      throw new DeliveryFailure(`POST thất bại: ${reason}`);
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) throw new DeliveryFailure(`HTTP ${response.status}`);
  }
}
