import type { NotificationRole } from '../task/notification-text';
import type { AgencyContact, ContactRole } from './contacts';

export const DELIVERY_CHANNELS = ['email', 'webhook', 'zalo', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** The city People's Committee: escalations to "the leader" reach its contacts. */
export const LEADERSHIP_AGENCY = 'UBND-TP';
/** A Zalo delivery to a user of the Official Account (by `zaloUserId`), not by phone (ZNS). */
export const ZALO_USER_RECIPIENT_PREFIX = 'user_id:';
/** The daily digest's notification kind (not a lifecycle event). */
export const DIGEST_KIND = 'digest';

/** What the recipient rules need to know about one outbox row. */
export interface OutboxNotification {
  recipientRole: NotificationRole;
  recipientAgency: string | null;
  kind: string;
}

export interface RegisteredWebhook {
  id: string;
  url: string;
  /** Notification kinds, or `*` for all. */
  events: readonly string[];
}

export interface RecipientDirectory {
  contactsOf(agency: string): readonly AgencyContact[];
  /** False when the agency turned per-event e-mails off (it keeps the digest). */
  perEventEmail(agency: string): boolean;
  webhooks: readonly RegisteredWebhook[];
  /** Channels configured on this installation besides e-mail and webhooks. */
  zaloEnabled: boolean;
  /** ZNS (Zalo by phone number) has an approved template: contacts without a `zaloUserId` get Zalo by phone. */
  znsEnabled: boolean;
  smsEnabled: boolean;
  /** The coordinating office, for coordinator notifications that name none. */
  coordinatingAgency: string;
}

/** One planned (notification, channel, recipient) delivery. */
export interface PlannedDelivery {
  channel: DeliveryChannel;
  /** E-mail address, webhook ID, `user_id:<Zalo user ID>` or phone number: unique per notification and channel. */
  recipient: string;
  recipientName: string;
  webhookId?: string;
}

/** Which contacts of which agency a notification is for. */
export function addresseesOf(notification: OutboxNotification, coordinatingAgency: string): { agency: string; roles: readonly ContactRole[] } | null {
  if (notification.kind === DIGEST_KIND) return notification.recipientAgency ? { agency: notification.recipientAgency, roles: ['officer'] } : null;
  switch (notification.recipientRole) {
    case 'agency':
      return notification.recipientAgency ? { agency: notification.recipientAgency, roles: ['officer', 'clerk'] } : null;
    case 'agency_head':
      return notification.recipientAgency ? { agency: notification.recipientAgency, roles: ['head'] } : null;
    case 'coordinator':
      return { agency: notification.recipientAgency ?? coordinatingAgency, roles: ['head', 'officer', 'clerk'] };
    case 'leader':
      return { agency: LEADERSHIP_AGENCY, roles: ['head', 'officer', 'clerk'] };
  }
}

/**
 * Every delivery a notification makes: e-mail, Zalo and SMS to the addressed contacts (each
 * address once), and a POST to every webhook subscribed to its kind.
 */
export function planDeliveries(notification: OutboxNotification, directory: RecipientDirectory): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  const seen = new Set<string>();
  const add = (delivery: PlannedDelivery) => {
    const key = `${delivery.channel}|${delivery.recipient}`;
    if (seen.has(key)) return;
    seen.add(key);
    planned.push(delivery);
  };
  const addressees = addresseesOf(notification, directory.coordinatingAgency);
  if (addressees) {
    const emailAllowed = notification.kind === DIGEST_KIND || directory.perEventEmail(addressees.agency);
    for (const contact of directory.contactsOf(addressees.agency)) {
      if (!addressees.roles.includes(contact.role)) continue;
      if (contact.email && emailAllowed) add({ channel: 'email', recipient: contact.email, recipientName: contact.name });
      if (notification.kind === DIGEST_KIND) continue; // the digest is an e-mail, too long for a chat or a text
      // Zalo the way the contact can be reached: as a follower of the OA, else (ZNS) by phone number.
      if (contact.zaloUserId && directory.zaloEnabled) add({ channel: 'zalo', recipient: `${ZALO_USER_RECIPIENT_PREFIX}${contact.zaloUserId}`, recipientName: contact.name });
      else if (contact.phone && directory.zaloEnabled && directory.znsEnabled) add({ channel: 'zalo', recipient: contact.phone, recipientName: contact.name });
      if (contact.phone && directory.smsEnabled) add({ channel: 'sms', recipient: contact.phone, recipientName: contact.name });
    }
  }
  for (const webhook of directory.webhooks) {
    if (webhook.events.includes('*') || webhook.events.includes(notification.kind)) {
      add({ channel: 'webhook', recipient: webhook.id, recipientName: webhook.url, webhookId: webhook.id });
    }
  }
  return planned;
}
