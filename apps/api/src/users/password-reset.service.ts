import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { DomainError, PASSWORD_RESET_TTL_SECONDS, passwordResetMail } from '@giaoviec/domain';
import { AuditLogStore, PasswordResetStore, UserStore } from '@giaoviec/persistence';
import { createHash, randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../common/tokens';
import { hashPassword, type RequestOrigin } from './users.service';

/** One reset mail per account and minute, however often the form is sent. */
const RESEND_AFTER_SECONDS = 60;

const sha256 = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Password reset by e-mail link: a request always gets the same answer (nobody learns which addresses
 * have accounts); an active account with a password gets a one-time link valid for an hour, mailed
 * through the notification outbox; the link sets a new password once. Every step is audited.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UserStore,
    private readonly resets: PasswordResetStore,
    private readonly audit: AuditLogStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.jwtSecret && this.config.delivery.smtpUrl);
  }

  async request(email: string, origin: RequestOrigin): Promise<void> {
    if (!this.enabled) throw new DomainError('NOT_FOUND', 'Máy chủ chưa cấu hình gửi thư đặt lại mật khẩu.');
    const user = await this.users.findCredentials(email.trim());
    const outcome = !user ? 'unknown_email' : !user.active ? 'inactive' : !user.passwordHash ? 'no_password' : (await this.resets.requestedWithin(user.id, RESEND_AFTER_SECONDS)) ? 'recently_sent' : 'sent';
    if (user && outcome === 'sent') {
      const token = randomBytes(32).toString('base64url');
      await this.resets.create({
        userId: user.id,
        tokenHash: sha256(token),
        ttlSeconds: PASSWORD_RESET_TTL_SECONDS,
        address: origin.address,
        mail: { to: user.email, toName: user.name, ...passwordResetMail({ publicUrl: this.config.delivery.publicUrl, token, email: user.email }) },
      });
    }
    await this.audit.append({ action: 'password_reset_requested', actor: email.slice(0, 254), target: user?.id ?? null, address: origin.address, details: { outcome } });
  }

  async confirm(token: string, password: string, origin: RequestOrigin): Promise<void> {
    if (!this.enabled) throw new DomainError('NOT_FOUND', 'Máy chủ chưa cấu hình gửi thư đặt lại mật khẩu.');
    const userId = await this.resets.consume(sha256(token));
    const user = userId ? await this.users.findById(userId) : undefined;
    if (!user?.active) {
      throw new DomainError('VALIDATION_FAILED', 'Liên kết đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn.', [
        { path: 'token', message: 'không hợp lệ, đã được dùng hoặc đã hết hạn' },
      ]);
    }
    // A new password also lifts a lock from failed sign-ins (UserStore.update).
    await this.users.update(user.id, { passwordHash: await hashPassword(password) });
    await this.audit.append({ action: 'password_reset', actor: user.email, target: user.id, address: origin.address });
  }
}
