import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import { AgenciesService } from '../agencies/agencies.service';
import { APP_CONFIG } from '../common/tokens';
import { Public } from './auth.decorators';
import { SignInRoute } from './rate-limit';
import { DevTokenRequest } from './dev-token.dto';
import { TokenService } from './token.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly tokens: TokenService,
    private readonly agencies: AgenciesService,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  @Public()
  @Get('config')
  @ApiOperation({
    summary:
      'How to sign in: {authMode: "dev" | "jwt", passwordSignIn, passwordReset, oidc}: passwordSignIn when POST /api/auth/login is available; ' +
      'passwordReset when reset links can be mailed; oidc {label, loginUrl} when an OpenID provider is configured, else null',
  })
  config(): { authMode: 'dev' | 'jwt'; passwordSignIn: boolean; passwordReset: boolean; oidc: { label: string; loginUrl: string } | null } {
    const canSign = this.tokens.canSign;
    return {
      authMode: this.tokens.authMode,
      passwordSignIn: canSign,
      passwordReset: canSign && Boolean(this.appConfig.delivery.smtpUrl),
      oidc: canSign && this.appConfig.oidc ? { label: this.appConfig.oidc.label, loginUrl: '/api/auth/oidc/login' } : null,
    };
  }

  @Public()
  @SignInRoute()
  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a token for any user (AUTH_MODE=dev only; 404 otherwise)' })
  async devToken(@Body() body: DevTokenRequest): Promise<{ token: string }> {
    if (body.agency) await this.agencies.requireExisting(body.agency, 'agency');
    const token = await this.tokens.issueDevToken({
      sub: body.sub,
      name: body.name ?? body.sub,
      role: body.role,
      ...(body.agency ? { agency: body.agency } : {}),
    });
    return { token };
  }
}
