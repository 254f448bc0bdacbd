import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import { runMigrations } from '@giaoviec/persistence';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the API application (used by main.ts and by the end-to-end tests). Migrations run before it serves. */
export async function createApiApp(
  config: AppConfig & { databaseUrl: string; temporalAddress: string },
): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: true,
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('giaoviec API')
      .setDescription('Giao việc liên cơ quan: kế hoạch, nhiệm vụ, nhắc việc, báo cáo (DESIGN.md §4)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  await runMigrations(app.get(DataSource));
  return app;
}
