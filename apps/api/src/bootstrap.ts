// Builds the Nest application: one place for prefixes, OpenAPI and shutdown hooks, used by main and by tests.
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { rateLimit } from 'express-rate-limit';
import { ERROR_MESSAGES_FR } from './common/error-messages.fr.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppModule } from './app.module.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { AppLogger } from './operations/logging.js';
import { mountOperations } from './operations/operations.http.js';
import { type AppConfig } from '#application';
import { securityHeaders } from './common/security-headers.js';
import { jsonBodiesOnly, limitJsonDepth, sameOriginWrites } from './common/csrf.guard.js';

export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: options.logger ?? undefined, bufferLogs: options.logger !== false });
  if (options.logger !== false) app.useLogger(app.get(AppLogger));
  app.setGlobalPrefix('api', { exclude: ['health'] });
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.use(securityHeaders(config));
  app.use(cookieParser());
  app.use(jsonBodiesOnly, sameOriginWrites(config.publicUrl));
  (app as unknown as { useBodyParser(type: string, options: object): void }).useBodyParser('json', { verify: limitJsonDepth });
  if (config.trustProxy) {
    const value = /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy;
    (app.getHttpAdapter().getInstance() as { set(key: string, value: unknown): void }).set('trust proxy', value);
  }
  // Login attempts per client address and minute; a 429 in the API's error format.
  app.use(
    '/api/auth/login',
    rateLimit({
      windowMs: 60_000,
      limit: config.loginRateLimit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_request, response) =>
        response.status(429).json({ code: 'too_many_requests', message: ERROR_MESSAGES_FR.too_many_requests }),
    }),
  );
  mountOperations(app);
  app.enableShutdownHooks();
  if (config.docs) SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  serveWebApplication(app);
  return app;
}

/** The browser application (apps/web, built by `npm run build:web`), with the SPA's routes falling back to index.html. */
export const WEB_DIST = join(process.cwd(), 'apps/web/dist');

/** The server's own paths: never a file of the web application, nor its index. */
const SERVER_PATH = /^\/(api|docs|docs-json|health)(\/|$)/;

function serveWebApplication(app: INestApplication): void {
  if (!existsSync(join(WEB_DIST, 'index.html'))) return;
  // An API request never looks for a file: no file of the build can answer for a server path, and no GET of the
  // API stats the disk (which measured no difference in CPU, docs/PERFORMANCE.md item 12).
  const assets = express.static(WEB_DIST, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => (SERVER_PATH.test(request.path) ? next() : assets(request, response, next)));
  app.use((request: Request, response: Response, next: NextFunction) => {
    const api = SERVER_PATH.test(request.path);
    if (request.method !== 'GET' || api || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(join(WEB_DIST, 'index.html'));
  });
}
