import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorBody } from './error-response';
import { ReplayedResponse } from './idempotency.interceptor';

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ReplayedResponse) {
      response.setHeader('Idempotent-Replayed', 'true');
      response.status(exception.statusCode).json(exception.body);
      return;
    }
    const body = toErrorBody(exception);
    response.status(body.statusCode).json(body);
  }
}
