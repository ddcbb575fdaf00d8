// Everything a process needs to run the use cases, whichever process it is (api, worker, cli or all):
// the ports' implementations come from the module given (libs/persistence's in production), the rest here.
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { parisDateOf } from '#domain';
import { AdhesionQueries } from './adhesions/adhesion.queries.js';
import { AttachmentQueries } from './attachments/attachment.queries.js';
import { UploadAttachmentUseCase } from './attachments/upload-attachment/upload-attachment.usecase.js';
import { ApplyEventUseCase } from './adhesions/apply-event/apply-event.usecase.js';
import { CreateAdhesionUseCase } from './adhesions/create-adhesion/create-adhesion.usecase.js';
import { UpdateDraftUseCase } from './adhesions/update-draft/update-draft.usecase.js';
import { RenewConventionUseCase } from './adhesions/renew-convention/renew-convention.usecase.js';
import { CreateUserUseCase } from './admin/create-user/create-user.usecase.js';
import { ImportReferenceUseCase } from './admin/import-reference/import-reference.usecase.js';
import { DemoCredentials } from './admin/seed-demo/demo-credentials.js';
import { SeedDemoUseCase } from './admin/seed-demo/seed-demo.usecase.js';
import { SessionsUseCase } from './auth/sessions/sessions.usecase.js';
import { AuthenticateUseCase } from './auth/authenticate/authenticate.usecase.js';
import { CalendarQueries } from './calendar/calendar.queries.js';
import { RotateCalendarTokenUseCase } from './calendar/rotate-calendar-token/rotate-calendar-token.usecase.js';
import { CatalogueQueries } from './catalogue/catalogue.queries.js';
import { SetUnitCostUseCase } from './catalogue/set-unit-cost/set-unit-cost.usecase.js';
import { ContestUnitsUseCase, MoneyQueries, NotifyUnitCostUseCase, RecordUnitsUseCase } from './money/index.js';
import { UpdateServiceUseCase } from './catalogue/update-service/update-service.usecase.js';
import { AfterCommit } from './common/after-commit.js';
import { Clock, ManualClock, SystemClock } from './common/clock.js';
import { IdempotencyStore } from './common/idempotency.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { GenerateDocumentUseCase } from './documents/generate-document.usecase.js';
import { InboxQueries } from './inbox/inbox.queries.js';
import { Mailer, NoMailer, SmtpMailer } from './notifications/mailer.js';
import { MarkReadUseCase } from './notifications/mark-read/mark-read.usecase.js';
import { NotificationTemplateQueries } from './notifications/templates/notification-template.queries.js';
import { SaveNotificationTemplateUseCase } from './notifications/templates/save-template/save-notification-template.usecase.js';
import { NOTIFY_CONCURRENCY, NOTIFY_LEASE_MS, NotificationDispatcher, PUBLIC_URL } from './notifications/notification-dispatcher.js';
import { NotificationQueries } from './notifications/notification.queries.js';
import { ReportQueries } from './reports/report.queries.js';
import { DeadlineDelivery } from './time/deadline-delivery.js';
import { ReminderSweep } from './time/reminder-sweep.js';
import { TimeSweep } from './time/time-sweep.js';

@Injectable()
class CoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Demo');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly seed: SeedDemoUseCase,
    private readonly credentials: DemoCredentials,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const now = this.clock.now();
    const accounts = await this.seed.execute(Number(parisDateOf(now).slice(0, 4)), now.toISOString());
    if (accounts) {
      this.credentials.remember(accounts);
      // Printed once, here; the login page shows them too while in demo mode.
      const lines = accounts.map((a) => `  ${a.email.padEnd(38)} ${a.password}  (${a.role})`).join('\n');
      this.logger.log(`Demo seeded: two EPCIs with their communes and catalogues, one account per role, with random passwords:\n${lines}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
  }
}

export const USE_CASES = [
  CreateAdhesionUseCase,
  UpdateDraftUseCase,
  ApplyEventUseCase,
  RenewConventionUseCase,
  UpdateServiceUseCase,
  SetUnitCostUseCase,
  NotifyUnitCostUseCase,
  RecordUnitsUseCase,
  ContestUnitsUseCase,
  MarkReadUseCase,
  SaveNotificationTemplateUseCase,
  RotateCalendarTokenUseCase,
  AuthenticateUseCase,
  SessionsUseCase,
  CreateUserUseCase,
  ImportReferenceUseCase,
  SeedDemoUseCase,
  GenerateDocumentUseCase,
  UploadAttachmentUseCase,
  DeadlineDelivery,
  ReminderSweep,
  NotificationDispatcher,
  TimeSweep,
];

export const QUERIES = [AdhesionQueries, AttachmentQueries, CatalogueQueries, NotificationQueries, InboxQueries, ReportQueries, CalendarQueries, MoneyQueries, NotificationTemplateQueries, IdempotencyStore];

@Module({})
export class CoreModule {
  /** `ports`: a global module that provides UnitOfWork, AttachmentStorage, ReferenceSource and DemoData (libs/persistence's PersistenceModule). */
  static forRoot(config: AppConfig, ports: DynamicModule): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [ports],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PUBLIC_URL, useValue: config.publicUrl },
        { provide: NOTIFY_LEASE_MS, useValue: config.notifyLeaseSeconds * 1000 },
        { provide: NOTIFY_CONCURRENCY, useValue: config.notifyConcurrency },
        { provide: Clock, useValue: config.clock === 'manual' ? new ManualClock() : new SystemClock() },
        { provide: Mailer, useValue: config.smtpUrl ? new SmtpMailer({ url: config.smtpUrl, from: config.mailFrom, name: config.smtpName, poolSize: config.smtpPoolSize }) : new NoMailer() },
        { provide: AfterCommit, useValue: new AfterCommit() },
        CoreLifecycle,
        DemoCredentials,
        ...USE_CASES,
        ...QUERIES,
      ],
      exports: [APP_CONFIG, PUBLIC_URL, Clock, Mailer, AfterCommit, DemoCredentials, ...USE_CASES, ...QUERIES],
    };
  }
}
