// A mail server in trouble: the notification is retried with a growing delay, sent once it accepts,
// never twice; and one that never accepts ends as failed, still visible in the app.
import { NotificationLedgerEntity, UnitOfWork } from '#persistence';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, setClock } from '../../../test/support/journeys.js';
import { startSmtpSink, withoutHandOvers, type SmtpSink } from '../../../test/support/smtp-sink.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('sending through a failing mail server, on %s', (kind) => {
  let smtp: SmtpSink;
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
  });

  const ledger = () =>
    t.app.get(UnitOfWork).read((m) => m.find(NotificationLedgerEntity, { where: { kind: 'renewal_reminder' } }));

  it('retries with backoff until the server accepts, then never again', async () => {
    smtp = await startSmtpSink({ refuseFirst: 2, refuseOnly: /^Reconduction/ });
    t = await startTestApp(kind, { SMTP_URL: smtp.url });
    await activate(t, 'avrille', 'ADS', '2026-04-05');
    await setClock(t, '2027-01-05T08:00:00Z'); // the 90-day reminder: refused (1st attempt)
    let [row] = await ledger();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('Try again later') });
    expect(row.dueAt! > '2027-01-05T08:00:00.000Z').toBe(true);
    await setClock(t, '2027-01-05T08:01:00Z'); // before the retry time: nothing happens
    expect((await ledger())[0].attempts).toBe(1);
    await setClock(t, '2027-01-05T08:03:00Z'); // 2nd attempt, refused again
    await setClock(t, '2027-01-05T09:00:00Z'); // 3rd attempt, accepted
    [row] = await ledger();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(withoutHandOvers(smtp.mails)).toHaveLength(1);
    await setClock(t, '2027-01-06T09:00:00Z');
    expect(withoutHandOvers(smtp.mails)).toHaveLength(1);
  });

  it('gives up after eight attempts and keeps the in-app notification', async () => {
    smtp = await startSmtpSink({ refuseFirst: 1_000 });
    t = await startTestApp(kind, { SMTP_URL: smtp.url });
    await activate(t, 'avrille', 'ADS', '2026-04-05');
    let hour = new Date('2027-01-05T08:00:00Z').getTime();
    for (let attempt = 0; attempt < 10; attempt++) {
      await setClock(t, new Date(hour).toISOString());
      hour += 5 * 3_600_000; // past the longest backoff (4 h)
    }
    const [row] = await ledger();
    expect(row).toMatchObject({ status: 'failed', attempts: 8 });
    expect(smtp.mails).toHaveLength(0);
    const bell = await t.http.get('/api/notifications').set(bearer(t, 'avrille')).expect(200);
    expect(bell.body.items.map((n: { kind: string }) => n.kind)).toContain('renewal_reminder');
  });
});
