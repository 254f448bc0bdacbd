import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { AppConfig } from '@giaoviec/config';
import { AgenciesModule } from './agencies/agencies.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { DashboardModule } from './dashboard/dashboard.module';
import { DeliveryModule } from './delivery/delivery.module';
import { HealthController } from './health/health.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MetaModule } from './meta/meta.module';
import { MetricsModule } from './metrics/metrics.module';
import { loggingModule } from './logging/logging.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PlansModule } from './plans/plans.module';
import { ReportingModule } from './reporting/reporting.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig & { databaseUrl: string; temporalAddress: string }): DynamicModule {
    return {
      module: AppModule,
      imports: [loggingModule(config), InfrastructureModule.forRoot(config), AuthModule, AgenciesModule, TasksModule, NotificationsModule, CalendarModule, DashboardModule, PlansModule, ReportingModule, MetaModule, UsersModule, DeliveryModule, MetricsModule],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
