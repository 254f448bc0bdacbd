import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuthModule } from '../auth/auth.module';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';
import { AuditController, UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule, AgenciesModule],
  controllers: [SignInController, UsersController, AuditController],
  providers: [UsersService, SignInService],
})
export class UsersModule {}
