import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DashboardModule } from '../dashboard/dashboard.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { RequestMetricsMiddleware } from './request-metrics.middleware';

@Module({ imports: [DashboardModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestMetricsMiddleware).forRoutes('*');
  }
}
