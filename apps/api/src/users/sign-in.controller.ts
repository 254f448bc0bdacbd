import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { SignInRoute } from '../auth/rate-limit';
import { TOKEN_COOKIE, tokenCookieOptions } from '../auth/token-cookie';
import { APP_CONFIG } from '../common/tokens';
import { AccountLockedException } from './account-locked.exception';
import { PasswordResetConfirmRequest, PasswordResetRequest, SignInRequest } from './dto/user.dto';
import { PasswordResetService } from './password-reset.service';
import { SignInService } from './sign-in.service';

@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(
    private readonly signIns: SignInService,
    private readonly resets: PasswordResetService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SignInRoute()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with a built-in account {email, password} → {token, expiresAt}; also sets the token as an httpOnly cookie for the pages. 5 failures in a row lock the account for 15 minutes (429 with Retry-After).',
  })
  async login(@Body() body: SignInRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    try {
      const result = await this.signIns.signIn(body.email, body.password, { address: request.ip ?? null });
      response.cookie(TOKEN_COOKIE, result.token, tokenCookieOptions(Math.floor((Date.parse(result.expiresAt) - Date.now()) / 1000), this.config.production));
      return result;
    } catch (error) {
      if (error instanceof AccountLockedException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Public()
  @Get('session')
  @ApiOperation({
    summary:
      'The token of the sign-in cookie {token, expiresAt}, for the pages after a sign-in that ended in a redirect (OpenID Connect); {token: null} without a valid cookie',
  })
  async session(@Req() request: Request): Promise<{ token: string | null; expiresAt: string | null }> {
    const token = (request.cookies as Record<string, unknown> | undefined)?.[TOKEN_COOKIE];
    if (typeof token !== 'string' || !token) return { token: null, expiresAt: null };
    return (await this.signIns.cookieSession(token)) ?? { token: null, expiresAt: null };
  }

  @Public()
  @SignInRoute()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Asks for a password-reset link {email}: always 202 with the same answer (no one learns which addresses have accounts); an active account with a password gets a one-time link, valid 1 hour, by e-mail',
  })
  async requestPasswordReset(@Body() body: PasswordResetRequest, @Req() request: Request): Promise<{ message: string }> {
    await this.resets.request(body.email, { address: request.ip ?? null });
    return { message: 'Nếu địa chỉ e-mail này có tài khoản, một thư hướng dẫn đặt lại mật khẩu đã được gửi đến. Liên kết có hiệu lực trong 60 phút.' };
  }

  @Public()
  @SignInRoute()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sets a new password with the token of a reset link {token, password}; the link then stops working (400 naming token when invalid, used or expired)' })
  async confirmPasswordReset(@Body() body: PasswordResetConfirmRequest, @Req() request: Request): Promise<void> {
    await this.resets.confirm(body.token, body.password, { address: request.ip ?? null });
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Signs the pages out: clears the token cookie' })
  logout(@Res({ passthrough: true }) response: Response): void {
    const { maxAge: _maxAge, ...options } = tokenCookieOptions(0, this.config.production);
    response.clearCookie(TOKEN_COOKIE, options);
  }
}
