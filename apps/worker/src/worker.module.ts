import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { PersistenceModule } from '@giaoviec/persistence';

/** The worker's Nest context: what activities need, injected (see activities/createActivities). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return { module: WorkerModule, imports: [PersistenceModule.forRoot(config.databaseUrl)] };
  }
}
