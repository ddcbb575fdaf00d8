// The OpenAPI document (GET /docs-json, browsed at /docs): Nest lists the routes; every schema comes from
// libs/contracts (z.toJSONSchema), and the body of an event is the oneOf of libs/workflow's event payloads.
// OpenAPI 3.1, whose schemas are JSON Schema 2020-12: what zod writes, nullable references included.
import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { requestSchemas, responseSchemas } from '#contracts';
import { describeWorkflow, EVENT_PAYLOADS, isEventType, PARTY_EVENT_TYPES } from '#workflow';
import { AUTH_COOKIE } from '../auth/auth.guard.js';

type JsonSchema = Record<string, unknown>;

const TAGS: Array<[string, string]> = [
  ['health', 'Whether the process can take work.'],
  ['workflow', 'The adhesion lifecycle, as data.'],
  ['auth', 'Logging in: a bearer token for clients, an httpOnly cookie for the browser.'],
  ['catalogue', 'The services of an EPCI, their settings and yearly costs; the communes and EPCIs.'],
  ['adhesions', 'One commune × one service, from the request to the end of its convention.'],
  ['documents', 'The PDFs of an adhesion: proposal, convention, annual statement.'],
  ['inbox', 'What waits on the caller.'],
  ['notifications', 'The in-app notifications of the caller.'],
  ['reports', 'The members of a service and the annual report.'],
  ['calendar', 'The coming deadlines, and their iCalendar feed.'],
  ['admin', 'The manual clock of tests and demos.'],
];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle('À la carte')
    .setDescription(
      'Adhésions des communes aux services communs de l’EPCI. Errors share one body (`ApiError`): a stable `code`, a French `message`, and for a 400 the field issues.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `accessToken` of POST /api/auth/login.' }, 'bearer')
    .addCookieAuth(AUTH_COOKIE, { type: 'apiKey', in: 'cookie', name: AUTH_COOKIE, description: 'The httpOnly cookie set at login, for the browser.' }, 'cookie')
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('cookie');
  for (const [name, description] of TAGS) builder = builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  document.openapi = '3.1.0';
  document.components = { ...document.components, schemas: { ...contractSchemas(), ...eventSchemas() } };
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, { parameters?: Array<{ in: string; name: string; description?: string }>; responses?: Record<string, unknown> }]>) {
      if (operation.parameters) operation.parameters = oneOfEachHeader(operation.parameters);
      if (WRITE_METHODS.includes(method)) {
        const own = operation.responses as Record<string, { description?: string } | undefined> | undefined;
        operation.responses = { ...operation.responses, ...writeAnswers(own?.['403'], own?.['415']) };
      }
      if (!operation.responses?.['503']) operation.responses = { ...operation.responses, 503: busy };
    }
  }
  return document;
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];
const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } };

/** SQLite's lock held by another process (apps/api/src/common/domain-exception.filter.ts). */
const busy = {
  description: 'The database is busy, its lock held by another process (`database_busy`): retry after `Retry-After` seconds.',
  headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
  content: errorContent,
};

/** What every write may answer before its route runs (apps/api/src/common/csrf.guard.ts). */
function writeAnswers(forbidden: { description?: string } | undefined, unsupported: { description?: string } | undefined): Record<string, unknown> {
  const notJson = 'A body, or a declared `Content-Type`, that is not JSON (`unsupported_media_type`).';
  const crossSite = 'Sent by the browser from another site, without a bearer token: a foreign `Origin` or `Sec-Fetch-Site: cross-site` (`cross_site_request`).';
  return {
    403: { description: forbidden?.description ? `${forbidden.description} ${crossSite}` : crossSite, content: errorContent },
    // An upload takes multipart/form-data instead, and says what else it answers 415 for.
    415: { description: unsupported?.description ?? notJson, content: errorContent },
  };
}

/**
 * Nest lists a header read with @Headers('if-match') beside the one @ApiHeader describes: header names are
 * case-insensitive, so keep one of each, the described one.
 */
function oneOfEachHeader<P extends { in: string; name: string; description?: string }>(parameters: P[]): P[] {
  const key = (p: P) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const best = new Map<string, P>();
  for (const p of parameters) if (!best.has(key(p)) || (p.description && !best.get(key(p))!.description)) best.set(key(p), p);
  return parameters.filter((p) => best.get(key(p)) === p);
}

const uri = (id: string) => `#/components/schemas/${id}`;

/** Every named schema of libs/contracts: requests as a client writes them, responses as the server answers. */
export function contractSchemas(): Record<string, JsonSchema> {
  const requests = z.toJSONSchema(requestSchemas, { io: 'input', uri, unrepresentable: 'any' }).schemas;
  const responses = z.toJSONSchema(responseSchemas, { io: 'output', uri, unrepresentable: 'any' }).schemas;
  const twice = Object.keys(requests).filter((id) => id in responses);
  if (twice.length) throw new Error(`Schemas named both as a request and a response: ${twice.join(', ')}`);
  return Object.fromEntries(Object.entries({ ...requests, ...responses }).map(([id, schema]) => [id, component(schema as JsonSchema)]));
}

/** A schema as a component: no `$id` nor `$schema` of its own, which would move the base of its references. */
function component(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

const pascal = (type: string) => type.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The body of POST /api/adhesions/{id}/events: one of the events people send (the time events are the
 * scheduler's), each with its `type` and its payload fields beside it. A two-party event's `party` is the
 * caller's own when left out.
 */
export function eventSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  const mapping: Record<string, string> = {};
  for (const event of describeWorkflow().events) {
    if (event.time || !isEventType(event.type)) continue;
    const payload = z.toJSONSchema(EVENT_PAYLOADS[event.type], { io: 'input', unrepresentable: 'any' }) as JsonSchema & {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    const party = (PARTY_EVENT_TYPES as readonly string[]).includes(event.type);
    const properties: Record<string, JsonSchema> = { type: { type: 'string', const: event.type }, ...payload.properties };
    if (party && properties.party) properties.party = { ...properties.party, description: 'The party the caller acts for: its own by default.' };
    const id = `${pascal(event.type)}Event`;
    schemas[id] = {
      type: 'object',
      title: event.label,
      description: `${event.label}. Sent by: ${event.roles.join(', ')}.`,
      properties,
      required: ['type', ...(payload.required ?? []).filter((name) => !(party && name === 'party'))],
    };
    mapping[event.type] = uri(id);
  }
  schemas.AdhesionEvent = {
    description: 'One event: its `type` and its payload fields beside it (GET /api/workflow lists the fields of each, in French).',
    oneOf: Object.values(mapping).map((ref) => ({ $ref: ref })),
    discriminator: { propertyName: 'type', mapping },
  };
  return schemas;
}
