// Bad input, generated: whatever the body, query string or headers, the answer is never a 5xx and the
// stored data does not change.
import fc from 'fast-check';
import { AdhesionEntity, AuditEventEntity, UnitOfWork } from '#persistence';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { runs } from '../../../test/support/properties.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

/** Generated requests of each property under DEEP_PROPERTIES=1 (npm run test:deep); the default run sends fewer. */
const RUNS = 300;

describe.each(DATABASE_KINDS)('generated bad input, on %s', (kind) => {
  let t: TestApp;
  let id: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', options: ['PC'], forecastUnits: 3 }).expect(201);
    id = created.body.id;
    await t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, 'avrille')).send({ type: 'SUBMIT' }).expect(200);
  });
  afterAll(() => t?.close());

  const fingerprint = () =>
    t.app.get(UnitOfWork).read(async (m) => ({
      adhesions: await m.find(AdhesionEntity, { order: { id: 'ASC' } }),
      audit: await m.count(AuditEventEntity),
    }));

  // Text with a NUL, a line break or a bidi control somewhere in it.
  const nasty = fc
    .tuple(fc.string({ minLength: 10, maxLength: 40 }), fc.constantFrom('\u0000', '\r\n', '\u202E', '\u2066', '\u0007'), fc.nat(40))
    .map(([text, bad, at]) => `${text.slice(0, at)}${bad}${text.slice(at)}`);
  const accounts = fc.constantFrom<DemoAccount>('avrille', 'trelaze', 'agent', 'dgs', 'admin');
  const junk = fc.oneof(
    fc.anything({ maxDepth: 3 }),
    fc.json().map((text) => ({ raw: text })),
    fc.string().map((text) => ({ raw: text })),
    // Near misses: a real event type with a wrong payload.
    fc.record({
      type: fc.constantFrom('ISSUE_PROPOSAL', 'RECORD_DELIBERATION', 'GIVE_NOTICE', 'SIGN', 'REQUEST_INFO', 'DECLARE_INADMISSIBLE', 'SUBMIT_STUDY', 'constructor', '__proto__'),
      unitCostCents: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
      party: fc.oneof(fc.string(), fc.constantFrom('commune', 'epci')),
      date: fc.oneof(fc.string(), fc.constantFrom('2026-02-30', '0000-00-00', '2026-1-5')),
      reason: fc.oneof(fc.string(), fc.constant(''), nasty),
      question: fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }).map((s) => s.trim()), fc.constant(' '.repeat(20))),
      staffImpact: fc.anything(),
    }),
  );
  const header = fc.oneof(fc.constant(undefined), fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')));
  const query = fc.dictionary(fc.constantFrom('state', 'commune', 'service', 'deadlineBefore', 'page', 'pageSize', 'sort', 'after', 'q', 'x'), fc.string({ maxLength: 12 }));

  function send(method: 'post' | 'patch', path: string, account: DemoAccount, body: unknown, ifMatch?: string, key?: string) {
    let req = t.http[method](path).set(bearer(t, account));
    if (ifMatch !== undefined) req = req.set('If-Match', ifMatch);
    if (key !== undefined) req = req.set('Idempotency-Key', key);
    if (body && typeof body === 'object' && 'raw' in body) return req.set('Content-Type', 'application/json').send(String((body as { raw: unknown }).raw));
    if (body === undefined) return req;
    // Primitives travel as JSON text, as a client would send them.
    if (typeof body !== 'object' || body === null) return req.set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
    return req.send(body as object);
  }

  it('never answers a write with a 5xx, and changes nothing', async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(accounts, junk, header, header, fc.constantFrom('events', 'patch', 'create'), async (account, body, ifMatch, key, route) => {
        const res =
          route === 'events'
            ? await send('post', `/api/adhesions/${id}/events`, account, body, ifMatch, key)
            : route === 'patch'
              ? await send('patch', `/api/adhesions/${id}`, account, body, ifMatch)
              : await send('post', '/api/adhesions', account, body, undefined, key);
        expect([res.status, res.body?.code]).toEqual([expect.any(Number), expect.any(String)]);
        expect(res.status).toBeLessThan(500);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(typeof res.body.message).toBe('string');
      }),
      runs(RUNS, {
        // Always tried: prototype keys as event types, an empty and a null body, a quoted and a blank If-Match.
        examples: [
          ['admin', { type: '__proto__' }, undefined, undefined, 'events'],
          ['dgs', { type: 'constructor', party: 'epci' }, '"1"', ' ', 'events'],
          ['avrille', { raw: '' }, '', '', 'create'],
          ['avrille', null, '1', undefined, 'patch'],
          ['trelaze', { type: 'ISSUE_PROPOSAL', unitCostCents: Number.NaN, party: 'commune', reason: '\u0000', date: '2026-02-30' }, undefined, undefined, 'events'],
        ],
      }),
    );
    expect(await fingerprint()).toEqual(before);
  }, 240_000);

  it('never answers a read with a 5xx, whatever the query string or the id', async () => {
    await fc.assert(
      fc.asyncProperty(accounts, query, fc.oneof(fc.constant(id), fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent)), async (account, q, anyId) => {
        const list = await t.http.get('/api/adhesions').query(q).set(bearer(t, account));
        expect(list.status).toBeLessThan(500);
        const communes = await t.http.get('/api/communes').query(q).set(bearer(t, account));
        expect(communes.status).toBeLessThan(500);
        for (const path of [`/api/adhesions/${anyId}`, `/api/adhesions/${anyId}/history`, `/api/adhesions/${anyId}/estimate`, `/api/communes/${anyId}`]) {
          const res = await t.http.get(path).set(bearer(t, account));
          expect([path, res.status < 500]).toEqual([path, true]);
        }
      }),
      runs(RUNS, {
        // Always tried: absurd paging and sort, an impossible date, an id that walks up the path or holds a bidi control.
        examples: [
          ['admin', { page: '-1', pageSize: '1e309', sort: '__proto__' }, encodeURIComponent('../../health')],
          ['dgs', { deadlineBefore: '2026-02-30', state: 'constructor', q: '%' }, encodeURIComponent('\u202e1 ')],
        ],
      }),
    );
    // Six requests a case, a hundred cases: minutes on a machine under load, not the default minute.
  }, 240_000);

  it('answers malformed JSON and an oversized body with a 4xx in the API format', async () => {
    const malformed = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).set('Content-Type', 'application/json').send('{"communeInsee":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'malformed_json', message: expect.any(String) });
    const huge = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ notes: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
  });

  // Issue 12: shapes that gave a 500. Each is refused with a 4xx in the API format, and nothing is written.
  describe('the shapes that once gave a 500', () => {
    it('refuses JSON nested 5,000 deep, with or without an Idempotency-Key', async () => {
      const before = await fingerprint();
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      for (const [path, key] of [[`/api/adhesions/${id}/events`, undefined], [`/api/adhesions/${id}/events`, 'deep-1'], ['/api/adhesions', 'deep-2']] as const) {
        let req = t.http.post(path).set(bearer(t, 'avrille')).set('Content-Type', 'application/json');
        if (key) req = req.set('Idempotency-Key', key);
        const res = await req.send(`{"type":"WITHDRAW","reason":${deep}}`);
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'json_too_deep']);
        expect(res.body.message).toBe('La requête JSON est imbriquée trop profondément.');
      }
      expect(await fingerprint()).toEqual(before);
    });

    it('bounds the calendar range', async () => {
      for (const q of [{ from: '2026-01-01', to: '9999-12-31' }, { from: '0001-01-01', to: '0001-01-02' }, { from: '2026-03-01', to: '2026-01-01' }]) {
        const res = await t.http.get('/api/calendar/events').query(q).set(bearer(t, 'dgs'));
        expect([q, res.status, res.body.code]).toEqual([q, 400, 'invalid_input']);
        expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'out_of_range' })]));
      }
      expect((await t.http.get('/api/calendar/events').query({ from: '2026-01-01', to: '2026-12-31' }).set(bearer(t, 'dgs'))).status).toBe(200);
    });

    const refused = async (account: DemoAccount, body: object, field: string, code: string) => {
      const before = await fingerprint();
      const res = await t.http.post(`/api/adhesions/${id}/events`).set(bearer(t, account)).send(body);
      expect([res.status, res.body.code]).toEqual([400, 'invalid_input']);
      expect(res.body.issues).toEqual([expect.objectContaining({ field, code, message: expect.any(String) })]);
      expect(await fingerprint()).toEqual(before);
    };

    it('refuses a NUL byte in a text field', () => refused('avrille', { type: 'WITHDRAW', reason: 'Plus\u0000 besoin' }, 'reason', 'nul_character'));
    it('refuses CR/LF in a single-line field, which would forge lines in a PDF', () =>
      refused('avrille', { type: 'SIGN', signatoryName: 'Claire Martin\r\nMaire', signatoryQuality: 'Maire', date: '2026-01-05' }, 'signatoryName', 'line_break'));
    it('refuses bidi control characters', () => refused('avrille', { type: 'WITHDRAW', reason: 'Motif \u202Eeuqinhcet' }, 'reason', 'bidi_control'));
    it('refuses them in the catalogue and the search too', async () => {
      const search = await t.http.get('/api/communes').query({ q: 'Avr\u0000' }).set(bearer(t, 'dgs'));
      expect([search.status, search.body.code]).toEqual([400, 'invalid_input']);
    });
  });

  it('names each invalid field of an event with a French message', async () => {
    const res = await t.http
      .post(`/api/adhesions/${id}/events`)
      .set(bearer(t, 'dgs'))
      .send({ type: 'ISSUE_PROPOSAL', unitCostCents: 12.5, startDate: '2026-02-30' })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', message: 'Certaines informations sont manquantes ou invalides.' });
    expect(res.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'unitCostCents', code: 'invalid_type', message: 'Valeur d’un type inattendu.' },
        { field: 'startDate', code: 'invalid_date', message: expect.stringContaining('Date invalide') },
        { field: 'validUntil', code: 'required', message: 'Champ obligatoire.' },
      ]),
    );
  });
});
