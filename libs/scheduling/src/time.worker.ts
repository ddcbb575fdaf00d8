// The BullMQ worker: it only unpacks jobs and calls the use cases. A deadline job delivers one deadline;
// the sweep job (a job scheduler, Europe/Paris) relays the outbox and re-delivers from the database
// whatever is due, so that Redis may be emptied at any time without losing anything.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { type Redis } from 'ioredis';
import { APP_CONFIG, DeadlineDelivery, TimeSweep, type AppConfig } from '#application';
import { JOB, SWEEP_SCHEDULER_ID, TIME_QUEUE, type DeadlineJob } from './contracts.js';
import { workerConnection } from './redis.js';
import { TimeKeeper } from './time-keeper.js';
import { TimeQueue } from './time-queue.js';
import { CLOSE_DEADLINE_MS, settlesWithin } from './shutdown.js';

@Injectable()
export class TimeWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimeWorker');
  private worker: Worker | null = null;
  private connection: Redis | null = null;
  private schedulerCheck: NodeJS.Timeout | null = null;
  private fallback: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deadlines: DeadlineDelivery,
    private readonly sweep: TimeSweep,
    private readonly queue: TimeQueue,
    private readonly keeper: TimeKeeper,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = workerConnection(this.config.redis.url);
    this.connection.on('error', () => undefined);
    this.worker = new Worker(TIME_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      prefix: this.config.redis.prefix,
      concurrency: 4,
    });
    this.worker.on('error', (error) => this.warnAtMostEveryMinute(`Worker: ${error.message}`));
    this.worker.on('failed', (job, error) => this.logger.warn(`Job ${job?.id} failed: ${error.message}`));
    // Idempotent: every worker upserts the same scheduler; Redis keeps one. Checked again periodically,
    // because Redis may be emptied (FLUSHALL, a new instance) and the sweep must come back by itself.
    // Not awaited: with Redis away at start, BullMQ waits for it, and the process must start all the same.
    void this.ensureSweepScheduler();
    this.schedulerCheck = setInterval(() => void this.ensureSweepScheduler(), this.config.schedulerCheckSeconds * 1000);
    this.schedulerCheck.unref();
    // Without Redis (a single machine with no Redis, or an outage), the sweep runs on a local timer instead:
    // deadlines and reminders never depend on Redis being there, only their promptness does.
    this.fallback = setInterval(() => void this.sweepIfRedisIsDown(), this.config.sweepEverySeconds * 1000);
    this.fallback.unref();
    // A worker that starts (after a crash, a deployment) catches up at once rather than at the next tick.
    void this.sweep.run().catch((error: Error) => this.logger.warn(`Start-up sweep: ${error.message}`));
    this.logger.log(`Processing ${TIME_QUEUE} (sweep every ${this.config.sweepEverySeconds} s)`);
  }

  private async sweepIfRedisIsDown(): Promise<void> {
    if ((await this.queue.health()).status === 'up') return;
    await this.sweep.run().catch((error: Error) => this.logger.warn(`Local sweep: ${error.message}`));
  }

  private schedulerPending = false;
  private lastWarning = 0;

  /** While Redis is away, BullMQ reports every reconnection attempt: one line a minute is enough. */
  private warnAtMostEveryMinute(message: string): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(message);
  }

  private async ensureSweepScheduler(): Promise<void> {
    if (this.schedulerPending) return; // one attempt at a time while Redis is away
    this.schedulerPending = true;
    try {
      await this.queue.queue.upsertJobScheduler(
        SWEEP_SCHEDULER_ID,
        { every: this.config.sweepEverySeconds * 1000 },
        { name: JOB.sweep, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    } catch (error) {
      this.warnAtMostEveryMinute(`Sweep scheduler not registered (Redis down?): ${(error as Error).message}`);
    } finally {
      this.schedulerPending = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.schedulerCheck) clearInterval(this.schedulerCheck);
    if (this.fallback) clearInterval(this.fallback);
    // With Redis down, a graceful close() waits for ever, and a later close(true) only returns that pending
    // close: force it from the start (it stops the lock renewal and drops BullMQ's own blocking connection).
    // Past the deadline (Redis lost during the close), drop the connections BullMQ made, whatever waits on them.
    const redisUp = this.connection?.status === 'ready';
    if (this.worker && !(await settlesWithin(this.worker.close(!redisUp), CLOSE_DEADLINE_MS))) {
      void this.worker.getBackend().close(true).catch(() => undefined);
      void this.worker.disconnect().catch(() => undefined);
    }
    this.connection?.disconnect();
  }

  private async process(job: Job): Promise<unknown> {
    if (job.name === JOB.deadline) {
      const data = job.data as DeadlineJob;
      return { outcome: await this.deadlines.deliver(data.adhesionId, data.kind, data.cycle) };
    }
    if (job.name === JOB.sweep) {
      return this.keeper.tick();
    }
    throw new Error(`Unknown job ${job.name}`);
  }
}
