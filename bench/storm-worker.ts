// The 1 January storm, in a worker process of its own: the same core and queue modules as
// apps/worker (CoreModule + SchedulingModule: use cases, mailer, outbox relay to BullMQ), on a manual
// clock, without the BullMQ processors (so that nothing but the measured sweep runs). The three steps of
// TimeSweep.once are called one by one to time them: deliver every due deadline, decide every due
// reminder, send every pending notification; then the outbox relay is drained, and TimeSweep.run()
// runs once more, when nothing new is due, to time a routine sweep in the middle of the storm season.
import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock, CoreModule, DeadlineDelivery, loadConfig, ManualClock, NotificationDispatcher, ReminderSweep, TimeSweep, type AppConfig } from '#application';
import { AdhesionEntity, NotificationLedgerEntity, PersistenceModule, UnitOfWork } from '#persistence';
import { SchedulingModule, TimeQueue } from '#scheduling';
import { type TimeEventType } from '#workflow';
import { processMemory } from './lib/machine.js';
import { serveIpc } from './lib/proc.js';

@Module({})
class StormModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: StormModule, imports: [CoreModule.forRoot(config, PersistenceModule.forRoot(config.database)), SchedulingModule] };
  }
}

let app: INestApplicationContext;

async function start(): Promise<boolean> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: process.env.REDIS_PREFIX,
    SMTP_URL: process.env.SMTP_URL,
    ALACARTE_ROLE: 'worker',
    ALACARTE_CLOCK: 'manual',
    ALACARTE_SEED_DEMO: 'false',
  });
  app = await NestFactory.createApplicationContext(StormModule.forRoot(config), { logger: ['error'] });
  await app.init();
  return true;
}

/** The prototype's own scans, in SQL: an entity-level unit of work on the app's DataSource (the same lane on SQLite). */
const entities = () => new UnitOfWork(app.get(DataSource));

const phase = async <T>(name: string, work: () => Promise<T>) => {
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  process.send?.({ event: 'phase', name, seconds, result });
  return { seconds, result };
};

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/**
 * The proposal, prototyped with the public methods (BENCH_STORM_MODE=parallel): the due deadlines
 * delivered `deadlineConcurrency` at a time (DeadlineDelivery.deliver, the same use case per deadline),
 * and the pending messages sent `sendConcurrency` at a time (NotificationDispatcher.send).
 */
async function deliverDueInParallel(concurrency: number) {
  const now = app.get(Clock).now().toISOString();
  const due = await entities().read((m) =>
    m
      .createQueryBuilder(AdhesionEntity, 'a')
      .select(['a.id AS id', 'a.next_deadline_kind AS kind', 'a.next_deadline_cycle AS cycle'])
      .where('a.next_deadline_at IS NOT NULL AND a.next_deadline_at <= :now', { now })
      .orderBy('a.next_deadline_at', 'ASC')
      .getRawMany<{ id: string; kind: TimeEventType; cycle: number }>(),
  );
  const delivery = app.get(DeadlineDelivery);
  let applied = 0;
  let refused = 0;
  await inParallel(due, concurrency, async (row) => {
    const outcome = await delivery.deliver(row.id, row.kind, Number(row.cycle));
    if (outcome === 'applied') applied++;
    if (outcome === 'refused') refused++;
  });
  return { applied, refused };
}

async function sendPendingInParallel(concurrency: number) {
  const ids = await entities().read((m) =>
    m.createQueryBuilder(NotificationLedgerEntity, 'l').select('l.id', 'id').where("l.status = 'pending'").orderBy('l.created_at', 'ASC').getRawMany<{ id: string }>(),
  );
  const dispatcher = app.get(NotificationDispatcher);
  let sent = 0;
  let failed = 0;
  await inParallel(ids, concurrency, async ({ id }) => {
    const outcome = await dispatcher.send(id);
    if (outcome === 'sent') sent++;
    if (outcome === 'failed') failed++;
  });
  return { sent, failed };
}

async function storm(args: { at: string; mode?: 'as-is' | 'parallel'; deadlineConcurrency?: number; sendConcurrency?: number }) {
  (app.get(Clock) as ManualClock).set(new Date(args.at));
  const queue = app.get(TimeQueue);
  const parallel = args.mode === 'parallel';
  const deadlines = await phase('deadlines', () =>
    parallel ? deliverDueInParallel(args.deadlineConcurrency ?? 8) : app.get(DeadlineDelivery).deliverAllDue(),
  );
  const reminders = await phase('reminders', () => app.get(ReminderSweep).run());
  const delivery = await phase('delivery', () => (parallel ? sendPendingInParallel(args.sendConcurrency ?? 32) : app.get(NotificationDispatcher).dispatchPending()));
  const relay = await phase('relay', async () => {
    let moved = 0;
    for (;;) {
      const n = await queue.relay();
      moved += n;
      if (n === 0) return moved;
    }
  });
  const resweep = await phase('resweep', () => app.get(TimeSweep).run());
  return { deadlines, reminders, delivery, relay, resweep, memory: processMemory() };
}

serveIpc({
  start,
  storm: (args) => storm(args as { at: string; mode?: 'as-is' | 'parallel'; deadlineConcurrency?: number; sendConcurrency?: number }),
  memory: () => processMemory(),
  stop: async () => {
    await app?.close();
    setTimeout(() => process.exit(0), 50);
    return true;
  },
});
