// A sweep sends the pending messages while it decides the deadlines and reminders, not after: on 1 January
// a national sweep takes minutes, and no message waits for its end. What it decides last is still sent in the
// same run, and a failure to decide is the sweep's failure.
import { aLedgerRow, anAdhesion, RecordingMailer, twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { ManualClock } from '../common/clock.js';
import { type AppConfig } from '../config/app-config.js';
import { NotificationDispatcher } from '../notifications/notification-dispatcher.js';
import { type DeadlineDelivery } from './deadline-delivery.js';
import { type ReminderSweep } from './reminder-sweep.js';
import { TimeSweep } from './time-sweep.js';

const NOW = '2026-01-05T09:00:00.000Z';

/** Waits until `done()` holds, for `ms` at most; whether it held. */
async function waitFor(done: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return done();
}

describe('the time sweep sends while it decides', () => {
  let world: TwoEpcis;
  let clock: ManualClock;
  let mailer: RecordingMailer;

  const sweep = (deadlines: Partial<DeadlineDelivery>, reminders: Partial<ReminderSweep>) =>
    new TimeSweep(
      { deliverAllDue: async () => ({ applied: 0, refused: 0 }), ...deadlines } as DeadlineDelivery,
      { run: async () => ({ decided: 0, superseded: 0 }), ...reminders } as ReminderSweep,
      new NotificationDispatcher(world.uow, clock, mailer, 'https://alacarte.example.org', 5 * 60_000, 4),
      world.uow,
      clock,
      { idempotencyRetentionDays: 30 } as AppConfig,
    );

  /** A pending reminder to the commune of a new adhesion. */
  async function pending() {
    const adhesion = anAdhesion({ communeInsee: world.communes.a1.insee, state: 'active', liveKey: null });
    const row = aLedgerRow({ adhesionId: adhesion.id, recipient: 'commune', createdAt: NOW });
    await world.uow.seed({ adhesions: [adhesion] });
    return row;
  }

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    clock.set(new Date(NOW));
    mailer = new RecordingMailer();
  });

  it('sends a message already pending while the deadlines are still being delivered', async () => {
    const row = await pending();
    await world.uow.write((r) => r.ledger.decide([row]));
    let sentWhileDelivering = false;
    const report = await sweep(
      {
        deliverAllDue: async () => {
          // A long delivery: it ends when a message has gone out, or after two seconds.
          sentWhileDelivering = await waitFor(() => mailer.sent.length > 0, 2_000);
          return { applied: 0, refused: 0 };
        },
      },
      {},
    ).run();
    expect(sentWhileDelivering).toBe(true);
    expect(report.notificationsSent).toBe(1);
    expect(mailer.sent.map((m) => m.messageId)).toEqual([`<${row.id}@alacarte.example.org>`]);
  });

  it('sends in the same run what the reminders decide last, once', async () => {
    const row = await pending();
    const report = await sweep(
      {},
      {
        run: async () => {
          await new Promise((resolve) => setTimeout(resolve, 50)); // the sender has found nothing and waits
          await world.uow.write((r) => r.ledger.decide([row]));
          return { decided: 1, superseded: 0 };
        },
      },
    ).run();
    expect(report).toMatchObject({ remindersDecided: 1, notificationsSent: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect((await world.uow.read((r) => r.ledger.decidedFor({ adhesionId: row.adhesionId! }, row.cycle))).length).toBe(1);
  });

  it('fails as the deciding fails, and stops sending', async () => {
    const failure = new Error('database gone');
    const run = sweep(
      {
        deliverAllDue: async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          throw failure;
        },
      },
      {},
    ).run();
    await expect(run).rejects.toBe(failure);
  });
});
