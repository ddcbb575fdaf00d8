// A sweep sends the pending messages while it decides the deadlines and reminders, not after: on 1 January
// a national sweep takes minutes, and no message waits for its end. What it decides last is still sent in the
// same run, a row decided while a claim is in flight too; a claim that fails while it decides is tried again,
// and a failure to decide is the sweep's failure.
import { jest } from '@jest/globals';
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

  const sweep = (deadlines: Partial<DeadlineDelivery>, reminders: Partial<ReminderSweep>, dispatcher = new NotificationDispatcher(world.uow, clock, mailer, 'https://alacarte.example.org', 5 * 60_000, 4)) =>
    new TimeSweep(
      { deliverAllDue: async () => ({ applied: 0, refused: 0 }), ...deadlines } as DeadlineDelivery,
      { run: async () => ({ decided: 0, superseded: 0 }), ...reminders } as ReminderSweep,
      dispatcher,
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

  afterEach(() => jest.restoreAllMocks());

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

  it('fails as the deciding fails, and ends', async () => {
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

  it('sends a row decided while a claim was in flight, as the deciding ended: the drain after the deciding finds it', async () => {
    const row = await pending();
    const dispatcher = new NotificationDispatcher(world.uow, clock, mailer, 'https://alacarte.example.org', 5 * 60_000, 4);
    const claim = dispatcher.dispatchBatch.bind(dispatcher);
    let claimInFlight!: () => void;
    const inFlight = new Promise<void>((resolve) => (claimInFlight = resolve));
    let decidingEnded!: () => void;
    const ended = new Promise<void>((resolve) => (decidingEnded = resolve));
    let first = true;
    dispatcher.dispatchBatch = async (limit) => {
      const batch = await claim(limit); // finds nothing yet
      if (first) {
        first = false;
        claimInFlight();
        await ended; // the row is decided and the deciding ends before this claim comes back
      }
      return batch;
    };
    const run = sweep(
      {
        deliverAllDue: async () => {
          await inFlight;
          await world.uow.write((r) => r.ledger.decide([row]));
          return { applied: 0, refused: 0 };
        },
      },
      {},
      dispatcher,
    ).run();
    // The deciding's end (its `finally`) comes a few turns after the reminders' stub returns.
    await new Promise((resolve) => setTimeout(resolve, 20));
    decidingEnded();
    const report = await run;
    expect(report.notificationsSent).toBe(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('tries a failed claim again while it decides, and sends', async () => {
    const row = await pending();
    await world.uow.write((r) => r.ledger.decide([row]));
    jest.spyOn(NotificationDispatcher.prototype, 'dispatchBatch').mockRejectedValueOnce(new Error('connection reset'));
    let sentWhileDelivering = false;
    const report = await sweep({ deliverAllDue: async () => ((sentWhileDelivering = await waitFor(() => mailer.sent.length > 0, 2_000)), { applied: 0, refused: 0 }) }, {}).run();
    expect(sentWhileDelivering).toBe(true);
    expect(report.notificationsSent).toBe(1);
  });
});
