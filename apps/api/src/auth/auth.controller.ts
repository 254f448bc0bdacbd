import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgenciesService } from '../agencies/agencies.service';
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
  ) {}

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'How to sign in: {authMode: "dev" | "jwt", passwordSignIn}: passwordSignIn when POST /api/auth/login is available' })
  config(): { authMode: 'dev' | 'jwt'; passwordSignIn: boolean } {
    return { authMode: this.tokens.authMode, passwordSignIn: this.tokens.canSign };
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
