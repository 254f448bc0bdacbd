import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, type Role } from '@giaoviec/domain';
import { AgencyRepository, UserStore } from '@giaoviec/persistence';
import type { Request } from 'express';
import { UnauthenticatedException } from '../common/api-exceptions';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { AuthUser, AuthenticatedRequest } from './auth.types';
import { TOKEN_COOKIE } from './token-cookie';
import { TokenService } from './token.service';

/**
 * Global guard: every route needs a valid token unless marked @Public(); @Roles() narrows it. The
 * token comes as `Authorization: Bearer …` or, for the pages, in the httpOnly sign-in cookie.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserStore,
    private readonly agencies: AgencyRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const token = bearerToken(request) ?? (request.cookies as Record<string, unknown> | undefined)?.[TOKEN_COOKIE];
    if (typeof token !== 'string' || !token) {
      throw new UnauthenticatedException('Cần đăng nhập: thiếu tiêu đề Authorization: Bearer <token>.');
    }
    const verified = await this.tokens.verify(token);
    request.user = verified.account ? await this.currentAccount(verified.user.sub, verified.issuedAt) : verified.user;
    if (request.user.agency) await this.refuseEndedAgency(request.user.agency);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new DomainError('FORBIDDEN', 'Vai trò của bạn không được thực hiện thao tác này.');
    }
    return true;
  }

  /** An agency that a reorganisation ended acts no more: 403 naming its successors (issue 11). */
  private async refuseEndedAgency(agency: string): Promise<void> {
    const ended = await this.agencies.ended(agency);
    if (!ended) return;
    const [year, month, day] = ended.validTo.split('-');
    throw new DomainError(
      'FORBIDDEN',
      `Cơ quan ${agency} không còn tồn tại từ sau ngày ${day}/${month}/${year}; cơ quan kế thừa: ${ended.successorCodes.join(', ') || 'không có'}.`,
      [{ path: 'agency', message: `được kế thừa bởi ${ended.successorCodes.join(', ')}` }],
    );
  }

  /**
   * A built-in account acts with what it is now: deactivation and role changes apply to tokens already issued,
   * and a new password (a reset, or one an admin set) ends the sessions the old one opened.
   */
  private async currentAccount(id: string, issuedAt: number | undefined): Promise<AuthUser> {
    const account = await this.users.findById(id);
    if (!account?.active) throw new UnauthenticatedException('Tài khoản đã bị khóa hoặc không còn tồn tại.');
    if (issuedBeforePasswordChange(issuedAt, account.passwordChangedAt)) {
      throw new UnauthenticatedException('Mật khẩu của tài khoản đã được đổi: đề nghị đăng nhập lại.');
    }
    return { sub: account.id, name: account.name, role: account.role, ...(account.agency ? { agency: account.agency } : {}) };
  }
}

/** `iat` has whole seconds: a token of the very second the password changed still counts as after it. */
export function issuedBeforePasswordChange(issuedAt: number | undefined, passwordChangedAt: string | null): boolean {
  if (!passwordChangedAt) return false;
  if (issuedAt === undefined) return true;
  return issuedAt < Math.floor(Date.parse(passwordChangedAt) / 1000);
}

function bearerToken(request: Request): string | undefined {
  const [scheme, token] = (request.header('authorization') ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? token : undefined;
}
