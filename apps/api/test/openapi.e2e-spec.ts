// The OpenAPI document is a true contract: redocly's recommended rules find no error in it, every route Nest
// serves is in it with a name a person would choose and its answers, and each body of the API is a schema
// from libs/contracts. That the answers match it is checked on every response of the e2e tier (test-app.ts).
import { type INestApplication } from '@nestjs/common';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import request from 'supertest';
import { loadConfig } from '#application';
import { createApp } from '../src/bootstrap.js';
import { dropRedisPrefix } from '../../../test/support/redis.js';

type Operation = { operationId?: string; responses?: Record<string, unknown>; security?: unknown[]; requestBody?: unknown; parameters?: Array<{ in: string; name: string }> };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

/** The routes Express really serves (Nest registers each handler there), as OpenAPI paths. */
function servedRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  // One layer per handler and method; a layer for every method at once is middleware, not a route.
  return express.router.stack.flatMap((layer) =>
    layer.route && Object.keys(layer.route.methods).length === 1 ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`) : [],
  );
}

describe('the OpenAPI document', () => {
  let app: INestApplication;
  let document: Document;
  const prefix = `t_oas_${process.pid}`;
  beforeAll(async () => {
    app = await createApp(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite::memory:', ALACARTE_ROLE: 'api', REDIS_PREFIX: prefix }), { logger: false });
    await app.init();
    document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await app?.close();
    await dropRedisPrefix(prefix);
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));

  it('has no error under redocly’s recommended rules', async () => {
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: '/docs-json.json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    const describe = (p: (typeof problems)[number]) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`;
    expect(problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
    // Warnings are not allowed either: each one is a hole a client generator would fall into.
    expect(problems.map(describe)).toEqual([]);
  });

  it('names every route Nest serves, with a person’s operationId and its answers', () => {
    const documented = new Map(operations().map(({ route, operation }) => [route, operation]));
    const served = servedRoutes(app).filter((route) => !/ \/docs/.test(route));
    expect(served.length).toBeGreaterThan(25);
    for (const route of served) {
      const operation = documented.get(route);
      expect([route, operation !== undefined]).toEqual([route, true]);
      expect(operation!.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(Object.keys(operation!.responses ?? {}).length).toBeGreaterThan(1);
    }
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares cookie and bearer auth, and the public routes as such', () => {
    const publicRoutes = operations()
      .filter(({ operation }) => Array.isArray(operation.security) && operation.security.length === 0)
      .map(({ route }) => route)
      .sort();
    expect(publicRoutes).toEqual(['GET /api/auth/demo-accounts', 'GET /api/calendar/{file}', 'GET /api/workflow', 'GET /health', 'POST /api/auth/login', 'POST /api/auth/logout']);
    expect(document).toMatchObject({
      security: [{ bearer: [] }, { cookie: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'alacarte_token' } } },
    });
    for (const { route, operation } of operations()) {
      if (!publicRoutes.includes(route)) expect([route, Object.keys(operation.responses ?? {})]).toEqual([route, expect.arrayContaining(['401'])]);
    }
  });

  it('declares the query parameters, the request bodies and an event as one of the payloads', () => {
    const get = (path: string, method = 'get') => document.paths[path][method];
    expect(get('/api/adhesions').parameters!.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['state', 'commune', 'service', 'deadlineBefore', 'page', 'pageSize', 'sort', 'after']);
    expect(get('/api/calendar/events').parameters!.map((p) => p.name)).toEqual(['from', 'to']);
    expect(get('/api/adhesions/{id}', 'patch').parameters!.filter((p) => p.in === 'header').map((p) => p.name)).toEqual(['If-Match']);
    for (const [path, method] of [['/api/adhesions', 'post'], ['/api/adhesions/{id}', 'patch'], ['/api/adhesions/{id}/events', 'post'], ['/api/services/{code}', 'patch'], ['/api/services/{code}/unit-costs/{year}', 'put'], ['/api/auth/login', 'post'], ['/api/admin/clock', 'post']]) {
      expect([path, method, get(path, method).requestBody]).toEqual([path, method, expect.objectContaining({ required: true })]);
    }
    const event = document.components.schemas.AdhesionEvent as { oneOf: unknown[]; discriminator: { mapping: Record<string, string> } };
    expect(event.oneOf.length).toBeGreaterThan(20);
    expect(event.discriminator.mapping).toMatchObject({ ISSUE_PROPOSAL: '#/components/schemas/IssueProposalEvent' });
    expect(document.components.schemas.IssueProposalEvent).toMatchObject({
      required: ['type', 'unitCostCents', 'forecastUnits', 'startDate', 'validUntil'],
      properties: { type: { const: 'ISSUE_PROPOSAL' }, unitCostCents: { type: 'integer' } },
    });
    // Time events are the scheduler's: nobody sends them over HTTP.
    expect(event.discriminator.mapping).not.toHaveProperty('ANNIVERSARY_PASSED');
  });
});
