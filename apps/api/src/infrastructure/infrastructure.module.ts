import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@giaoviec/config';
import { PlanStore, ReportingRoundStore, TaskProjectionStore, openDataSource } from '@giaoviec/persistence';
import { connectTemporalClient } from '@giaoviec/temporal';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';

/** The stores of libs/persistence the API injects (until one persistence module provides them all). */
const STORES = [TaskProjectionStore, ReportingRoundStore, PlanStore];

/** PostgreSQL and Temporal, shared by every feature module; Temporal only through its gateway. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  static forRoot(config: AppConfig & { databaseUrl: string; temporalAddress: string }) {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DataSource, useFactory: () => openDataSource(config.databaseUrl) },
        { provide: Client, useFactory: () => connectTemporalClient(config.temporalAddress, config.temporalNamespace) },
        TemporalGateway,
        ...STORES.map((store) => ({ provide: store, useFactory: (dataSource: DataSource) => new store(dataSource), inject: [DataSource] })),
      ],
      exports: [APP_CONFIG, DataSource, TemporalGateway, ...STORES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
