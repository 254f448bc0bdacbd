import { Logger } from '@nestjs/common';
import type { DeliveryConfig } from '@giaoviec/config';
import { localDateOfInstant, nextDeliveryAttempt, yearOf, type DeliveryChannel } from '@giaoviec/domain';
import type { CalendarStore, ClaimedDelivery, DeliveriesRepository, WebhooksRepository } from '@giaoviec/persistence';
import { DeliveryFailure, type ChannelAdapter } from './channel';
import { EmailChannel } from './email.channel';
import { SmsChannel } from './sms.channel';
import { WebhookChannel } from './webhook.channel';
import { ZaloChannel } from './zalo.channel';

const BATCH = 20;

/**
 * Delivers the notification outbox, in the worker process: plans each new outbox row into
 * deliveries (one per notification, channel and recipient, unique in the database), then
 * claims due deliveries under a lease and sends them. Several workers may run it at once
 * (rows are taken with SKIP LOCKED). See README "Delivery" for why this is not a workflow.
 */
export class DeliveryDispatcher {
  private readonly logger = new Logger('delivery');
  private readonly deliveries: DeliveriesRepository;
  private readonly calendar: CalendarStore;
  private readonly channels = new Map<DeliveryChannel, ChannelAdapter>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private readonly znsEnabled: boolean;

  constructor(
    repositories: { deliveries: DeliveriesRepository; calendar: CalendarStore; webhooks: WebhooksRepository },
    private readonly config: DeliveryConfig,
    extraChannels: ChannelAdapter[] = [],
  ) {
    this.deliveries = repositories.deliveries;
    this.calendar = repositories.calendar;
    const webhooks = repositories.webhooks;
    this.channels.set('webhook', new WebhookChannel({ timeoutMs: config.webhookTimeoutMs, targetOf: (id) => webhooks.targetOf(id) }));
    if (config.smtpUrl) this.channels.set('email', new EmailChannel({ smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, publicUrl: config.publicUrl }));
    if (config.zalo) this.channels.set('zalo', new ZaloChannel({ ...config.zalo, timeoutMs: config.webhookTimeoutMs }));
    // A Zalo adapter handed in (tests) reaches phones too; the configured one only with a ZNS template.
    this.znsEnabled = extraChannels.some((channel) => channel.channel === 'zalo') || Boolean(config.zalo?.zns);
    if (config.sms) this.channels.set('sms', new SmsChannel({ ...config.sms, timeoutMs: config.webhookTimeoutMs }));
    for (const channel of extraChannels) this.channels.set(channel.channel, channel);
  }

  /** Lease of one attempt: a dispatcher that dies mid-send leaves the delivery to others after this. */
  get leaseMs(): number {
    return Math.max(30_000, this.config.webhookTimeoutMs * 3);
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await Promise.all([...this.channels.values()].map((channel) => channel.close?.()));
  }

  /** One pass: plan every new outbox row, then send every due delivery. Returns how many attempts were made. */
  async runOnce(): Promise<number> {
    const planning = { zaloEnabled: this.channels.has('zalo'), znsEnabled: this.znsEnabled, smsEnabled: this.channels.has('sms'), publicUrl: this.config.publicUrl };
    while ((await this.deliveries.planNext(BATCH, planning)) === BATCH && !this.stopping);
    let attempts = 0;
    for (;;) {
      const claimed = await this.deliveries.claimDue(BATCH, this.leaseMs, this.config.publicUrl);
      await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
      attempts += claimed.length;
      if (claimed.length < BATCH || this.stopping) return attempts;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.error(`delivery pass failed: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.config.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const channel = this.channels.get(delivery.channel);
    try {
      if (!channel) throw new DeliveryFailure(`kênh ${delivery.channel} chưa được cấu hình`);
      await channel.send(delivery);
    } catch (error) {
      const permanent = error instanceof DeliveryFailure && error.permanent;
      const nowMs = Date.now();
      const next = permanent
        ? ({ dead: true } as const)
        : nextDeliveryAttempt(
            { maxAttempts: this.config.maxAttempts, initialDelayMs: this.config.retryInitialMs, maxDelayMs: this.config.retryMaxMs },
            delivery.budgetAttempts,
            nowMs,
            // A working-day event's retry keeps to office hours (the calendar covers a retry up to a year ahead).
            delivery.officeHours ? await this.officeCalendar(nowMs) : undefined,
          );
      const nextAttemptAt = next.dead ? null : new Date(next.nextAttemptAtMs);
      await this.deliveries.markFailed(delivery.id, delivery.attempt, (error as Error).message, nextAttemptAt);
      this.logger.warn(`delivery ${delivery.id} (${delivery.channel}) attempt ${delivery.attempt} failed: ${(error as Error).message}${next.dead ? ' — dead' : ''}`);
      return;
    }
    await this.deliveries.markSent(delivery.id, delivery.attempt);
  }

  private async officeCalendar(nowMs: number) {
    const year = yearOf(localDateOfInstant(nowMs));
    return this.calendar.snapshot(year, year + 1);
  }
}
