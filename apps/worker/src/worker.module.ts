import { Module, type DynamicModule } from '@nestjs/common';
import { CoreModule, type AppConfig } from '#application';
import { SchedulingModule } from '#scheduling';
import { TimeWorker } from './time.worker.js';

/** The worker's processors. Imported by the worker process, and by the api when it runs both (`npm start`). */
@Module({ imports: [SchedulingModule], providers: [TimeWorker] })
export class WorkerModule {}

/** A worker process alone: the core, the queue and the processors, no HTTP. */
@Module({})
export class WorkerRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerRootModule, imports: [CoreModule.forRoot(config), SchedulingModule, WorkerModule] };
  }
}
