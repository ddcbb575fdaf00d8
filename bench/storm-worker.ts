// The 1 January storm, in a worker process of its own: the same core and queue modules as
// apps/worker (CoreModule + SchedulingModule: use cases, mailer, outbox relay to BullMQ), on a manual
// clock, without the BullMQ processors (so that nothing but the measured sweep runs). As is, it runs the
// product's own sweep (TimeSweep.run: the deadlines, then the reminders, the messages sent all along) and
// times its parts from the inside: when the deadlines and the reminders were all decided, and the first and
// last message sent. Then the outbox relay is drained, and TimeSweep.run() runs once more, when nothing new
// is due, to time a routine sweep in the middle of the storm season. The prototype mode (parallel) calls the
// three steps one after the other.
import 'reflect-metadata';
import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock, CoreModule, DeadlineDelivery, loadConfig, Mailer, ManualClock, NotificationDispatcher, ReminderSweep, TimeSweep, type AppConfig } from '#application';
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

/** Wraps an instance's method to see each call's result when it resolves; returns the undo. */
function watch<R>(target: object, key: string, seen: (result: R) => void): () => void {
  const methods = target as Record<string, (...a: unknown[]) => Promise<R>>;
  const original = methods[key];
  methods[key] = async (...a: unknown[]) => {
    const result = await original.apply(target, a);
    seen(result);
    return result;
  };
  return () => {
    methods[key] = original;
  };
}

/**
 * The product's sweep, whole: the deadlines and the reminders decided while the messages go out. Its parts
 * are timed from the inside; the delivery's rate is over the span from its first message sent to its last.
 */
async function productSweep() {
  const t0 = performance.now();
  const since = () => (performance.now() - t0) / 1000;
  const at = { deadlines: 0, reminders: 0, firstSent: 0, lastSent: 0 };
  let deadlines = { applied: 0, refused: 0 };
  let reminders = { decided: 0, superseded: 0 };
  const undo = [
    watch<typeof deadlines>(app.get(DeadlineDelivery), 'deliverAllDue', (result) => {
      at.deadlines = since();
      deadlines = result;
      process.send?.({ event: 'phase', name: 'deadlines', seconds: at.deadlines, result });
    }),
    watch<typeof reminders>(app.get(ReminderSweep), 'run', (result) => {
      at.reminders = since();
      reminders = result;
      process.send?.({ event: 'phase', name: 'reminders', seconds: at.reminders - at.deadlines, result });
    }),
    watch<void>(app.get(Mailer), 'send', () => {
      at.lastSent = since();
      at.firstSent ||= at.lastSent;
    }),
  ];
  try {
    const report = await app.get(TimeSweep).run();
    const whole = since();
    const delivery = { seconds: Math.max(at.lastSent - at.firstSent, 0.001), result: { sent: report.notificationsSent, failed: report.notificationsFailed } };
    process.send?.({ event: 'phase', name: 'delivery', seconds: delivery.seconds, result: { ...delivery.result, firstSentAt: at.firstSent, wholeSweep: whole } });
    return {
      deadlines: { seconds: at.deadlines, result: deadlines },
      reminders: { seconds: at.reminders - at.deadlines, result: reminders },
      delivery,
      firstSentSeconds: at.firstSent,
      wholeSeconds: whole,
    };
  } finally {
    for (const u of undo) u();
  }
}

async function storm(args: { at: string; mode?: 'as-is' | 'parallel'; deadlineConcurrency?: number; sendConcurrency?: number }) {
  (app.get(Clock) as ManualClock).set(new Date(args.at));
  const queue = app.get(TimeQueue);
  const steps =
    args.mode === 'parallel'
      ? {
          deadlines: await phase('deadlines', () => deliverDueInParallel(args.deadlineConcurrency ?? 8)),
          reminders: await phase('reminders', () => app.get(ReminderSweep).run()),
          delivery: await phase('delivery', () => sendPendingInParallel(args.sendConcurrency ?? 32)),
        }
      : await productSweep();
  const relay = await phase('relay', async () => {
    let moved = 0;
    for (;;) {
      const n = await queue.relay();
      moved += n;
      if (n === 0) return moved;
    }
  });
  const resweep = await phase('resweep', () => app.get(TimeSweep).run());
  return { ...steps, relay, resweep, memory: processMemory() };
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
