// The database and the clock, as providers: opened (and migrated) once per process, closed on shutdown.
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, ManualClock, seedDemo, SystemClock } from '#application';
import { parisDateOf } from '#domain';
import { openDatabase, UnitOfWork } from '#persistence';
import { APP_CONFIG, type AppConfig } from '#application';

@Injectable()
class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const now = this.clock.now();
    if (await seedDemo(this.uow, Number(parisDateOf(now).slice(0, 4)), now.toISOString())) {
      this.logger.log('Demo seeded: Angers Loire Métropole, the catalogue, one account per role (see README)');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DataSource, useFactory: () => openDatabase(config.database) },
        { provide: UnitOfWork, useFactory: (dataSource: DataSource) => new UnitOfWork(dataSource), inject: [DataSource] },
        { provide: Clock, useValue: config.clock === 'manual' ? new ManualClock() : new SystemClock() },
        DatabaseLifecycle,
      ],
      exports: [DataSource, UnitOfWork, Clock],
    };
  }
}
