import type { DeliveryChannel, DeliveryContext } from '@giaoviec/domain';

/** One attempt to hand a delivery to its channel. Throws DeliveryFailure (or any error) when it did not go out. */
export interface ChannelAdapter {
  readonly channel: DeliveryChannel;
  send(delivery: { id: string; recipient: string; webhookId: string | null; context: DeliveryContext }): Promise<void>;
  close?(): Promise<void>;
}

/** A failed attempt; `permanent` when retrying cannot help (an address the server refuses, a removed webhook). */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}
