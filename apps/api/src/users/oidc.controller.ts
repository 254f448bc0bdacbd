import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import type { CookieOptions, Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { SignInRoute } from '../auth/rate-limit';
import { TOKEN_COOKIE, tokenCookieOptions } from '../auth/token-cookie';
import { APP_CONFIG } from '../common/tokens';
import { OIDC_STATE_LIFETIME_SECONDS, OidcSignInRefused, OidcSignInService } from './oidc-sign-in.service';

/** The PKCE verifier, state and nonce between the two redirects (encrypted). */
export const OIDC_STATE_COOKIE = 'giaoviec_oidc';

/** Where the browser lands afterwards: the sign-in page, which finishes (or explains why not). */
const SIGN_IN_PAGE = '/#/dang-nhap';

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SignInRoute()
  @Get('login')
  @ApiOperation({ summary: 'Starts sign-in through the OpenID provider (OIDC_ISSUER): 302 to its authorization endpoint (code flow with PKCE); back to the sign-in page with ?loi= when it is not configured or does not answer' })
  async login(@Res() response: Response): Promise<void> {
    if (!this.oidc.enabled) {
      response.redirect(302, `${SIGN_IN_PAGE}?loi=oidc_off`);
      return;
    }
    try {
      const { url, state } = await this.oidc.begin();
      response.cookie(OIDC_STATE_COOKIE, state, this.stateCookieOptions(OIDC_STATE_LIFETIME_SECONDS));
      response.redirect(302, url);
    } catch {
      // The provider does not answer its discovery document: say so on the sign-in page.
      response.redirect(302, `${SIGN_IN_PAGE}?loi=oidc_unavailable`);
    }
  }

  @Public()
  @SignInRoute()
  @Get('callback')
  @ApiOperation({
    summary: 'Where the OpenID provider sends the browser back: maps the person to a giaoviec account (provider subject, else verified e-mail), sets the sign-in cookie and redirects to the pages; unknown or deactivated accounts are refused',
  })
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const { maxAge: _maxAge, ...clearOptions } = this.stateCookieOptions(0);
    response.clearCookie(OIDC_STATE_COOKIE, clearOptions);
    if (!this.oidc.enabled) {
      response.redirect(302, `${SIGN_IN_PAGE}?loi=oidc_off`);
      return;
    }
    const cookie = (request.cookies as Record<string, unknown> | undefined)?.[OIDC_STATE_COOKIE];
    try {
      const result = await this.oidc.finish(new URL(request.originalUrl, 'http://callback.invalid'), typeof cookie === 'string' ? cookie : undefined, {
        address: request.ip ?? null,
      });
      response.cookie(TOKEN_COOKIE, result.token, tokenCookieOptions(Math.floor((Date.parse(result.expiresAt) - Date.now()) / 1000), this.config.production));
      response.redirect(302, `${SIGN_IN_PAGE}?oidc=1`);
    } catch (error) {
      if (!(error instanceof OidcSignInRefused)) throw error;
      response.redirect(302, `${SIGN_IN_PAGE}?loi=oidc_${error.reason}`);
    }
  }

  /** SameSite=Lax: the callback is a top-level navigation coming from the provider's site. */
  private stateCookieOptions(maxAgeSeconds: number): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.production, path: '/api/auth/oidc', maxAge: maxAgeSeconds * 1000 };
  }
}
