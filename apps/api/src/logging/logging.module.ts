import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { pinoOptions } from '@giaoviec/infra';
import { LoggerModule } from 'nestjs-pino';

/**
 * Structured JSON logs (pino): every line of a request carries its `reqId` (the caller's `X-Request-Id`, else a new
 * UUID, echoed in the answer), the signed-in `user`, and the `workflowId` the request reached (TemporalGateway adds
 * it); the level and format are the worker's too (libs/infra/src/logging.ts).
 */
export function loggingModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...pinoOptions(config, 'api'),
      genReqId: (request, response) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (request: IncomingMessage & { user?: { sub?: string; role?: string } }) =>
        request.user ? { user: request.user.sub, role: request.user.role } : {},
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    // The workflow id the gateway assigns reaches the request's completion line too.
    assignResponse: true,
    exclude: [{ method: RequestMethod.GET, path: 'metrics' }],
  });
}
