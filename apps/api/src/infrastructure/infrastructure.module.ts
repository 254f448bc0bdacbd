import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@giaoviec/config';
import { openDataSource } from '@giaoviec/persistence';
import { connectTemporalClient } from '@giaoviec/temporal';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/tokens';

/** PostgreSQL and the Temporal client, shared by every feature module. */
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
      ],
      exports: [APP_CONFIG, DataSource, Client],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
