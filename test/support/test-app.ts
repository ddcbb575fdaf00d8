// A real application on a real database, with the manual clock: what the e2e tests drive over HTTP.
import { type INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import request from 'supertest';
import { Clock, DemoCredentials, loadConfig, ManualClock } from '#application';
import { createApp } from '../../apps/api/src/bootstrap.js';

import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { checkedHttp, ResponseContract, tally } from './openapi-contract.js';
import { dropRedisPrefix } from './redis.js';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: ManualClock;
  database: TestDatabase;
  tokens: Record<string, string>;
  redisPrefix: string;
  close(): Promise<void>;
}

export const DEMO = {
  avrille: 'secretaire@mairie-avrille.fr',
  trelaze: 'secretaire@mairie-trelaze.fr',
  agent: 'ads@angersloiremetropole.fr',
  dgs: 'dgs@angersloiremetropole.fr',
  admin: 'admin@alacarte.local',
  /** CA Saumur Val de Loire, the demo's second EPCI. */
  saumurDgs: 'dgs@saumurvaldeloire.fr',
  doue: 'secretaire@mairie-doue-en-anjou.fr',
} as const;
export type DemoAccount = keyof typeof DEMO;

export async function startTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const redisPrefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_PREFIX: redisPrefix,
    ALACARTE_CLOCK: 'manual',
    ALACARTE_SEED_DEMO: 'true',
    LOGIN_RATE_LIMIT: '1000',
    // SQLite: the secret generated beside the database file; PostgreSQL: no data directory of its own, one given.
    ...(kind === 'postgres' && { JWT_SECRET: randomBytes(32).toString('base64url') }),
    ...env,
  });
  const app = await createApp(config, { logger: false });
  await app.init();
  const clock = app.get(Clock) as ManualClock;
  clock.set(new Date('2026-01-05T09:00:00Z'));
  // Every answer is checked against the OpenAPI document the app serves (openapi-contract.ts).
  const http = await contractCheckedHttp(app);
  const tokens: Record<string, string> = {};
  for (const [account, email] of Object.entries(DEMO)) {
    // The demo's passwords are random, drawn at seeding: the app keeps them for its demo route.
    const password = app.get(DemoCredentials).passwordOf(email);
    const res = await http.post('/api/auth/login').send({ email, password });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens[account] = res.body.accessToken;
  }
  return {
    app,
    http,
    clock,
    database,
    tokens,
    redisPrefix,
    close: async () => {
      await app.close();
      await database.drop();
      await dropRedisPrefix(redisPrefix);
      reportTally();
    },
  };
}

/** The contract of each document served, with its compiled validators: a test file starts several apps (one a database, or one a test), which serve the same document. */
const contracts = new Map<string, ResponseContract>();

/** A supertest client of `app` that checks every answer against the app's own OpenAPI document. */
export async function contractCheckedHttp(app: INestApplication): Promise<ReturnType<typeof request>> {
  const document = await request(app.getHttpServer()).get('/docs-json');
  if (document.status !== 200) throw new Error(`GET /docs-json: ${document.status}`);
  let contract = contracts.get(document.text);
  if (!contract) contracts.set(document.text, (contract = new ResponseContract(document.body)));
  return checkedHttp(app.getHttpServer(), contract);
}

/** With OPENAPI_TALLY=<file>, each app appends how many answers it checked (a line of JSON). */
export function reportTally(): void {
  if (process.env.OPENAPI_TALLY) appendFileSync(process.env.OPENAPI_TALLY, `${JSON.stringify(tally)}\n`);
  tally.validated = 0;
  tally.undocumented = 0;
}

/** The generated password of a demo account. */
export const passwordOf = (t: TestApp, account: DemoAccount): string => t.app.get(DemoCredentials).passwordOf(DEMO[account]);

export const bearer = (t: TestApp, account: DemoAccount) => ({ authorization: `Bearer ${t.tokens[account]}` });
