import { Injectable } from '@nestjs/common';
import { DomainError } from '@giaoviec/domain';
import { AuditLogStore, UserStore } from '@giaoviec/persistence';
import { verify } from '@node-rs/argon2';
import { decodeJwt } from 'jose';
import { TokenService } from '../auth/token.service';
import { UnauthenticatedException } from '../common/api-exceptions';
import { AccountLockedException } from './account-locked.exception';
import { hashPassword, type RequestOrigin } from './users.service';

/** The 5th failed sign-in in a row locks the account for 15 minutes (and the count starts again). */
export const MAX_FAILED_SIGN_INS = 5;
export const SIGN_IN_LOCK_SECONDS = 15 * 60;

/** Compared against when the e-mail is unknown, so that the answer takes as long as for a known one. */
const UNKNOWN_USER_HASH = hashPassword('giaoviec-no-such-user-password');

/** Built-in accounts sign in with e-mail and password: a token, or one answer for every failure. */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UserStore,
    private readonly audit: AuditLogStore,
    private readonly tokens: TokenService,
  ) {}

  async signIn(email: string, password: string, origin: RequestOrigin): Promise<{ token: string; expiresAt: string }> {
    if (!this.tokens.canSign) throw new DomainError('NOT_FOUND', 'Không tìm thấy đường dẫn này.');
    const user = await this.users.findCredentials(email.trim());
    const failure = (reason: string) =>
      this.audit.append({ action: 'sign_in_failed', actor: email.slice(0, 254), target: user?.id ?? null, address: origin.address, details: { reason } });
    if (user?.lockedUntil && new Date(user.lockedUntil) > new Date()) {
      await this.audit.append({ action: 'sign_in_locked', actor: user.email, target: user.id, address: origin.address });
      throw new AccountLockedException(user.lockedUntil);
    }
    const matches = await verify(user?.passwordHash ?? (await UNKNOWN_USER_HASH), password).catch(() => false);
    if (!user || !user.passwordHash || !matches || !user.active) {
      await failure(!user ? 'unknown_email' : !user.passwordHash ? 'no_password' : !matches ? 'wrong_password' : 'inactive');
      if (user && user.passwordHash && !matches) {
        const { lockedUntil } = await this.users.recordFailedSignIn(user.id, MAX_FAILED_SIGN_INS, SIGN_IN_LOCK_SECONDS);
        if (lockedUntil) throw new AccountLockedException(lockedUntil);
      }
      throw new UnauthenticatedException('E-mail hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.');
    }
    await this.users.recordSignIn(user.id);
    await this.audit.append({ action: 'sign_in', actor: user.email, target: user.id, address: origin.address });
    const token = await this.tokens.sign({ sub: user.id, name: user.name, role: user.role, ...(user.agency ? { agency: user.agency } : {}) }, { account: true });
    return { token, expiresAt: new Date(Date.now() + this.tokens.lifetimeSeconds * 1000).toISOString() };
  }

  /** The cookie's token, when it is valid and its account still active (as the guard checks it). */
  async cookieSession(token: string): Promise<{ token: string; expiresAt: string } | undefined> {
    const verified = await this.tokens.verify(token).catch(() => undefined);
    if (!verified) return undefined;
    if (verified.account && !(await this.users.findById(verified.user.sub))?.active) return undefined;
    const { exp } = decodeJwt(token);
    return { token, expiresAt: new Date((exp ?? 0) * 1000).toISOString() };
  }
}
