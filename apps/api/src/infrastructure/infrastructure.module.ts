import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@giaoviec/config';
import { PersistenceModule } from '@giaoviec/persistence';
import { connectTemporalClient, ensureSearchAttributes } from '@giaoviec/temporal';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../common/tokens';
import { TemporalGateway } from '../temporal/temporal.gateway';

/** PostgreSQL (every repository, through PersistenceModule) and Temporal, shared by every feature module; Temporal only through its gateway. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly temporal: Client) {}

  static forRoot(config: AppConfig & { databaseUrl: string; temporalAddress: string }) {
    return {
      module: InfrastructureModule,
      imports: [PersistenceModule.forRoot(config.databaseUrl)],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: Client,
          useFactory: async () => {
            const client = await connectTemporalClient(config.temporalAddress, config.temporalNamespace);
            await ensureSearchAttributes(client.connection, config.temporalNamespace);
            return client;
          },
        },
        TemporalGateway,
      ],
      exports: [APP_CONFIG, TemporalGateway],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
  }
}
