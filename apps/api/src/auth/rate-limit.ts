import { ExecutionContext, HttpException, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '@giaoviec/config';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from './auth.types';

const SIGN_IN_ROUTE = 'giaoviec:signInRoute';

/** A route that hands out tokens (sign-in, dev token): limited per address by RATE_LIMIT_SIGN_IN. */
export const SignInRoute = () => SetMetadata(SIGN_IN_ROUTE, true);

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Three limits over RATE_LIMIT_WINDOW_SECONDS: token routes per address; every other mutating
 * request per signed-in user and per address. Reads are not limited.
 */
export function rateLimitOptions(config: AppConfig): ThrottlerModuleOptions {
  const ttl = config.rateLimits.windowSeconds * 1000;
  const isSignIn = (context: ExecutionContext) =>
    Boolean(Reflect.getMetadata(SIGN_IN_ROUTE, context.getHandler()) ?? Reflect.getMetadata(SIGN_IN_ROUTE, context.getClass()));
  const isRead = (context: ExecutionContext) => READ_METHODS.has(context.switchToHttp().getRequest<Request>().method);
  const address = (request: Record<string, unknown>) => `address:${String((request as unknown as Request).ip ?? 'unknown')}`;
  return {
    setHeaders: false,
    throttlers: [
      { name: 'sign-in', limit: config.rateLimits.signIn, ttl, getTracker: address, skipIf: (context) => !isSignIn(context) },
      {
        name: 'user',
        limit: config.rateLimits.mutationsPerUser,
        ttl,
        getTracker: (request) => `user:${(request as unknown as AuthenticatedRequest).user.sub}`,
        skipIf: (context) => isRead(context) || isSignIn(context) || !context.switchToHttp().getRequest<Partial<AuthenticatedRequest>>().user,
      },
      { name: 'address', limit: config.rateLimits.mutationsPerAddress, ttl, getTracker: address, skipIf: (context) => isRead(context) || isSignIn(context) },
    ],
  };
}

/** Runs after the AuthGuard (it needs the user); answers 429 with `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(`Quá nhiều yêu cầu, vui lòng thử lại sau ${retryAfter} giây.`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
