import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { CoreModule } from '#application';
import { PersistenceModule } from '#persistence';
import { SchedulingModule, TimeWorkerModule } from '#scheduling';
import { AdhesionsController } from './adhesions/adhesions.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService, JWT_AUDIENCE, JWT_ISSUER, JWT_LIFETIME_SECONDS } from './auth/auth.service.js';
import { LoginLockout } from './auth/login-lockout.js';
import { UsersController } from './admin/users.controller.js';
import { CatalogueController } from './catalogue/catalogue.controller.js';
import { MoneyController } from './money/money.controller.js';
import { ExportsController } from './money/exports.controller.js';
import { DomainExceptionFilter } from './common/domain-exception.filter.js';
import { type AppConfig } from '#application';
import { HealthController } from './health/health.controller.js';
import { WorkflowController } from './workflow/workflow.controller.js';
import { ClockController } from './admin/clock.controller.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { InboxController } from './inbox/inbox.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationTemplatesController } from './notifications/notification-templates.controller.js';
import { DocumentsController } from './documents/documents.controller.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { OperationsModule } from './operations/operations.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CoreModule.forRoot(config, PersistenceModule.forRoot(config.database)),
        SchedulingModule,
        // `npm start` runs the worker's processors in the same process (ALACARTE_ROLE=all).
        ...(config.role === 'all' ? [TimeWorkerModule] : []),
        OperationsModule.forRoot(config),
        // A KeyObject, not a string: jsonwebtoken then skips re-deriving the key at every check (284 µs → 8 µs, PERFORMANCE.md P1).
        // HS256 only; `exp`, `aud` and `iss` are set here and required at every check (auth.service.ts).
        JwtModule.register({
          secret: createSecretKey(Buffer.from(config.jwtSecret)) as never,
          signOptions: { algorithm: 'HS256', expiresIn: JWT_LIFETIME_SECONDS, audience: JWT_AUDIENCE, issuer: JWT_ISSUER },
          verifyOptions: { algorithms: ['HS256'], audience: JWT_AUDIENCE, issuer: JWT_ISSUER },
        }),
      ],
      controllers: [
        HealthController,
        WorkflowController,
        AuthController,
        CatalogueController,
        ExportsController,
        MoneyController,
        AdhesionsController,
        DocumentsController,
        AttachmentsController,
        NotificationsController,
        NotificationTemplatesController,
        ClockController,
        UsersController,
        InboxController,
        ReportsController,
        CalendarController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        AuthService,
        LoginLockout,
      ],
    };
  }
}
