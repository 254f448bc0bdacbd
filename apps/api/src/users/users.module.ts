import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module';
import { AuthModule } from '../auth/auth.module';
import { OidcSignInService } from './oidc-sign-in.service';
import { OidcController } from './oidc.controller';
import { PasswordResetService } from './password-reset.service';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';
import { AuditController, UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule, AgenciesModule],
  controllers: [SignInController, OidcController, UsersController, AuditController],
  providers: [UsersService, SignInService, OidcSignInService, PasswordResetService],
  exports: [OidcSignInService],
})
export class UsersModule {}
