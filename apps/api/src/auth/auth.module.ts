import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@giaoviec/config';
import { AuditLogStore, UserStore } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import { AgenciesModule } from '../agencies/agencies.module';
import { APP_CONFIG } from '../common/tokens';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { RateLimitGuard, rateLimitOptions } from './rate-limit';
import { TokenService } from './token.service';

@Module({
  imports: [AgenciesModule, ThrottlerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => rateLimitOptions(config) })],
  controllers: [AuthController],
  providers: [
    TokenService,
    { provide: UserStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new UserStore(dataSource) },
    { provide: AuditLogStore, inject: [DataSource], useFactory: (dataSource: DataSource) => new AuditLogStore(dataSource) },
    // In this order: the rate limits count per user, so they run after authentication.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [TokenService, UserStore, AuditLogStore],
})
export class AuthModule {}
