import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@giaoviec/config';
import { DomainError, ROLES, type Role } from '@giaoviec/domain';
import { JWTPayload, SignJWT, createRemoteJWKSet, jwtVerify } from 'jose';
import { UnauthenticatedException } from '../common/api-exceptions';
import { APP_CONFIG } from '../common/tokens';
import type { AuthUser } from './auth.types';

const ISSUER = 'giaoviec';

/** Verifies bearer tokens (a shared secret or a JWKS URL) and, in dev mode, issues them. */
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

  async issueDevToken(user: AuthUser): Promise<string> {
    if (this.config.authMode !== 'dev' || !this.secret) throw new DomainError('NOT_FOUND', 'Không tìm thấy đường dẫn này.');
    return new SignJWT({ name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.sub)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(this.secret);
  }

  async verify(token: string): Promise<AuthUser> {
    let payload: JWTPayload;
    try {
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks)).payload
        : (await jwtVerify(token, this.secret!, { algorithms: ['HS256'] })).payload;
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
      sub: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      role,
      ...(typeof payload.agency === 'string' ? { agency: payload.agency } : {}),
    };
  }
}
