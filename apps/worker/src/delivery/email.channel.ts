import { renderEmail } from '@giaoviec/domain';
import nodemailer, { type Transporter } from 'nodemailer';
import { DeliveryFailure, type ChannelAdapter } from './channel';

/**
 * E-mail over SMTP (nodemailer). The Message-ID is derived from the delivery ID, so a message
 * sent again after a worker died before recording it carries the same ID and can be dropped.
 */
export class EmailChannel implements ChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  private readonly messageIdDomain: string;

  constructor(options: { smtpUrl: string; mailFrom: string; publicUrl: string }) {
    this.transport = nodemailer.createTransport(options.smtpUrl, { from: options.mailFrom });
    this.messageIdDomain = new URL(options.publicUrl).hostname || 'giaoviec.local';
  }

  static messageId(deliveryId: string, domain: string): string {
    return `<${deliveryId}@${domain}>`;
  }

  async send(delivery: Parameters<ChannelAdapter['send']>[0]): Promise<void> {
    const content = renderEmail(delivery.context);
    try {
      await this.transport.sendMail({
        to: { name: delivery.context.recipientName, address: delivery.recipient },
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: EmailChannel.messageId(delivery.id, this.messageIdDomain),
        headers: { 'X-Giaoviec-Delivery': delivery.id },
      });
    } catch (error) {
      const smtp = error as { responseCode?: number; message?: string };
      // 5xx for a recipient is the server's final word on that address; anything else may pass later.
      const permanent = typeof smtp.responseCode === 'number' && smtp.responseCode >= 550 && smtp.responseCode < 560;
      throw new DeliveryFailure(`SMTP: ${smtp.message ?? String(error)}`, permanent);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
