import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import { runMigrations } from '@giaoviec/persistence';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createValidationPipe } from './common/validation';
import { PLAN_YAML_MEDIA_TYPES } from './plans/plan-import.service';

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the API application (used by main.ts and by the end-to-end tests). Migrations run before it serves. */
export async function createApiApp(
  config: AppConfig & { databaseUrl: string; temporalAddress: string },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
    bodyParser: true,
  });
  app.setGlobalPrefix('api');
  // Plan files may be posted as YAML text (POST /api/plans); JSON keeps Nest's default parser.
  app.useBodyParser('text', { type: PLAN_YAML_MEDIA_TYPES, limit: '2mb' });
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

  // The web pages (apps/web: static files, no build step) at `/`. apps/web has no api/ folder, so
  // every /api path falls through to the routes (and unknown ones to the JSON 404).
  const webRoot = findWebRoot();
  if (webRoot) {
    app.useStaticAssets(webRoot, { index: 'index.html', fallthrough: true, redirect: false, maxAge: 0, dotfiles: 'ignore' });
  }

  await runMigrations(app.get(DataSource));
  return app;
}

/**
 * apps/web, from the sources (ts-node, tests: apps/api/src → apps/web) or from `dist/` (the build
 * copies it to dist/apps/web; a build without the copy falls back to the repository's apps/web).
 */
function findWebRoot(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../web'), path.resolve(__dirname, '../../../../apps/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}
