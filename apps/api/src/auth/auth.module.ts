import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '@giaoviec/config';
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
    // In this order: the rate limits count per user, so they run after authentication.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
