import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgencyRepository } from './agency.repository';
import { ContactsRepository } from './contacts.repository';
import { WebhooksRepository } from './webhooks.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DigestRepository } from './digest.repository';
import { UserStore } from './user.store';
import { PasswordResetStore } from './password-reset.store';
import { AuditLogStore } from './audit-log.store';
import { CalendarStore } from './calendar.store';
import { DashboardRepository } from './dashboard.repository';
import { openDataSource } from './data-source';
import { HealthRepository } from './health.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { NotificationRepository } from './notification.repository';
import { PlanStore } from './plan.store';
import { ReorganizationRepository } from './reorganization.repository';
import { ReportingRoundStore } from './reporting-round.store';
import { TaskInputRepository } from './task-input.repository';
import { TaskProjectionStore } from './task-projection.store';
import { TaskRepository } from './task.repository';

/** Every repository: the only classes that speak SQL. Each takes the DataSource (and other repositories) by injection. */
export const REPOSITORIES = [
  AgencyRepository,
  CalendarStore,
  DashboardRepository,
  HealthRepository,
  IdempotencyRepository,
  NotificationRepository,
  PlanStore,
  ReportingRoundStore,
  TaskInputRepository,
  TaskProjectionStore,
  TaskRepository,
  ContactsRepository,
  WebhooksRepository,
  DeliveriesRepository,
  DigestRepository,
  UserStore,
  AuditLogStore,
  PasswordResetStore,
  ReorganizationRepository,
] as const;

/**
 * PostgreSQL for a Nest application (the API) or context (the worker): opens the DataSource, provides
 * every repository to every module, and closes the pool at shutdown. Global, so feature modules need
 * not import it.
 */
@Global()
@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [{ provide: DataSource, useFactory: () => openDataSource(databaseUrl) }, ...REPOSITORIES],
      exports: [DataSource, ...REPOSITORIES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The repositories over an open DataSource, wired as the module wires them (for tests and benchmarks outside Nest). */
export function createRepositories(dataSource: DataSource) {
  const agencies = new AgencyRepository(dataSource);
  const plans = new PlanStore(dataSource, agencies);
  return {
    agencies,
    calendar: new CalendarStore(dataSource),
    dashboard: new DashboardRepository(dataSource),
    health: new HealthRepository(dataSource),
    idempotency: new IdempotencyRepository(dataSource),
    notifications: new NotificationRepository(dataSource),
    plans,
    reportingRounds: new ReportingRoundStore(dataSource, agencies, plans),
    taskInputs: new TaskInputRepository(dataSource),
    taskProjection: new TaskProjectionStore(dataSource, plans),
    tasks: new TaskRepository(dataSource),
    contacts: new ContactsRepository(dataSource),
    webhooks: new WebhooksRepository(dataSource),
    deliveries: new DeliveriesRepository(dataSource),
    digests: new DigestRepository(dataSource),
    users: new UserStore(dataSource),
    auditLog: new AuditLogStore(dataSource),
    passwordResets: new PasswordResetStore(dataSource),
    reorganizations: new ReorganizationRepository(dataSource),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
