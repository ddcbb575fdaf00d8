// The database is the truth; Redis may be emptied or go away. Deadlines and reminders still arrive, once.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { activate, send } from '../../../test/support/journeys.js';
import { OwnRedis } from '../../../test/support/redis.js';
import { startSmtpSink, withoutHandOvers, type SmtpSink } from '../../../test/support/smtp-sink.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(DATABASE_KINDS)('Redis emptied or away, on %s', (kind) => {
  let redis: OwnRedis;
  let smtp: SmtpSink;
  let t: TestApp;
  beforeEach(async () => {
    redis = await OwnRedis.start();
    smtp = await startSmtpSink();
    t = await startTestApp(kind, { REDIS_URL: redis.url, SMTP_URL: smtp.url, SWEEP_EVERY_SECONDS: '1', SCHEDULER_CHECK_SECONDS: '1' });
  });
  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    await redis?.down();
  });

  // The other party's turns are told too (apps/api/test/notifications.e2e-spec.ts): here, the reminders.
  const reminders = () => withoutHandOvers(smtp.mails);
  const state = async (id: string) => (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'dgs'))).body;

  it('restores the sweep after FLUSHALL and delivers the pending deadline and its reminder', async () => {
    const id = await activate(t, 'avrille', 'ADS', '2026-04-05');
    await waitFor(async () => (await redis.keys(`${t.redisPrefix}:alacarte-time:deadline-*`)).length > 0, 5_000, 'the deadline job');
    await redis.flushAll();
    // Time passes (without the admin endpoint, which would sweep by itself): the window opens on 2027-01-05.
    t.clock.set(new Date('2027-01-05T09:30:00Z'));
    await waitFor(async () => (await state(id)).stateDetail.some((s: { id: string }) => s.id === 'active.term.renewalDue'), 15_000, 'the renewal window');
    await waitFor(() => reminders().length === 1, 10_000, 'the 90-day reminder');
    expect(reminders()[0].subject).toMatch(/^Reconduction à confirmer/);
    // The scheduler comes back on the worker's next check (every second here), not at once: a sweep job that
    // was already running at the FLUSHALL may open the window and send the reminder before that check.
    await waitFor(async () => (await redis.keys(`${t.redisPrefix}:alacarte-time:repeat*`)).length > 0, 10_000, 'the sweep scheduler again');
  });

  it('keeps taking work while Redis is down, says degraded, delivers on a local timer, and nothing twice once Redis is back', async () => {
    const id = await activate(t, 'avrille', 'ADS', '2026-04-05');
    await redis.down();
    const health = await t.http.get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'degraded', checks: { redis: { status: 'down', reason: expect.any(String) } } });
    // People keep working: every request succeeds, nothing waits on Redis.
    const other = await activate(t, 'trelaze', 'ADS', '2026-04-05');
    await send(t, 'avrille', id, { type: 'PROPOSE_AMENDMENT', effectiveDate: '2026-06-01', terms: { unitCostCents: 19_000, forecastUnits: 12, description: 'Ajout des DP' } });
    t.clock.set(new Date('2027-01-05T09:30:00Z'));
    // While Redis is away, the worker sweeps on a local timer: the reminders still go out.
    await waitFor(() => reminders().length === 2, 20_000, 'both reminders during the outage');
    await redis.up();
    expect(reminders().map((m) => m.to[0]).sort()).toEqual(['secretaire@mairie-avrille.fr', 'secretaire@mairie-trelaze.fr']);
    // A reminder is due from the anniversary, before the window's own event (dueReminders takes `inForce` too):
    // a sweep that read the clock before it jumped delivers no deadline, then decides the reminders after the
    // jump. The next sweep opens the window.
    await waitFor(async () => (await state(other)).stateDetail.some((s: { id: string }) => s.id === 'active.term.renewalDue'), 15_000, 'the renewal window of the other');
    await waitFor(async () => (await t.http.get('/health')).body.status === 'ok', 5_000, 'health back to ok');
    // Back on BullMQ: the relayed deadline jobs and the sweep find nothing left to send.
    await waitFor(async () => (await redis.keys(`${t.redisPrefix}:alacarte-time:repeat*`)).length > 0, 10_000, 'the sweep scheduler again');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reminders()).toHaveLength(2);
  });
});
