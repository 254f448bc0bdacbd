import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { PersistenceModule } from '@giaoviec/persistence';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/** The worker's Nest context: what activities need, injected (see activities/createActivities), and its logger. */
@Module({})
export class WorkerModule {
  /** `logger`: the worker's one pino logger, which the Temporal SDK writes through too (main.ts). */
  static forRoot(config: AppConfig & { databaseUrl: string }, logger: Logger): DynamicModule {
    return { module: WorkerModule, imports: [LoggerModule.forRoot({ pinoHttp: { logger } }), PersistenceModule.forRoot(config.databaseUrl)] };
  }
}
