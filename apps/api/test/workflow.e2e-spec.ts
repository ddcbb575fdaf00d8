import { type INestApplication } from '@nestjs/common';
import type request from 'supertest';
import { createApp } from '../src/bootstrap.js';
import { contractCheckedHttp, reportTally } from '../../../test/support/test-app.js';
import { InvalidConfiguration, loadConfig } from '#application';
import { dropRedisPrefix } from '../../../test/support/redis.js';

describe('GET /health and GET /api/workflow', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ALACARTE_ROLE: 'api', REDIS_PREFIX: `t_wf_${process.pid}` }), { logger: false });
    await app.init();
    http = await contractCheckedHttp(app);
  });
  afterAll(async () => {
    await app.close();
    await dropRedisPrefix(`t_wf_${process.pid}`);
    reportTally();
  });

  it('answers the health check with JSON', async () => {
    const res = await http.get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', machineVersion: 1, checks: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('describes the machine: French labels, roles per event, fields, and a Mermaid diagram', async () => {
    const res = await http.get('/api/workflow').expect(200);
    expect(res.body.states).toEqual(expect.arrayContaining([{ id: 'active.term.renewalDue', label: 'Reconduction à confirmer', type: 'atomic', parent: 'active.term' }]));
    expect(res.body.events).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'VALIDATE_RENEWAL', roles: ['dgs'], label: 'Valider la reconduction' })]),
    );
    expect(res.body.mermaid).toMatch(/^stateDiagram-v2\n/);
  });

  it('publishes its OpenAPI document', async () => {
    const res = await http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/workflow']));
  });
});

describe('configuration', () => {
  it('refuses to start in production with a weak or missing shared secret or the manual clock, listing each problem', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://localhost/test' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ALACARTE_CLOCK: 'manual' })).toThrow(/JWT_SECRET: too little entropy[\s\S]*ALACARTE_CLOCK/);
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(InvalidConfiguration);
  });

  it('defaults to an embedded SQLite file and reads postgres URLs', () => {
    const JWT_SECRET = 'a-test-secret-that-is-long-and-varied-enough-42';
    expect(loadConfig({ JWT_SECRET }).database).toEqual({ type: 'sqlite', path: './data/alacarte.sqlite' });
    expect(loadConfig({ JWT_SECRET, DATABASE_URL: 'postgres://localhost/test' }).database).toEqual({ type: 'postgres', url: 'postgres://localhost/test' });
  });
});
