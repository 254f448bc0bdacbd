import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { TokenService } from './token.service';

@Module({
  imports: [AgenciesModule],
  controllers: [AuthController],
  providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}
