// The process's Prometheus metrics (prom-client, one registry per app): transitions per event and outcome,
// HTTP request durations, the time queue's depths and delay, the notification ledger by status (reminders
// decided, sent, failed), the outbox lag and the PostgreSQL pool. The gauges are read at scrape time from
// the database and Redis, so every process reports the same shared truth; the counters are this process's.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ApplyEventUseCase, Clock } from '#application';
import { NotificationLedgerEntity, OutboxEntity, UnitOfWork as EntityUnitOfWork } from '#persistence';
import { TimeQueue } from '#scheduling';
import { isEventType } from '#workflow';

/** The job states whose counts are exported, as BullMQ names them. */
const JOB_STATES = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
/** A scrape never waits longer than this for Redis or the database. */
const SCRAPE_TIMEOUT_MS = 1_000;

@Injectable()
export class MetricsService implements OnModuleInit {
  readonly registry = new Registry();

  readonly transitions = new Counter({
    name: 'alacarte_transitions_total',
    help: 'Events sent to adhesions (ApplyEventUseCase), by event type and outcome (applied, or the error code).',
    labelNames: ['event', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'alacarte_http_request_duration_seconds',
    help: 'HTTP request durations, by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly entities: EntityUnitOfWork,
    private readonly clock: Clock,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'alacarte_process_' });
    const queueJobs: Gauge = new Gauge({
      name: 'alacarte_queue_jobs',
      help: 'Jobs of the time queue (BullMQ getJobCounts), by state; absent when Redis does not answer.',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect: async () => {
        queueJobs.reset();
        const queue = this.timeQueue()?.queue;
        if (!queue) return;
        const counts = await withTimeout(queue.getJobCounts(...JOB_STATES)).catch(() => null);
        for (const [state, count] of Object.entries(counts ?? {})) queueJobs.set({ queue: queue.name, state }, count);
      },
    });
    const queueWait: Gauge = new Gauge({
      name: 'alacarte_queue_oldest_waiting_seconds',
      help: 'How long the oldest job ready to run has waited in the time queue (0 when none waits).',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      collect: async () => {
        queueWait.reset();
        const queue = this.timeQueue()?.queue;
        if (!queue) return;
        const [oldest] = (await withTimeout(queue.getJobs(['waiting', 'prioritized'], 0, 0, true)).catch(() => null)) ?? [];
        const readySince = oldest ? oldest.timestamp + (oldest.delay ?? 0) : null;
        queueWait.set({ queue: queue.name }, readySince === null ? 0 : Math.max(0, (Date.now() - readySince) / 1000));
      },
    });
    const notifications: Gauge = new Gauge({
      name: 'alacarte_notifications',
      help: 'Notifications decided in the ledger (reminders and notices), by status: pending, sending, sent, failed, superseded.',
      labelNames: ['status'] as const,
      registers: [this.registry],
      collect: async () => {
        notifications.reset();
        const rows = await withTimeout(
          this.entities.read((m) =>
            m.createQueryBuilder(NotificationLedgerEntity, 'l').select('l.status', 'status').addSelect('COUNT(*)', 'count').groupBy('l.status').getRawMany<{ status: string; count: string | number }>(),
          ),
        ).catch(() => []);
        for (const row of rows) notifications.set({ status: row.status }, Number(row.count));
      },
    });
    const outboxPending: Gauge = new Gauge({
      name: 'alacarte_outbox_pending',
      help: 'Outbox rows not yet relayed to the queue.',
      registers: [this.registry],
      collect: async () => {
        const pending = await this.outboxPending();
        outboxPending.set(pending?.count ?? 0);
      },
    });
    const outboxLag: Gauge = new Gauge({
      name: 'alacarte_outbox_lag_seconds',
      help: 'Age of the oldest outbox row not yet relayed, by the application clock (0 when none is pending).',
      registers: [this.registry],
      collect: async () => {
        const pending = await this.outboxPending();
        const oldest = pending?.oldest ? Date.parse(pending.oldest) : NaN;
        outboxLag.set(Number.isNaN(oldest) ? 0 : Math.max(0, (this.clock.now().getTime() - oldest) / 1000));
      },
    });
    const poolConnections: Gauge = new Gauge({
      name: 'alacarte_database_pool_connections',
      help: 'PostgreSQL pool connections by state (total, idle, waiting clients); SQLite has one connection and no pool.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect: () => {
        poolConnections.reset();
        const pool = (this.entities.dataSource.driver as { master?: { totalCount?: number; idleCount?: number; waitingCount?: number } }).master;
        if (this.entities.serialized || typeof pool?.totalCount !== 'number') return;
        poolConnections.set({ state: 'total' }, pool.totalCount);
        poolConnections.set({ state: 'idle' }, pool.idleCount ?? 0);
        poolConnections.set({ state: 'waiting' }, pool.waitingCount ?? 0);
      },
    });
  }

  /** Counts every call of ApplyEventUseCase, whoever makes it (the API, the deadline delivery), from outside the use case. */
  onModuleInit(): void {
    const useCase = this.moduleRef.get(ApplyEventUseCase, { strict: false });
    const execute = useCase.execute.bind(useCase);
    const transitions = this.transitions;
    useCase.execute = async function instrumented(actor, command) {
      const type = (command.body as { type?: unknown } | undefined)?.type;
      const event = isEventType(type) ? type : 'unknown';
      try {
        const result = await execute(actor, command);
        transitions.inc({ event, outcome: 'applied' });
        return result;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        transitions.inc({ event, outcome: typeof code === 'string' && /^[a-z_]{1,40}$/.test(code) ? code : 'error' });
        throw error;
      }
    };
  }

  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  private pendingScrape: Promise<{ count: number; oldest: string | null } | null> | null = null;

  /** One query per scrape for both outbox gauges. */
  private outboxPending(): Promise<{ count: number; oldest: string | null } | null> {
    this.pendingScrape ??= withTimeout(
      this.entities.read((m) =>
        m
          .createQueryBuilder(OutboxEntity, 'o')
          .select('COUNT(*)', 'count')
          .addSelect('MIN(o.created_at)', 'oldest')
          .where('o.processed_at IS NULL')
          .getRawOne<{ count: string | number; oldest: string | null }>(),
      ),
    )
      .then((row) => ({ count: Number(row?.count ?? 0), oldest: row?.oldest ?? null }))
      .catch(() => null)
      .finally(() => setTimeout(() => (this.pendingScrape = null), 0));
    return this.pendingScrape;
  }

  private timeQueue(): TimeQueue | null {
    try {
      return this.moduleRef.get(TimeQueue, { strict: false });
    } catch {
      return null;
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('metrics: timed out')), SCRAPE_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
