// Operations: /metrics answers only with METRICS_TOKEN and counts transitions; the queue dashboard is the
// admin's; the admin retries a failed notification. The operator's endpoints are Express middleware, outside
// the OpenAPI document, so they are called with a plain supertest client.
import request from 'supertest';
import { newLedgerRow } from '#application';
import { DEMO_EPCI_SIREN, NotificationLedgerEntity, UnitOfWork } from '#persistence';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';
import { formatRecord, loggedPath, requestContext } from '../src/operations/logging.js';

describe('Operations (sqlite)', () => {
  let t: TestApp;
  let raw: ReturnType<typeof request>;
  const previousToken = process.env.METRICS_TOKEN;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    raw = request(t.app.getHttpServer());
  });
  afterAll(async () => {
    if (previousToken === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = previousToken;
    await t?.close();
  });

  describe('GET /metrics', () => {
    const token = 'metrics-token-for-the-test-0123456789';
    const transitions = (text: string, event: string, outcome: string) =>
      Number(new RegExp(`^alacarte_transitions_total\\{event="${event}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);

    it('answers 404 when no METRICS_TOKEN is set, even with a token', async () => {
      delete process.env.METRICS_TOKEN;
      await raw.get('/metrics').expect(404);
      await raw.get('/metrics').set('authorization', `Bearer ${token}`).expect(404);
    });

    it('answers 401 without a token or with a wrong one, and with a user’s JWT', async () => {
      process.env.METRICS_TOKEN = token;
      await raw.get('/metrics').expect(401);
      await raw.get('/metrics').set('authorization', 'Bearer wrong').expect(401);
      await raw.get('/metrics').set(bearer(t, 'admin')).expect(401);
    });

    it('serves the Prometheus text format with the right token, and counts a transition', async () => {
      process.env.METRICS_TOKEN = token;
      const scrape = () => raw.get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
      const before = await scrape();
      expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of ['alacarte_http_request_duration_seconds', 'alacarte_queue_jobs', 'alacarte_notifications', 'alacarte_outbox_lag_seconds', 'alacarte_outbox_pending', 'alacarte_process_process_cpu_seconds_total'])
        expect(before.text).toContain(`# TYPE ${name}`);

      const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 3 }).expect(201);
      await t.http.post(`/api/adhesions/${created.body.id}/events`).set(bearer(t, 'avrille')).send({ type: 'SUBMIT' }).expect(200);
      await t.http.post(`/api/adhesions/${created.body.id}/events`).set(bearer(t, 'avrille')).send({ type: 'SUBMIT' }).expect(409);

      const after = await scrape();
      expect(transitions(after.text, 'SUBMIT', 'applied')).toBe(transitions(before.text, 'SUBMIT', 'applied') + 1);
      expect(transitions(after.text, 'SUBMIT', 'transition_not_allowed')).toBe(transitions(before.text, 'SUBMIT', 'transition_not_allowed') + 1);
      expect(after.text).toMatch(/^alacarte_http_request_duration_seconds_count\{method="POST",route="\/api\/adhesions\/:id\/events",status="200"\} \d+$/m);
      expect(after.text).toMatch(/^alacarte_outbox_pending \d+$/m);
    });
  });

  describe('the queue dashboard at /admin/queues', () => {
    it('refuses the anonymous (401) and a non-admin (403)', async () => {
      await raw.get('/admin/queues').expect(401);
      await raw.get('/admin/queues').set('authorization', 'Bearer forged').expect(401);
      for (const account of ['dgs', 'avrille', 'agent'] as const) await raw.get('/admin/queues').set(bearer(t, account)).expect(403);
      await raw.get('/admin/queues/api/queues').set(bearer(t, 'dgs')).expect(403);
    });

    it('serves the admin the board and the time queue', async () => {
      const page = await raw.get('/admin/queues').set(bearer(t, 'admin')).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const queues = await raw.get('/admin/queues/api/queues').set(bearer(t, 'admin')).expect(200);
      expect(JSON.stringify(queues.body)).toContain('alacarte-time');
    });
  });

  describe('POST /api/admin/notifications/:id/retry', () => {
    const failedRow = async () => {
      const row = newLedgerRow(
        { kind: 'unit_cost_deadline', payload: { year: 2027, deadline: '2026-03-31', offset: 30, services: ['ADS'] }, cycle: 2027, offsetDays: 30, recipient: 'epci', dueAt: '2026-03-01T08:00:00.000Z', epciSiren: DEMO_EPCI_SIREN },
        '2026-01-05T09:00:00.000Z',
      );
      await t.app.get(UnitOfWork).write((m) => m.insert(NotificationLedgerEntity, { ...row, status: 'failed', attempts: 8, lastError: 'smtp down' } as never));
      return row.id;
    };

    it('puts a failed notification back to pending, for the admin only', async () => {
      const id = await failedRow();
      await t.http.post(`/api/admin/notifications/${id}/retry`).set(bearer(t, 'dgs')).expect(403);
      const retried = await t.http.post(`/api/admin/notifications/${id}/retry`).set(bearer(t, 'admin')).expect(200);
      expect(retried.body).toEqual({ id, status: 'pending', dueAt: '2026-01-05T09:00:00.000Z' });
      const stored = await t.app.get(UnitOfWork).read((m) => m.findOneByOrFail(NotificationLedgerEntity, { id }));
      expect([stored.status, stored.attempts]).toEqual(['pending', 0]);
      await t.http.post(`/api/admin/notifications/${id}/retry`).set(bearer(t, 'admin')).expect(409);
      await t.http.post('/api/admin/notifications/00000000-0000-4000-8000-000000000000/retry').set(bearer(t, 'admin')).expect(404);
    });
  });

  describe('logs', () => {
    it('keep ids and the event, and drop query strings and the calendar token', () => {
      expect(loggedPath('/api/calendar/5f2c0a.ics?x=1')).toBe('/api/calendar/[redacted]');
      expect(loggedPath('/api/calendar/events?from=2026-01-01')).toBe('/api/calendar/events');
      expect(loggedPath('/api/auth/login?password=x')).toBe('/api/auth/login');
      const context = requestContext({ url: '/api/adhesions/0b6f1c1e-7a4e-4c8a-9d0e-1a2b3c4d5e6f/events', actor: { userId: 'u-1' }, body: { type: 'SIGN', comment: 'Marie Dupont' } } as never);
      expect(context).toEqual({ actorId: 'u-1', adhesionId: '0b6f1c1e-7a4e-4c8a-9d0e-1a2b3c4d5e6f', event: 'SIGN' });
    });

    it('print one readable line in text format', () => {
      const line = formatRecord({ level: 30, time: 0, msg: 'request completed', req: { id: 'r1', method: 'GET', url: '/health' }, res: { statusCode: 200 }, responseTime: 3, actorId: 'u-1' });
      expect(line).toMatch(/INFO .*request completed GET \/health 200 3ms id=r1 actorId=u-1\n$/);
    });
  });
});
