import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@giaoviec/domain';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Observable, from, lastValueFrom } from 'rxjs';
import { IdempotencyRepository, type IdempotencyScope } from '@giaoviec/persistence';
import { toErrorBody } from './error-response';
import { runWithIdempotencyIdentity } from './request-idempotency';
import type { AuthenticatedRequest } from '../auth/auth.types';

/** Thrown to answer a repeated request with the first answer (the exception filter writes it). */
export class ReplayedResponse {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {}
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A claim not renewed for this long belongs to a process that died; renewed at a third of it while served. */
const ABANDONED_CLAIM_SECONDS = 15;
const CLAIM_RENEWAL_MS = 5_000;

/**
 * `Idempotency-Key` on any mutating request: the first answer (success or client error) is kept
 * per principal (sub, role, agency), route and key, and a repeat gets it back without doing anything
 * again — so a replay never returns what another role or agency of the same `sub` could read. A server
 * error keeps nothing, so the client may retry. Reusing a key for a different request is refused.
 * Anonymous callers (sign-in, tokens) get no idempotency: their answers (tokens) are never stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & Partial<AuthenticatedRequest>>();
    const key = request.header('idempotency-key');
    if (!key || !MUTATING.has(request.method) || !request.user) return next.handle();
    return from(this.handle(request as Request & AuthenticatedRequest, context.switchToHttp().getResponse<Response>(), key, next));
  }

  private async handle(
    request: Request & AuthenticatedRequest,
    response: Response,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length > 255) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key quá dài (tối đa 255 ký tự).', [
        { path: 'Idempotency-Key', message: 'tối đa 255 ký tự' },
      ]);
    }
    const { sub, role, agency } = request.user;
    const scope: IdempotencyScope = { subject: sub, role, agency: agency ?? '', method: request.method, path: request.originalUrl.split('?')[0], key };
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, request.originalUrl, request.body ?? null]))
      .digest('hex');

    // A claim neither answered nor renewed for seconds belongs to a request whose process died: take it over
    // (the client's retry then goes through, and what it sends to a workflow is deduplicated there).
    const claimed = await this.keys.claim(scope, requestHash, ABANDONED_CLAIM_SECONDS);
    if (!claimed) {
      const previous = await this.keys.find(scope);
      if (previous?.requestHash !== requestHash) {
        throw new DomainError('CONFLICT', 'Idempotency-Key này đã được dùng cho một yêu cầu khác.');
      }
      if (previous.statusCode === null) {
        throw new DomainError('CONFLICT', 'Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau.');
      }
      throw new ReplayedResponse(previous.statusCode, previous.response);
    }

    const renewal = setInterval(() => void this.keys.renew(scope).catch(() => undefined), CLAIM_RENEWAL_MS);
    try {
      const result = await runWithIdempotencyIdentity(scope, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
      clearInterval(renewal);
      await this.keys.remember(scope, response.statusCode, result ?? null);
      return result;
    } catch (error) {
      clearInterval(renewal);
      const body = toErrorBody(error);
      if (body.statusCode < 500) await this.keys.remember(scope, body.statusCode, body);
      else await this.keys.release(scope);
      throw error;
    }
  }
}
