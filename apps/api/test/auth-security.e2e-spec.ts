// Issue 12, security 1 and 2: no forgeable token on the quick start, no weak secret, demo accounts with random
// passwords shown only in demo mode, sessions that a logout, a password change or an admin's reset revoke,
// tokens whose claims are all checked, a per-account lockout, and passwords that are long and not common.
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { APP_CONFIG, DemoCredentials, InvalidConfiguration, JWT_SECRET_FILE, loadConfig, type AppConfig } from '#application';
import { createApp } from '../src/bootstrap.js';
import { LOCKOUT_THRESHOLD } from '../src/auth/login-lockout.js';
import { DATABASE_KINDS, type DatabaseKind } from '../../../test/support/databases.js';
import { bearer, DEMO, passwordOf, startTestApp, type TestApp } from '../../../test/support/test-app.js';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token signed by hand with HS256: any claims, any secret. */
function sign(claims: Record<string, unknown>, secret: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
const subOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
const cookieOf = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;

describe('the JWT secret (configuration)', () => {
  it('refuses a weak JWT_SECRET: too short, or too few distinct characters (32 × a)', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(InvalidConfiguration);
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET: too short/);
    expect(() => loadConfig({ JWT_SECRET: 'a'.repeat(32) })).toThrow(/JWT_SECRET: too little entropy/);
    expect(() => loadConfig({ JWT_SECRET: 'abababababababababababababababababab' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ JWT_SECRET: 'dev-only-secret-change-me' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'Zq8vR2mK9xLp4wNt7bYc3hJd6fGs1aEu5kQe0oWi' }).jwtSecret).toBe('Zq8vR2mK9xLp4wNt7bYc3hJd6fGs1aEu5kQe0oWi');
  });

  it('never creates the demo accounts in production: ALACARTE_SEED_DEMO=true refuses to start', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL: 'sqlite::memory:', JWT_SECRET: 'Zq8vR2mK9xLp4wNt7bYc3hJd6fGs1aEu5kQe0oWi' };
    expect(() => loadConfig({ ...production, ALACARTE_SEED_DEMO: 'true' })).toThrow(/ALACARTE_SEED_DEMO/);
    expect(loadConfig(production).seedDemo).toBe(false);
  });
});

describe('the demo accounts route outside demo mode', () => {
  let app: INestApplication;
  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ALACARTE_ROLE: 'api', ALACARTE_SEED_DEMO: 'false', REDIS_PREFIX: `t_demo_${process.pid}` });
    app = await createApp(config, { logger: false });
    await app.init();
  });
  afterAll(() => app?.close());

  it('answers 404', async () => {
    const res = await request(app.getHttpServer()).get('/api/auth/demo-accounts').expect(404);
    expect(res.body.code).toBe('not_found');
  });
});

describe.each(DATABASE_KINDS)('auth security on %s', (kind: DatabaseKind) => {
  let t: TestApp;
  let secret: string;
  let adminId: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    // TRUST_PROXY: the lockout test comes from several addresses (X-Forwarded-For).
    t = await startTestApp(kind, { TRUST_PROXY: 'loopback' });
    secret = (t.app.get(APP_CONFIG) as AppConfig).jwtSecret;
    adminId = subOf(t.tokens.admin!);
  });
  afterAll(() => t?.close());

  /** A fresh token of a demo account (its session version may have moved). */
  async function login(account: keyof typeof DEMO, password = passwordOf(t, account), from = '10.0.0.1') {
    return t.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ email: DEMO[account], password });
  }

  it('generates a random secret with no JWT_SECRET, kept (0600) beside the SQLite file: the old public secret signs nothing', async () => {
    if (kind === 'sqlite') {
      const file = join(dirname(t.database.url.slice('sqlite:'.length)), JWT_SECRET_FILE);
      expect(readFileSync(file, 'utf8').trim()).toBe(secret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // A restart reads the same secret: the tokens survive it.
      expect(loadConfig({ DATABASE_URL: t.database.url }).jwtSecret).toBe(secret);
    }
    expect(secret).not.toBe('dev-only-secret-change-me');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const base = { sub: adminId, role: 'admin', sv: 0, iat: now(), exp: now() + 3600, aud: 'alacarte-api', iss: 'alacarte' };
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${sign(base, 'dev-only-secret-change-me')}`).expect(401);
    // The same claims with the real secret pass: only the secret made the difference.
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${sign(base, secret)}`).expect(200);
  });

  it('requires exp, aud and iss, and validates the claims: a missing or object sub is a 401, never a 500', async () => {
    const base = { sub: adminId, role: 'admin', sv: 0, iat: now(), exp: now() + 3600, aud: 'alacarte-api', iss: 'alacarte' };
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
    const cases: Record<string, Record<string, unknown>> = {
      'no exp': without('exp'),
      'no aud': without('aud'),
      'no iss': without('iss'),
      'another aud': { ...base, aud: 'someone-else' },
      'another iss': { ...base, iss: 'evil' },
      expired: { ...base, exp: now() - 10 },
      'no sub': without('sub'),
      'object sub': { ...base, sub: { id: adminId } },
      'array sub': { ...base, sub: [adminId] },
      'no session version': without('sv'),
      'string session version': { ...base, sv: '0' },
    };
    for (const [name, claims] of Object.entries(cases)) {
      const res = await t.http.get('/api/auth/me').set('authorization', `Bearer ${sign(claims, secret)}`);
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 401, code: 'unauthenticated' });
    }
  });

  it('shows the demo accounts with random passwords in demo mode; the former fixed passwords are gone', async () => {
    const res = await t.http.get('/api/auth/demo-accounts').expect(200);
    expect(res.body).toHaveLength(7);
    expect(res.body.map((a: { email: string }) => a.email)).toEqual(expect.arrayContaining(Object.values(DEMO)));
    for (const account of res.body as Array<{ password: string }>) {
      expect(account.password).toMatch(/^[A-Za-z0-9_-]{18}$/);
      expect(account.password).not.toMatch(/^demo-/);
    }
    expect(new Set(res.body.map((a: { password: string }) => a.password)).size).toBe(7);
    expect(res.body).toEqual(t.app.get(DemoCredentials).list());
    await login('dgs', 'demo-dgs').then((r) => expect(r.status).toBe(401));
  });

  it('logout revokes every token of the user, the bearer and the cookie', async () => {
    const first = await login('trelaze');
    const second = await login('trelaze');
    expect(first.status).toBe(200);
    const cookie = cookieOf(second);
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${first.body.accessToken}`).expect(200);
    await t.http.get('/api/auth/me').set('Cookie', cookie).expect(200);

    const out = await t.http.post('/api/auth/logout').set('authorization', `Bearer ${first.body.accessToken}`).expect(204);
    expect(out.headers['set-cookie']?.[0]).toMatch(/^alacarte_token=;/);
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${first.body.accessToken}`).expect(401);
    await t.http.get('/api/auth/me').set('Cookie', cookie).expect(401);
    // A logout with a revoked or no token still clears the cookie.
    await t.http.post('/api/auth/logout').set('Cookie', cookie).expect(204);
    // Logging in again gives a working token.
    const again = await login('trelaze');
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${again.body.accessToken}`).expect(200);
  });

  it('changes a password with the current one, refusing short or common ones, and revokes the sessions', async () => {
    const session = await login('doue');
    const auth = { authorization: `Bearer ${session.body.accessToken}` };
    const current = passwordOf(t, 'doue');
    const short = await t.http.post('/api/auth/password').set(auth).send({ currentPassword: current, newPassword: 'Abcdefgh12!' }).expect(400);
    expect(short.body.issues).toEqual([expect.objectContaining({ field: 'newPassword', code: 'too_small' })]);
    const common = await t.http.post('/api/auth/password').set(auth).send({ currentPassword: current, newPassword: 'Password1234' }).expect(400);
    expect(common.body.issues).toEqual([expect.objectContaining({ field: 'newPassword', code: 'too_common' })]);
    const wrong = await t.http.post('/api/auth/password').set(auth).send({ currentPassword: 'not-the-password', newPassword: 'a-long-and-fresh-password' }).expect(400);
    expect(wrong.body.issues).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'wrong_password' })]);
    await t.http.get('/api/auth/me').set(auth).expect(200);

    await t.http.post('/api/auth/password').set(auth).send({ currentPassword: current, newPassword: 'a-long-and-fresh-password' }).expect(204);
    await t.http.get('/api/auth/me').set(auth).expect(401);
    expect((await login('doue', current)).status).toBe(401);
    const fresh = await login('doue', 'a-long-and-fresh-password');
    expect(fresh.status).toBe(200);
  });

  it('lets the admin reset a password, which revokes the user’s sessions; nobody else may', async () => {
    const session = await login('saumurDgs');
    const userId = subOf(session.body.accessToken);
    const body = { newPassword: 'reset-by-the-admin-2026' };
    await t.http.post(`/api/admin/users/${userId}/password`).set(bearer(t, 'dgs')).send(body).expect(403);
    await t.http.post(`/api/admin/users/${userId}/password`).set(bearer(t, 'saumurDgs')).send(body).expect(403);
    await t.http.post(`/api/admin/users/${userId}/password`).set(bearer(t, 'admin')).send({ newPassword: 'short' }).expect(400);
    await t.http.post('/api/admin/users/00000000-0000-0000-0000-000000000000/password').set(bearer(t, 'admin')).send(body).expect(404);
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${session.body.accessToken}`).expect(200);

    await t.http.post(`/api/admin/users/${userId}/password`).set(bearer(t, 'admin')).send(body).expect(204);
    await t.http.get('/api/auth/me').set('authorization', `Bearer ${session.body.accessToken}`).expect(401);
    await t.http.get('/api/auth/me').set(bearer(t, 'saumurDgs')).expect(401);
    expect((await login('saumurDgs', body.newPassword)).status).toBe(200);
  });

  it('locks an account after repeated failures, from any address, with a back-off; other accounts are not affected', async () => {
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const res = await login('agent', `wrong-password-${i}`, `10.1.0.${i + 1}`);
      expect(res.status).toBe(401);
    }
    // Locked now, even with the right password and from yet another address.
    const locked = await login('agent', passwordOf(t, 'agent'), '10.2.0.1');
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30);
    // An unknown e-mail is locked the same way: no telling which accounts exist.
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await t.http.post('/api/auth/login').send({ email: 'nobody@nowhere.fr', password: 'whatever' });
    expect((await t.http.post('/api/auth/login').send({ email: 'nobody@nowhere.fr', password: 'whatever' })).body.code).toBe('account_locked');
    expect((await login('avrille')).status).toBe(200);

    // Another api process on the same Redis sees the same lock.
    const other = await createApp(
      loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ALACARTE_ROLE: 'api', ALACARTE_SEED_DEMO: 'false', REDIS_PREFIX: t.redisPrefix, LOGIN_RATE_LIMIT: '1000' }),
      { logger: false },
    );
    try {
      await other.init();
      const elsewhere = await request(other.getHttpServer()).post('/api/auth/login').send({ email: DEMO.agent, password: 'anything-at-all' });
      expect(elsewhere.status).toBe(429);
      expect(elsewhere.body.code).toBe('account_locked');
    } finally {
      await other.close();
    }
  });

  it('names the cookie __Host-alacarte_token over HTTPS: Secure, path=/, no Domain', async () => {
    const https = await startTestApp(kind, { PUBLIC_URL: 'https://alacarte.example' });
    try {
      const res = await https.http.post('/api/auth/login').send({ email: DEMO.dgs, password: passwordOf(https, 'dgs') }).expect(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
      expect(cookie).toMatch(/^__Host-alacarte_token=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      await https.http.get('/api/auth/me').set('Cookie', cookie.split(';')[0]!).expect(200);
      // The plain name is not read over HTTPS.
      await https.http.get('/api/auth/me').set('Cookie', `alacarte_token=${res.body.accessToken}`).expect(401);
    } finally {
      await https.close();
    }
  });
});
