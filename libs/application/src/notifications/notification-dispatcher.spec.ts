// The dispatcher's batches (P6), on the in-memory ports: a batch claimed at once and read in a few queries,
// each message sent once under its Message-ID, at most `concurrency` sent and not yet marked, and a failure
// that stays its own message's.
import { jest } from '@jest/globals';
import { anAdhesion, aLedgerRow, InMemoryUserDirectory, RecordingMailer, twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { ManualClock } from '../common/clock.js';
import { type LedgerRow } from '../ports/records.js';
import { MAX_SEND_ATTEMPTS, NotificationDispatcher } from './notification-dispatcher.js';

const NOW = '2026-01-05T09:00:00.000Z';
const LEASE_MS = 5 * 60_000;

describe('the notification dispatcher, a batch at a time', () => {
  let world: TwoEpcis;
  let clock: ManualClock;
  let mailer: RecordingMailer;
  const dispatcher = (concurrency = 4) => new NotificationDispatcher(world.uow, clock, mailer, 'https://alacarte.example.org', LEASE_MS, concurrency);
  const ledger = () => world.uow.tables().ledger;

  /** `count` adhesions of the two communes of A, each with a reminder to both parties. */
  async function reminders(count: number): Promise<LedgerRow[]> {
    const communes = [world.communes.a1.insee, world.communes.a2.insee];
    const adhesions = Array.from({ length: count }, (_, i) => anAdhesion({ communeInsee: communes[i % 2], state: 'active', liveKey: `live-${i}` }));
    const rows = adhesions.map((a, i) => aLedgerRow({ adhesionId: a.id, recipient: 'both', createdAt: new Date(Date.parse(NOW) - (count - i) * 1000).toISOString() }));
    await world.uow.seed({ adhesions, ledger: rows });
    return rows;
  }

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    clock.set(new Date(NOW));
    mailer = new RecordingMailer();
  });

  afterEach(() => jest.restoreAllMocks());

  it('sends each row of a batch once, under its Message-ID, and reads the recipients once per batch', async () => {
    const rows = await reminders(30);
    const recipientsIn = jest.spyOn(InMemoryUserDirectory.prototype, 'recipientsIn');
    const secretariesOf = jest.spyOn(InMemoryUserDirectory.prototype, 'secretariesOf');
    expect(await dispatcher().dispatchPending(20)).toEqual({ sent: 30, failed: 0 });
    // Two batches (20, then 10): one read of the people each, none per message.
    expect(recipientsIn).toHaveBeenCalledTimes(2);
    expect(secretariesOf).not.toHaveBeenCalled();
    expect(mailer.sent.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<${r.id}@alacarte.example.org>`).sort());
    const a1 = world.users.secretaryA1.email;
    const a2 = world.users.secretaryA2.email;
    for (const mail of mailer.sent) {
      expect([[a1, world.users.dgsA.email], [a2, world.users.dgsA.email]]).toContainEqual(mail.to);
    }
    for (const row of ledger().values()) expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: NOW });
    // In-app: one per row and user, the secretary of the commune and the DGS.
    expect(world.uow.tables().notifications.size).toBe(60);
    expect(await dispatcher().dispatchPending()).toEqual({ sent: 0, failed: 0 });
    expect(mailer.sent).toHaveLength(30);
  });

  it('keeps a failure to its own message: the others of the batch are sent and marked, the failed one retried later under the same Message-ID', async () => {
    const rows = await reminders(10);
    mailer.refuse.add(world.users.secretaryA2.email); // the odd rows go to Avrillé
    expect(await dispatcher().dispatchPending()).toEqual({ sent: 5, failed: 0 });
    const odd = rows.filter((_, i) => i % 2 === 1).map((r) => r.id);
    for (const row of ledger().values()) {
      if (odd.includes(row.id)) {
        expect(row).toMatchObject({ status: 'pending', attempts: 1, dueAt: '2026-01-05T09:02:00.000Z', lastError: '550 mailbox unavailable' });
      } else {
        expect(row).toMatchObject({ status: 'sent', attempts: 1 });
      }
    }
    // In-app, every row reached its people, the failed ones too (the mail is what failed).
    expect(world.uow.tables().notifications.size).toBe(20);

    // Not before its time; then sent, once, under the Message-ID the first attempt had.
    expect(await dispatcher().dispatchPending()).toEqual({ sent: 0, failed: 0 });
    mailer.refuse.clear();
    clock.set(new Date('2026-01-05T09:02:00.000Z'));
    expect(await dispatcher().dispatchPending()).toEqual({ sent: 5, failed: 0 });
    expect(mailer.sent.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<${r.id}@alacarte.example.org>`).sort());
    expect(world.uow.tables().notifications.size).toBe(20);
    for (const id of odd) expect(ledger().get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('gives a message up after its last attempt, and only that one', async () => {
    const rows = await reminders(3);
    const last = rows[1];
    // The middle one has failed every attempt but the last.
    for (let i = 1; i < MAX_SEND_ATTEMPTS; i++) {
      await world.uow.write(async (r) => {
        await r.ledger.claim(last.id, NOW, NOW);
        await r.ledger.markFailed(last.id, { giveUp: false, retryAt: NOW, error: 'x' });
      });
    }
    mailer.refuse.add(world.users.secretaryA2.email);
    expect(await dispatcher().dispatchPending()).toEqual({ sent: 2, failed: 1 });
    expect(ledger().get(last.id)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS });
    expect(ledger().get(rows[0].id)).toMatchObject({ status: 'sent' });
    expect(ledger().get(rows[2].id)).toMatchObject({ status: 'sent' });
  });

  it('has at most `concurrency` messages sent or being sent and not yet marked: all a crash may send again', async () => {
    const rows = await reminders(40);
    const accepted = new Set<string>();
    let most = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    mailer.onSend = async (message) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      const id = /^<([^@]+)@/.exec(message.messageId)![1];
      // This one and those accepted before it that the ledger does not yet say sent.
      const unmarked = [...accepted].filter((a) => ledger().get(a)!.status !== 'sent').length + 1;
      most = Math.max(most, unmarked);
      await new Promise((resolve) => setImmediate(resolve));
      accepted.add(id);
      inFlight--;
    };
    expect(await dispatcher(3).dispatchPending()).toEqual({ sent: 40, failed: 0 });
    expect(mostInFlight).toBe(3); // several at once indeed
    expect(most).toBeLessThanOrEqual(3);
    expect(accepted.size).toBe(rows.length);
  });

  it('after a sender stopped between a send and its mark, sends that message again under the same Message-ID, and the others not', async () => {
    const rows = await reminders(12);
    const stuck = rows[5];
    let hang: () => void = () => undefined;
    // The server accepts the message, and its sender never comes back (a crash, as far as the ledger knows).
    mailer.onSend = (message) => {
      if (!message.messageId.startsWith(`<${stuck.id}@`)) return;
      mailer.sent.push(message);
      return new Promise<void>((resolve) => (hang = resolve));
    };
    const first = dispatcher(4).dispatchPending();
    const sentRows = () => [...ledger().values()].filter((r) => r.status === 'sent').length;
    for (let i = 0; i < 10_000 && sentRows() < 11; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(sentRows()).toBe(11);
    expect(ledger().get(stuck.id)).toMatchObject({ status: 'sending' });

    // Another sender, within the lease: nothing to take.
    expect(await dispatcher(4).dispatchPending()).toEqual({ sent: 0, failed: 0 });
    // After the lease: the one in flight, under its Message-ID.
    clock.set(new Date(Date.parse(NOW) + LEASE_MS));
    mailer.onSend = () => undefined;
    expect(await dispatcher(4).dispatchPending()).toEqual({ sent: 1, failed: 0 });
    expect(ledger().get(stuck.id)).toMatchObject({ status: 'sent', attempts: 2 });
    // Twelve messages, one of them twice under its one Message-ID: the one in flight at the crash.
    const ids = mailer.sent.map((m) => m.messageId);
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(12);
    expect(ids.filter((id) => id === `<${stuck.id}@alacarte.example.org>`)).toHaveLength(2);
    hang();
    await first;
    expect(ledger().get(stuck.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
