// One tick of time, the same for the worker's sweep job and the admin's manual clock: move the outbox to
// the queue, deliver and decide from the database whatever is due, then relay what that produced.
import { Injectable } from '@nestjs/common';
import { TimeSweep, type SweepReport } from '#application';
import { TimeQueue } from './time-queue.js';

@Injectable()
export class TimeKeeper {
  constructor(
    private readonly queue: TimeQueue,
    private readonly sweep: TimeSweep,
  ) {}

  /** Redis may be down: the relay then waits for the next tick, the sweep does not. */
  async tick(): Promise<SweepReport & { relayed: number }> {
    let relayed = await this.queue.relay().catch(() => 0);
    const report = await this.sweep.run();
    relayed += await this.queue.relay().catch(() => 0);
    return { relayed, ...report };
  }
}
