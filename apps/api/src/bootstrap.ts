// Builds the Nest application: one place for prefixes, OpenAPI and shutdown hooks, used by main and by tests.
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { rateLimit } from 'express-rate-limit';
import { ERROR_MESSAGES_FR } from './common/error-messages.fr.js';
import { AppModule } from './app.module.js';
import { type AppConfig } from '#application';

export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: options.logger ?? undefined });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.use(cookieParser());
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
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('À la carte')
      .setDescription('Adhésions des communes aux services communs de l’EPCI')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
