import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@giaoviec/domain';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
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
  constructor(private readonly dataSource: DataSource) {}

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
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (subject, key, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (subject, key) DO UPDATE SET created_at = now()
         WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
           AND idempotency_keys.created_at < now() - interval '${ABANDONED_CLAIM_MINUTES} minutes'
       RETURNING key`,
      [subject, key, request.method, path, requestHash],
    );
    if (claimed.length === 0) {
      const [previous] = await this.dataSource.query(
        `SELECT request_hash, status_code, response FROM idempotency_keys WHERE subject = $1 AND key = $2`,
        [subject, key],
      );
      if (previous.request_hash !== requestHash) {
        throw new DomainError('CONFLICT', 'Idempotency-Key này đã được dùng cho một yêu cầu khác.');
      }
      if (previous.status_code === null) {
        throw new DomainError('CONFLICT', 'Yêu cầu với Idempotency-Key này đang được xử lý, vui lòng thử lại sau.');
      }
      throw new ReplayedResponse(previous.status_code, previous.response);
    }

    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.remember(subject, key, response.statusCode, result ?? null);
      return result;
    } catch (error) {
      const body = toErrorBody(error);
      if (body.statusCode < 500) await this.remember(subject, key, body.statusCode, body);
      else await this.dataSource.query(`DELETE FROM idempotency_keys WHERE subject = $1 AND key = $2`, [subject, key]);
      throw error;
    }
  }

  private async remember(subject: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE subject = $1 AND key = $2`,
      [subject, key, statusCode, JSON.stringify(body)],
    );
  }
}
