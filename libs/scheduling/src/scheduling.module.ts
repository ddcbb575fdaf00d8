import { Module } from '@nestjs/common';
import { TimeKeeper } from './time-keeper.js';
import { TimeQueue } from './time-queue.js';
import { TimeWorker } from './time.worker.js';

/** The queue side of scheduling, for every process that writes (api and worker). Needs CoreModule. */
@Module({ providers: [TimeQueue, TimeKeeper], exports: [TimeQueue, TimeKeeper] })
export class SchedulingModule {}

/** The processors of time jobs: in the worker process, and in the api when it runs both (`npm start`). */
@Module({ imports: [SchedulingModule], providers: [TimeWorker] })
export class TimeWorkerModule {}
