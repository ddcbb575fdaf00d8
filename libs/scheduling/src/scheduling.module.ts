import { Module } from '@nestjs/common';
import { TimeQueue } from './time-queue.js';

/** The queue side of scheduling, for every process that writes (api and worker). Needs CoreModule. */
@Module({ providers: [TimeQueue], exports: [TimeQueue] })
export class SchedulingModule {}
