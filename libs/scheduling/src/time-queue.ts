// The queue of time jobs, and the relay that moves outbox rows into it after each commit.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { type Redis } from 'ioredis';
import { AfterCommit, APP_CONFIG, Clock, UnitOfWork, type AppConfig } from '#application';
import { deadlineJobId, JOB, TIME_QUEUE, type DeadlineJob } from './contracts.js';
import { queueConnection } from './redis.js';
import { CLOSE_DEADLINE_MS, settlesWithin } from './shutdown.js';

export interface RedisHealth {
  status: 'up' | 'down';
  reason?: string;
}

@Injectable()
export class TimeQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimeQueue');
  readonly connection: Redis;
  readonly queue: Queue;
  private relaying: Promise<number> | null = null;
  private again = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    afterCommit: AfterCommit,
  ) {
    this.connection = queueConnection(config.redis.url);
    this.connection.on('error', () => undefined); // reported by health(), not as unhandled errors
    this.queue = new Queue(TIME_QUEUE, { connection: this.connection, prefix: config.redis.prefix });
    this.queue.on('error', () => undefined);
    afterCommit.onOutboxWritten(() => void this.relay().catch(() => undefined));
  }

  onApplicationBootstrap(): void {
    void this.relay().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await settlesWithin(this.relaying, CLOSE_DEADLINE_MS);
    if (!(await settlesWithin(this.queue.close(), CLOSE_DEADLINE_MS))) void this.queue.disconnect().catch(() => undefined);
    this.connection.disconnect();
  }

  async health(): Promise<RedisHealth> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.connection.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not answer within 1 s')), 1_000);
        }),
      ]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', reason: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Enqueues one deadline, delayed until due. The same deadline twice is one job (jobId). */
  async scheduleDeadline(job: DeadlineJob): Promise<void> {
    const delay = Math.max(0, Date.parse(job.at) - Date.now());
    await this.queue.add(JOB.deadline, job, {
      jobId: deadlineJobId(job),
      delay,
      attempts: 5,
      backoff: { type: 'exponential', delay: 10_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  /**
   * Moves unprocessed outbox rows to the queue, oldest first, and marks them processed. Stops at the
   * first Redis error: the rows stay, and the next relay (after a commit, or the sweep) resumes.
   * Concurrent calls coalesce into one run plus, if needed, one more.
   */
  relay(): Promise<number> {
    if (this.relaying) {
      this.again = true;
      return this.relaying;
    }
    this.relaying = (async () => {
      let moved = 0;
      do {
        this.again = false;
        moved += await this.relayOnce();
      } while (this.again);
      return moved;
    })().finally(() => {
      this.relaying = null;
    });
    return this.relaying;
  }

  private async relayOnce(): Promise<number> {
    let moved = 0;
    for (;;) {
      const rows = await this.uow.read((r) => r.outbox.pendingDeadlines(200));
      if (rows.length === 0) return moved;
      const done: string[] = [];
      try {
        for (const row of rows) {
          const payload = row.payload as unknown as Omit<DeadlineJob, 'adhesionId'>;
          await this.scheduleDeadline({ adhesionId: row.adhesionId!, kind: payload.kind, cycle: payload.cycle, at: payload.at });
          done.push(row.id);
        }
      } catch (error) {
        this.logger.warn(`Redis unavailable, outbox relay paused: ${(error as Error).message}`);
        throw error;
      } finally {
        // One UPDATE per batch for what reached the queue (a job added twice is one job: its id).
        if (done.length) {
          const at = this.clock.now().toISOString();
          await this.uow.write((r) => r.outbox.markProcessed(done, at));
        }
      }
      moved += done.length;
    }
  }
}
