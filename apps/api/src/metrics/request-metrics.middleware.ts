import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Times every request and counts it by its route pattern once answered. */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path;
      const pattern = route ? `${request.baseUrl}${route}` : 'unmatched';
      this.metrics.observeRequest(request.method, pattern, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
