import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type AppConfig } from '#application';
import { PersistenceModule } from '#persistence';
import { SchedulingModule, TimeWorkerModule } from '#scheduling';

/** A worker process alone: the core, the queue and the processors, no HTTP. */
@Module({})
export class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerRootModule, imports: [CoreModule.forRoot(config, PersistenceModule.forRoot(config.database)), SchedulingModule, TimeWorkerModule] };
  }
}
