import { Injectable } from '@nestjs/common';
import { DomainError, validateContacts, type AgencyContact } from '@giaoviec/domain';
import { ContactsRepository, DeliveriesRepository, WebhooksRepository, type DeliveryStatus } from '@giaoviec/persistence';
import type { AuthUser } from '../auth/auth.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Contacts, webhooks and the delivery record behind the API; the sending itself is the worker's. */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  async listContacts(agency: string): Promise<AgencyContact[]> {
    await this.requireAgency(agency);
    return this.contacts.list(agency);
  }

  async replaceContacts(agency: string, body: unknown): Promise<AgencyContact[]> {
    await this.requireAgency(agency);
    const contacts = validateContacts(body);
    await this.contacts.replace(agency, contacts);
    return contacts;
  }

  async settings(agency: string) {
    await this.requireAgency(agency);
    return this.contacts.settings(agency);
  }

  async setSettings(agency: string, settings: { perEventEmail: boolean }, user: AuthUser) {
    await this.requireAgency(agency);
    await this.contacts.setSettings(agency, settings, user.sub);
    return settings;
  }

  createWebhook(body: { url: string; events: string[]; secret: string }, user: AuthUser) {
    return this.webhooks.create({ url: body.url, events: [...new Set(body.events)], secret: body.secret }, user.sub);
  }

  listWebhooks() {
    return this.webhooks.list();
  }

  async removeWebhook(id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.webhooks.remove(id))) throw new DomainError('NOT_FOUND', 'Không tìm thấy webhook.');
  }

  async deliveriesOf(notificationId: string) {
    const found = /^\d{1,18}$/.test(notificationId) ? await this.deliveries.forNotification(notificationId) : null;
    if (!found) throw new DomainError('NOT_FOUND', 'Không tìm thấy thông báo.');
    return found;
  }

  listDeliveries(filter: { status?: DeliveryStatus; page: number; limit: number }) {
    return this.deliveries.list({ status: filter.status, limit: filter.limit, offset: (filter.page - 1) * filter.limit });
  }

  async retry(id: string) {
    const result = UUID.test(id) ? await this.deliveries.retry(id) : 'not_found';
    if (result === 'not_found') throw new DomainError('NOT_FOUND', 'Không tìm thấy lượt gửi.');
    if (result === 'not_dead') throw new DomainError('INVALID_STATE', 'Chỉ gửi lại được lượt gửi đã thất bại hẳn (dead).');
    return result;
  }

  private async requireAgency(code: string): Promise<void> {
    if (!(await this.contacts.agencyExists(code))) throw new DomainError('NOT_FOUND', `Không có cơ quan mã "${code}" trong danh bạ.`);
  }
}
