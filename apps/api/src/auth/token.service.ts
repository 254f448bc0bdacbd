import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@giaoviec/config';
import { DomainError, ROLES, type Role } from '@giaoviec/domain';
import { JWTPayload, SignJWT, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { UnauthenticatedException } from '../common/api-exceptions';
import { APP_CONFIG } from '../common/tokens';
import type { AuthUser } from './auth.types';

export interface VerifiedToken {
  user: AuthUser;
  /** Signed by giaoviec for a built-in account: `user.sub` is the account's id. */
  account: boolean;
  /** `iat`, in seconds since the epoch, when the token carries it. */
  issuedAt?: number;
}

/** Lifetime of the tokens giaoviec signs (the issue caps it at 12 h). */
export const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * Signs giaoviec's own tokens (HS256 with JWT_SECRET) and verifies bearer tokens: its own, or an
 * identity provider's through JWT_JWKS_URL. Every token must carry `exp` and the configured `iss`/`aud`.
 */
@Injectable()
export class TokenService {
  private readonly secret?: Uint8Array;
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.jwtSecret) this.secret = new TextEncoder().encode(config.jwtSecret);
    if (config.jwtJwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwtJwksUrl));
  }

  get authMode(): 'dev' | 'jwt' {
    return this.config.authMode;
  }

  /** Built-in accounts need a signing secret; with only JWT_JWKS_URL the identity provider signs. */
  get canSign(): boolean {
    return this.secret !== undefined;
  }

  async issueDevToken(user: AuthUser): Promise<string> {
    if (this.config.authMode !== 'dev' || !this.secret) throw new DomainError('NOT_FOUND', 'Không tìm thấy đường dẫn này.');
    return this.sign(user);
  }

  get lifetimeSeconds(): number {
    return TOKEN_LIFETIME_SECONDS;
  }

  /**
   * A token giaoviec signs. `account`: the token of a built-in account (`sub` is its id), checked against
   * the account on every request, so that deactivation and role changes take effect at once.
   */
  async sign(user: AuthUser, options: { account?: boolean } = {}): Promise<string> {
    if (!this.secret) throw new DomainError('NOT_FOUND', 'Không tìm thấy đường dẫn này.');
    return new SignJWT({ name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}), ...(options.account ? { account: true } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.sub)
      .setIssuer(this.config.jwtIssuer)
      .setAudience(this.config.jwtAudience)
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_LIFETIME_SECONDS}s`)
      .sign(this.secret);
  }

  async verify(token: string): Promise<VerifiedToken> {
    let payload: JWTPayload;
    const options = {
      issuer: this.config.jwtIssuer,
      audience: this.config.jwtAudience,
      clockTolerance: this.config.jwtClockToleranceSeconds,
      requiredClaims: ['exp', 'sub'],
    };
    let symmetric = false;
    try {
      symmetric = decodeProtectedHeader(token).alg === 'HS256';
      if (symmetric && this.secret) payload = (await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] })).payload;
      else if (!symmetric && this.jwks) payload = (await jwtVerify(token, this.jwks, options)).payload;
      else throw new Error('no key for this algorithm');
    } catch {
      throw new UnauthenticatedException('Mã xác thực không hợp lệ hoặc đã hết hạn.');
    }
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || !ROLES.includes(role)) {
      throw new UnauthenticatedException('Mã xác thực thiếu thông tin người dùng (sub, role).');
    }
    if (role === 'agency' && typeof payload.agency !== 'string') {
      throw new UnauthenticatedException('Mã xác thực của cơ quan phải có mã cơ quan (agency).');
    }
    return {
      user: {
        sub: payload.sub,
        name: typeof payload.name === 'string' ? payload.name : payload.sub,
        role,
        ...(typeof payload.agency === 'string' ? { agency: payload.agency } : {}),
      },
      // Only giaoviec's own signature vouches for an account id.
      account: symmetric && payload.account === true,
      ...(typeof payload.iat === 'number' ? { issuedAt: payload.iat } : {}),
    };
  }
}
