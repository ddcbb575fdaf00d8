// A "sign" button clicked twice: the same Idempotency-Key returns the first answer and writes once.
import { AuditEventEntity, UnitOfWork } from '#persistence';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('Idempotency-Key, on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  const auditCount = (id: string) => t.app.get(UnitOfWork).read((m) => m.countBy(AuditEventEntity, { adhesionId: id }));

  it('answers a repeated event with the first answer and writes one audit row', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 3 }).expect(201);
    const id = created.body.id;
    const send = () => t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, 'avrille')).set('Idempotency-Key', 'submit-1').send({ type: 'SUBMIT' });
    const first = await send().expect(200);
    const second = await send().expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await auditCount(id)).toBe(2);
  });

  it('writes once when the same request races itself', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'ADS', forecastUnits: 3 }).expect(201);
    const id = created.body.id;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, 'trelaze')).set('Idempotency-Key', 'race').send({ type: 'SUBMIT' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.body.version))).toEqual(new Set([2]));
    expect(await auditCount(id)).toBe(2);
  });

  it('refuses the same key with another body (422) and creates a draft once', async () => {
    const body = { communeInsee: '49015', serviceCode: 'PAIE', forecastUnits: 100 };
    const first = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Idempotency-Key', 'create-paie').send(body).expect(201);
    const again = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Idempotency-Key', 'create-paie').send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    const other = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Idempotency-Key', 'create-paie').send({ ...body, forecastUnits: 101 }).expect(422);
    expect(other.body).toMatchObject({ code: 'idempotency_key_reused', message: expect.any(String) });
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const a = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).set('Idempotency-Key', 'shared-key').send({ communeInsee: '49353', serviceCode: 'ARCHIVES', forecastUnits: 1 }).expect(201);
    const b = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Idempotency-Key', 'shared-key').send({ communeInsee: '49015', serviceCode: 'ARCHIVES', forecastUnits: 1 }).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
  });
});
