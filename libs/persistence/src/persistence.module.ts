// The persistence of a process, as a Nest module: the DataSource (opened and migrated once), the
// application's UnitOfWork on TypeORM, and the source of the reference data. Global, like the core module
// it serves: every use case of any module asks for UnitOfWork.
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AttachmentStorage } from '../../application/src/ports/attachments.js';
import { DemoData, ReferenceSource, UnitOfWork } from '../../application/src/ports/repositories.js';
import { DatabaseAttachmentStorage } from './database-attachment-storage.js';
import { openDatabase, type DatabaseConfig } from './data-source.js';
import { SeedDemoData } from './seed/demo-data.js';
import { EtalabReferenceSource } from './seed/etalab-reference-source.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';
import { UnitOfWork as EntityUnitOfWork } from './unit-of-work.js';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Module({})
export class PersistenceModule {
  static forRoot(database: DatabaseConfig): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: DataSource, useFactory: () => openDatabase(database) },
        { provide: UnitOfWork, useFactory: (dataSource: DataSource) => new TypeOrmUnitOfWork(dataSource), inject: [DataSource] },
        // Transitional: the entity-level unit of work, for the code not yet on ports (same lane on SQLite).
        { provide: EntityUnitOfWork, useFactory: (dataSource: DataSource) => new EntityUnitOfWork(dataSource), inject: [DataSource] },
        // The attached files' bytes in the database, beside their record (same lane as the unit of work on SQLite).
        { provide: AttachmentStorage, useFactory: (entities: EntityUnitOfWork) => new DatabaseAttachmentStorage(entities), inject: [EntityUnitOfWork] },
        { provide: ReferenceSource, useClass: EtalabReferenceSource },
        { provide: DemoData, useClass: SeedDemoData },
        DatabaseLifecycle,
      ],
      exports: [DataSource, UnitOfWork, EntityUnitOfWork, AttachmentStorage, ReferenceSource, DemoData],
    };
  }
}
