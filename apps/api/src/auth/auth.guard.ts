import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, type Role } from '@giaoviec/domain';
import type { Request } from 'express';
import { UnauthenticatedException } from '../common/api-exceptions';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { AuthenticatedRequest } from './auth.types';
import { TokenService } from './token.service';

/** Global guard: every route needs a valid bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const [scheme, token] = (request.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthenticatedException('Cần đăng nhập: thiếu tiêu đề Authorization: Bearer <token>.');
    }
    request.user = await this.tokens.verify(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new DomainError('FORBIDDEN', 'Vai trò của bạn không được thực hiện thao tác này.');
    }
    return true;
  }
}
