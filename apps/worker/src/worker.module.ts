import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@giaoviec/config';
import { CalendarStore, PlanStore, ReportingRoundStore, TaskProjectionStore, openDataSource } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';

/** The worker's Nest context: what activities need, injected (see activities/createActivities). */
@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(config: AppConfig & { databaseUrl: string }): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(config.databaseUrl) },
        { provide: TaskProjectionStore, useFactory: (dataSource: DataSource) => new TaskProjectionStore(dataSource), inject: [DataSource] },
        { provide: CalendarStore, useFactory: (dataSource: DataSource) => new CalendarStore(dataSource), inject: [DataSource] },
        { provide: PlanStore, useFactory: (dataSource: DataSource) => new PlanStore(dataSource), inject: [DataSource] },
        { provide: ReportingRoundStore, useFactory: (dataSource: DataSource) => new ReportingRoundStore(dataSource), inject: [DataSource] },
      ],
      exports: [DataSource, TaskProjectionStore, CalendarStore, PlanStore, ReportingRoundStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
