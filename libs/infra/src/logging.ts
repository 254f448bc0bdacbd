import pino, { type Logger, type LoggerOptions } from 'pino';
import type { LogLevel as TemporalLogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

/** LOG_LEVEL (Nest's level names) and LOG_FORMAT, as libs/config reads them. */
export interface LogSettings {
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  logFormat: 'json' | 'pretty';
}

/** Nest's log levels and pino's. */
const PINO_LEVELS: Record<LogSettings['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * The one logger configuration of the API and the worker: JSON lines (pino) at LOG_LEVEL, named by
 * the service; `LOG_FORMAT=pretty` (what `npm start` sets) prints them readable for a terminal.
 */
export function pinoOptions(settings: LogSettings, service: 'api' | 'worker'): LoggerOptions {
  return {
    name: service,
    level: PINO_LEVELS[settings.logLevel],
    ...(settings.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name,req,res' } } }
      : {}),
  };
}

export function createPinoLogger(settings: LogSettings, service: 'api' | 'worker'): Logger {
  return pino(pinoOptions(settings, service));
}

const TEMPORAL_TO_PINO: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * The Temporal SDK's logger (`Runtime.install({ logger })`) writing through pino. The SDK gives each
 * line its attributes: an activity's `workflowId`, `workflowRunId`, `activityType`, `attempt`; a
 * workflow's `workflowId`, `runId`, `workflowType`; the worker's `sdkComponent` and `taskQueue`.
 */
export function temporalPinoLogger(logger: Logger): TemporalLogger {
  const write = (level: TemporalLogLevel, message: string, meta?: LogMetadata) => {
    // Symbol keys (the SDK's own timestamp) are not JSON; pino leaves them out anyway.
    logger[TEMPORAL_TO_PINO[level]]({ ...meta }, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/**
 * Which of the SDK core's own (Rust) log lines are forwarded to the logger: at LOG_LEVEL=log its INFO
 * lines are start-up chatter, so warnings only; its DEBUG lines (every poll) only at verbose.
 */
export function temporalCoreLogFilter(settings: LogSettings): { core: TemporalLogLevel; other: TemporalLogLevel } {
  switch (settings.logLevel) {
    case 'error':
      return { core: 'ERROR', other: 'ERROR' };
    case 'debug':
      return { core: 'INFO', other: 'WARN' };
    case 'verbose':
      return { core: 'DEBUG', other: 'INFO' };
    default:
      return { core: 'WARN', other: 'ERROR' };
  }
}
