import { Logger as PinoNestLogger } from 'nestjs-pino';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@giaoviec/config';
import { MAX_INPUT_DEPTH } from '@giaoviec/domain';
import { runMigrations } from '@giaoviec/persistence';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { jsonNestsDeeperThan } from './common/json-depth';
import { carryReceivedAt, stampReceivedAt } from './common/received-at';
import { createValidationPipe } from './common/validation';
import { PLAN_YAML_MEDIA_TYPES } from './plans/plan-import.service';

const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Plan files are the largest bodies; every other request is far smaller. */
const BODY_LIMIT = '2mb';

/** Builds the API application (used by main.ts and by the end-to-end tests). Migrations run before it serves. */
export async function createApiApp(
  config: AppConfig & { databaseUrl: string; temporalAddress: string },
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1),
    // Start-up lines wait for the structured logger (nestjs-pino), which then writes every line.
    bufferLogs: true,
    // The parsers are registered below, with their limits.
    bodyParser: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.use(stampReceivedAt());
  app.use(securityHeaders());
  app.use(cookieParser());
  // `inflate: false`: no client of giaoviec compresses bodies, so Content-Encoding is refused (415)
  // instead of unpacking whatever arrives. JSON nesting is limited before parsing (400).
  app.useBodyParser('json', { limit: BODY_LIMIT, inflate: false, verify: refuseDeepJson });
  // Plan files may be posted as YAML text (POST /api/plans).
  app.useBodyParser('text', { type: PLAN_YAML_MEDIA_TYPES, limit: BODY_LIMIT, inflate: false });
  app.use(carryReceivedAt());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');

  if (config.swaggerEnabled) {
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
  }

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
 * helmet's headers; the pages are same-origin ES modules and one stylesheet, so the CSP allows
 * nothing else. The Swagger UI (api/docs) needs inline styles and scripts of its own.
 */
function securityHeaders(): (request: Request, response: Response, next: NextFunction) => void {
  const pages = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  const docs = helmet({
    contentSecurityPolicy: {
      directives: { scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  return (request, response, next) => (request.path.startsWith('/api/docs') ? docs : pages)(request, response, next);
}

function refuseDeepJson(_request: unknown, _response: unknown, body: Buffer): void {
  if (jsonNestsDeeperThan(body)) {
    throw Object.assign(new Error(`Nội dung JSON lồng nhau quá sâu (tối đa ${MAX_INPUT_DEPTH} cấp).`), { status: 400, type: 'entity.too.deep' });
  }
}

/**
 * apps/web, from the sources (ts-node, tests: apps/api/src → apps/web) or from `dist/` (the build
 * copies it to dist/apps/web; a build without the copy falls back to the repository's apps/web).
 */
function findWebRoot(): string | undefined {
  const candidates = [path.resolve(__dirname, '../../web'), path.resolve(__dirname, '../../../../apps/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}
