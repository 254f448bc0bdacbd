import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadServiceConfig } from '@giaoviec/config';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadServiceConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  new Logger('api').log(`giaoviec API listening on http://${config.host}:${config.port}/api (auth mode: ${config.authMode})`);
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
