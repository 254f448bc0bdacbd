import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { LoggerModule } from 'nestjs-pino';

/** Nest's log levels and pino's. */
const PINO_LEVELS: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Structured JSON logs (pino): every line of a request carries its `reqId` (the caller's `X-Request-Id`, else a new
 * UUID, echoed in the answer), the signed-in `user`, and the `workflowId` the request reached (TemporalGateway adds
 * it); `LOG_FORMAT=pretty` (what `npm start` sets) prints them readable for a terminal.
 */
export function loggingModule(config: AppConfig) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: PINO_LEVELS[config.logLevel],
      genReqId: (request, response) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (request: IncomingMessage & { user?: { sub?: string; role?: string } }) =>
        request.user ? { user: request.user.sub, role: request.user.role } : {},
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(config.logFormat === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res' } } }
        : {}),
    },
    // The workflow id the gateway assigns reaches the request's completion line too.
    assignResponse: true,
    exclude: [{ method: RequestMethod.GET, path: 'metrics' }],
  });
}
