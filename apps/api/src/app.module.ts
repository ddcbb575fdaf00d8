import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import {
  AdhesionQueries,
  ApplyEventUseCase,
  CatalogueQueries,
  CreateAdhesionUseCase,
  IdempotencyStore,
  UpdateDraftUseCase,
} from '#application';
import { AdhesionsController } from './adhesions/adhesions.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { DomainExceptionFilter } from './common/domain-exception.filter.js';
import { APP_CONFIG, type AppConfig } from '#application';
import { DatabaseModule } from './database.module.js';
import { HealthController } from './health/health.controller.js';
import { WorkflowController } from './workflow/workflow.controller.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config),
        JwtModule.register({ secret: config.jwtSecret, signOptions: { expiresIn: '12h' } }),
      ],
      controllers: [HealthController, WorkflowController, AuthController, CatalogueController, AdhesionsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        AuthService,
        IdempotencyStore,
        CreateAdhesionUseCase,
        UpdateDraftUseCase,
        ApplyEventUseCase,
        AdhesionQueries,
        CatalogueQueries,
      ],
      exports: [APP_CONFIG],
    };
  }
}
