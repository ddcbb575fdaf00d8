// Builds the Nest application: one place for prefixes, OpenAPI and shutdown hooks, used by main and by tests.
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module.js';
import { type AppConfig } from './config/app-config.js';

export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: options.logger ?? undefined });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.use(cookieParser());
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
