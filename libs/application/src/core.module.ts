// Everything a process needs to run the use cases, whichever process it is (api, worker, or both):
// the database (opened and migrated once), the clock, the mailer, the use cases and the time sweep.
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parisDateOf } from '#domain';
import { openDatabase, UnitOfWork } from '#persistence';
import { AdhesionQueries } from './adhesions/adhesion-queries.js';
import { ApplyEventUseCase } from './adhesions/apply-event.usecase.js';
import { CreateAdhesionUseCase } from './adhesions/create-adhesion.usecase.js';
import { UpdateDraftUseCase } from './adhesions/update-draft.usecase.js';
import { seedDemo } from './admin/reference-data.js';
import { CatalogueQueries } from './catalogue/catalogue-queries.js';
import { AfterCommit } from './common/after-commit.js';
import { Clock, ManualClock, SystemClock } from './common/clock.js';
import { IdempotencyStore } from './common/idempotency.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Mailer, NoMailer, SmtpMailer } from './notifications/mailer.js';
import { NOTIFY_LEASE_MS, NotificationDispatcher, PUBLIC_URL } from './notifications/notification-dispatcher.js';
import { NotificationQueries } from './notifications/notification-queries.js';
import { DeadlineDelivery } from './time/deadline-delivery.js';
import { GenerateDocumentUseCase } from './documents/generate-document.usecase.js';
import { CalendarService } from './calendar/calendar.js';
import { CatalogueAdmin } from './catalogue/catalogue-admin.usecase.js';
import { InboxQueries } from './inbox/inbox-queries.js';
import { ReportQueries } from './reports/report-queries.js';
import { ReminderSweep } from './time/reminder-sweep.js';
import { TimeSweep } from './time/time-sweep.js';

@Injectable()
class CoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const now = this.clock.now();
    if (await seedDemo(this.uow, Number(parisDateOf(now).slice(0, 4)), now.toISOString())) {
      this.logger.log('Demo seeded: Angers Loire Métropole, the catalogue, one account per role (see README)');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

export const USE_CASES = [
  CreateAdhesionUseCase,
  UpdateDraftUseCase,
  ApplyEventUseCase,
  AdhesionQueries,
  CatalogueQueries,
  NotificationQueries,
  IdempotencyStore,
  DeadlineDelivery,
  ReminderSweep,
  NotificationDispatcher,
  TimeSweep,
  GenerateDocumentUseCase,
  InboxQueries,
  CatalogueAdmin,
  ReportQueries,
  CalendarService,
];

@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PUBLIC_URL, useValue: config.publicUrl },
        { provide: NOTIFY_LEASE_MS, useValue: config.notifyLeaseSeconds * 1000 },
        { provide: DataSource, useFactory: () => openDatabase(config.database) },
        { provide: UnitOfWork, useFactory: (dataSource: DataSource) => new UnitOfWork(dataSource), inject: [DataSource] },
        { provide: Clock, useValue: config.clock === 'manual' ? new ManualClock() : new SystemClock() },
        { provide: Mailer, useValue: config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new NoMailer() },
        { provide: AfterCommit, useValue: new AfterCommit() },
        CoreLifecycle,
        ...USE_CASES,
      ],
      exports: [APP_CONFIG, PUBLIC_URL, DataSource, UnitOfWork, Clock, Mailer, AfterCommit, ...USE_CASES],
    };
  }
}
