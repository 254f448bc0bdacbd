import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@giaoviec/domain';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Observable, from, lastValueFrom } from 'rxjs';
import { IdempotencyRepository } from '@giaoviec/persistence';
import { toErrorBody } from './error-response';
import type { AuthenticatedRequest } from '../auth/auth.types';

/** Thrown to answer a repeated request with the first answer (the exception filter writes it). */
export class ReplayedResponse {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {}
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ABANDONED_CLAIM_MINUTES = 5;

/**
 * `Idempotency-Key` on any mutating request: the first answer (success or client error) is kept
 * per user and key, and a repeat gets it back without doing anything again. A server error keeps
 * nothing, so the client may retry. Reusing a key for a different request is refused.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & Partial<AuthenticatedRequest>>();
    const key = request.header('idempotency-key');
    if (!key || !MUTATING.has(request.method)) return next.handle();
    return from(this.handle(request, context.switchToHttp().getResponse<Response>(), key, next));
  }

  private async handle(
    request: Request & Partial<AuthenticatedRequest>,
    response: Response,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length > 255) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key quá dài (tối đa 255 ký tự).', [
        { path: 'Idempotency-Key', message: 'tối đa 255 ký tự' },
      ]);
    }
    const subject = request.user?.sub ?? 'anonymous';
    const path = request.originalUrl.split('?')[0];
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, request.originalUrl, request.body ?? null]))
      .digest('hex');

    // A claim left unanswered for minutes belongs to a request whose process died: take it over.
    const claimed = await this.keys.claim({ subject, key, method: request.method, path, requestHash }, ABANDONED_CLAIM_MINUTES);
    if (!claimed) {
      const previous = await this.keys.find(subject, key);
      if (previous?.requestHash !== requestHash) {
        throw new DomainError('CONFLICT', 'Idempotency-Key này đã được dùng cho một yêu cầu khác.');
      }
      if (previous.statusCode === null) {
        throw new DomainError('CONFLICT', 'Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau.');
      }
      throw new ReplayedResponse(previous.statusCode, previous.response);
    }

    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.keys.remember(subject, key, response.statusCode, result ?? null);
      return result;
    } catch (error) {
      const body = toErrorBody(error);
      if (body.statusCode < 500) await this.keys.remember(subject, key, body.statusCode, body);
      else await this.keys.release(subject, key);
      throw error;
    }
  }
}
