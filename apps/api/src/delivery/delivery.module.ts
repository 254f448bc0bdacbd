import { Module } from '@nestjs/common';
import { ContactsRepository, DeliveriesRepository, WebhooksRepository } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import { DeliveryController } from './delivery.controller';
import { DeliveryService } from './delivery.service';

/** Contacts, webhooks and deliveries (the repositories move into the shared PersistenceModule at merge). */
@Module({
  controllers: [DeliveryController],
  providers: [
    DeliveryService,
    { provide: ContactsRepository, useFactory: (dataSource: DataSource) => new ContactsRepository(dataSource), inject: [DataSource] },
    { provide: WebhooksRepository, useFactory: (dataSource: DataSource) => new WebhooksRepository(dataSource), inject: [DataSource] },
    { provide: DeliveriesRepository, useFactory: (dataSource: DataSource) => new DeliveriesRepository(dataSource), inject: [DataSource] },
  ],
})
export class DeliveryModule {}
