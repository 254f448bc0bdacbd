import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 while an account is locked after too many failed sign-ins; Retry-After says for how long. */
export class AccountLockedException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(lockedUntil: string) {
    super('Đăng nhập sai quá nhiều lần: tài khoản tạm khóa, vui lòng thử lại sau.', HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterSeconds = Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - Date.now()) / 1000));
  }
}
