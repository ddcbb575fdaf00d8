// Issue 12, security 3 and 4: a cookie-authenticated write from another site is refused, every write is
// JSON, and every answer carries the security headers (CSP fit for the SPA and Mermaid, no framing,
// nosniff, Referrer-Policy, no X-Powered-By; HSTS in production only). /docs is served only when enabled.
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '#application';
import { createApp } from '../src/bootstrap.js';
import { AUTH_COOKIE } from '../src/auth/auth.guard.js';
import { dropRedisPrefix } from '../../../test/support/redis.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

const prefix = `t_sec_${process.pid}`;

async function app(env: Record<string, string> = {}): Promise<INestApplication> {
  const created = await createApp(
    loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ALACARTE_ROLE: 'api', REDIS_PREFIX: prefix, PUBLIC_URL: 'https://alacarte.example', ...env }),
    { logger: false },
  );
  await created.init();
  return created;
}

describe('security of the HTTP surface', () => {
  let api: INestApplication;
  beforeAll(async () => {
    api = await app();
  });
  afterAll(async () => {
    await api?.close();
    await dropRedisPrefix(prefix);
  });
  const http = () => request(api.getHttpServer());
  const cookie = `${AUTH_COOKIE}=some.token.value`;

  describe('CSRF with the cookie', () => {
    it('refuses urlencoded and text/plain writes with a 415, before anything else', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        const res = await http().post('/api/adhesions/x/events').set('cookie', cookie).set('content-type', type).send('type=SUBMIT');
        expect([type, res.status, res.body.code]).toEqual([type, 415, 'unsupported_media_type']);
        expect(res.body.message).toMatch(/JSON/);
      }
    });

    it('refuses a cookie write from a foreign Origin or a cross-site fetch with a 403', async () => {
      const foreign = await http().post('/api/adhesions/x/events').set('cookie', cookie).set('origin', 'https://evil.example').send({ type: 'SUBMIT' });
      expect([foreign.status, foreign.body.code]).toEqual([403, 'cross_site_request']);
      expect(foreign.body.message).toMatch(/autre site/);
      const opaque = await http().post('/api/auth/logout').set('cookie', cookie).set('origin', 'null');
      expect([opaque.status, opaque.body.code]).toEqual([403, 'cross_site_request']);
      const fetched = await http().patch('/api/adhesions/x').set('cookie', cookie).set('sec-fetch-site', 'cross-site').send({ forecastUnits: 2 });
      expect([fetched.status, fetched.body.code]).toEqual([403, 'cross_site_request']);
    });

    it('lets the same origin, PUBLIC_URL and bearer clients through to authentication', async () => {
      const own = await http().post('/api/adhesions/x/events').set('cookie', cookie).set('host', 'alacarte.test').set('origin', 'http://alacarte.test').send({ type: 'SUBMIT' });
      const publicUrl = await http().post('/api/adhesions/x/events').set('cookie', cookie).set('origin', 'https://alacarte.example').set('sec-fetch-site', 'same-origin').send({ type: 'SUBMIT' });
      const bearer = await http().post('/api/adhesions/x/events').set('authorization', 'Bearer not.a.token').set('origin', 'https://evil.example').send({ type: 'SUBMIT' });
      for (const res of [own, publicUrl, bearer]) expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
      // Reads are not writes: a cross-site GET changes nothing.
      expect((await http().get('/api/workflow').set('origin', 'https://evil.example').set('sec-fetch-site', 'cross-site')).status).toBe(200);
    });
  });

  describe('headers', () => {
    it('sends a CSP for the SPA and Mermaid, no framing, nosniff, a Referrer-Policy, no X-Powered-By and no HSTS outside production', async () => {
      const res = await http().get('/health');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/); // Mermaid's SVG styles, Mantine's variables
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
      // Errors too.
      const missing = await http().get('/api/nothing-here');
      expect(missing.headers['x-content-type-options']).toBe('nosniff');
      expect(missing.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('the JSON body', () => {
    it('refuses JSON nested 5,000 deep with a 400, with or without an Idempotency-Key', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      for (const key of [undefined, 'deep-1']) {
        let req = http().post('/api/adhesions').set('authorization', 'Bearer x').set('content-type', 'application/json');
        if (key) req = req.set('idempotency-key', key);
        const res = await req.send(`{"communeInsee":"49015","options":${deep}}`);
        expect([res.status, res.body.code]).toEqual([400, 'json_too_deep']);
      }
      // Brackets inside strings are text, not nesting.
      const text = await http().post('/api/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email: 'a@b.fr', password: '['.repeat(150) }));
      expect(text.body.code).not.toBe('json_too_deep');
    });
  });
});

describe('in production', () => {
  let api: INestApplication;
  afterEach(async () => {
    await api?.close();
    await dropRedisPrefix(prefix);
  });

  it('sends HSTS, and serves /docs only when enabled', async () => {
    api = await app({ NODE_ENV: 'production', JWT_SECRET: 'x7Qp2LmN9vR4tY8wZ1aB3cD5eF6gH0jK-prod' });
    const res = await request(api.getHttpServer()).get('/health');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    expect((await request(api.getHttpServer()).get('/docs-json')).status).toBe(404);
    expect((await request(api.getHttpServer()).get('/docs')).status).toBe(404);
  });

  it('serves /docs when ALACARTE_DOCS=true', async () => {
    api = await app({ NODE_ENV: 'production', JWT_SECRET: 'x7Qp2LmN9vR4tY8wZ1aB3cD5eF6gH0jK-prod', ALACARTE_DOCS: 'true' });
    expect((await request(api.getHttpServer()).get('/docs-json')).status).toBe(200);
  });
});

describe('the CSRF repro of issue 12, with a real session cookie', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t?.close());

  it('applies no event sent with a valid cookie from another site or as a form, and applies it from the site itself', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ACHATS', forecastUnits: 3 }).expect(201);
    const id = created.body.id as string;
    // The session cookie holds the same token as the bearer.
    const cookie = `${AUTH_COOKIE}=${t.tokens.avrille}`;
    await t.http.post(`/api/adhesions/${id}/events`).set('cookie', cookie).set('origin', 'https://evil.example').send({ type: 'SUBMIT' }).expect(403);
    await t.http.post(`/api/adhesions/${id}/events`).set('cookie', cookie).set('content-type', 'application/x-www-form-urlencoded').send('type=SUBMIT').expect(415);
    const unchanged = await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille')).expect(200);
    expect(unchanged.body).toMatchObject({ state: 'draft', version: 1 });
    // The same cookie from the application itself: the refusals above were about the site, not the session.
    const submitted = await t.http.post(`/api/adhesions/${id}/events`).set('cookie', cookie).send({ type: 'SUBMIT' }).expect(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', version: 2 });
  });
});
