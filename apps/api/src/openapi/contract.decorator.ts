// One decorator per route for its whole HTTP contract: a name a person would choose, the request body and
// query from libs/contracts, every status it answers with its body (the one error schema for 4xx and 5xx),
// and whether it is public. The OpenAPI document is built from it (openapi-document.ts).
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { apiErrorSchema, requestSchemas, responseSchemas } from '#contracts';
import { z } from 'zod';

/** A success answer: a JSON body from the contracts, no body (204), or other media types (a PDF, a calendar, a file's own). */
export type SuccessBody = z.ZodType | { contentType: string | readonly string[]; schema: Record<string, unknown> } | null;

export interface RouteContract {
  /** camelCase, as a person would name the call: getAdhesion, sendAdhesionEvent. */
  operationId: string;
  summary: string;
  description?: string;
  /** No login needed (@Public()): the operation declares `security: []`. */
  public?: boolean;
  /**
   * A request body registered in libs/contracts (`request()`), a component built here (the events), or a
   * multipart form (an upload: its JSON schema, with the file as `format: binary`).
   */
  body?: z.ZodType | { ref: string; description?: string } | { multipart: Record<string, unknown>; description?: string };
  query?: z.ZodObject;
  /** The success status (200 by default) and its body. */
  status?: number;
  ok: SuccessBody;
  okDescription: string;
  /** Other answers with a body of their own (a health check that is down still describes itself). */
  also?: Array<{ status: number; body: z.ZodType; description: string }>;
  /** Every error status the route answers, with when. 401 (without a valid token) and 500 are added. */
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429, string>>;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** The component name of a schema registered in libs/contracts. */
export function componentOf(schema: z.ZodType, kind: 'request' | 'response'): string {
  const id = (kind === 'request' ? requestSchemas : responseSchemas).get(schema)?.id;
  if (!id) throw new Error(`A ${kind} schema of a route is not registered in libs/contracts`);
  return id;
}

/** The query parameters of a zod object, as a client sends them (strings; defaults applied by the server). */
function queryParameters(query: z.ZodObject) {
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, required: json.required?.includes(name) ?? false, schema: rest, ...(typeof description === 'string' && { description }) };
  });
}

const errorContent = { 'application/json': { schema: ref(componentOf(apiErrorSchema, 'response')) } };

export function Contract(contract: RouteContract): MethodDecorator {
  const decorators: Array<MethodDecorator | ClassDecorator> = [
    ApiOperation({
      operationId: contract.operationId,
      summary: contract.summary,
      ...(contract.description && { description: contract.description }),
      ...(contract.public && { security: [] }),
    }),
  ];
  const ok = contract.ok;
  const content =
    ok === null
      ? undefined
      : ok instanceof z.ZodType
        ? { 'application/json': { schema: ref(componentOf(ok, 'response')) } }
        : Object.fromEntries((typeof ok.contentType === 'string' ? [ok.contentType] : ok.contentType).map((type) => [type, { schema: ok.schema }]));
  decorators.push(ApiResponse({ status: contract.status ?? 200, description: contract.okDescription, ...(content && { content }) }));
  for (const other of contract.also ?? []) {
    decorators.push(ApiResponse({ status: other.status, description: other.description, content: { 'application/json': { schema: ref(componentOf(other.body, 'response')) } } }));
  }
  const errors: Record<number, string | undefined> = { ...contract.errors };
  if (!contract.public) errors[401] = 'No valid token, bearer or cookie (`unauthenticated`).';
  errors[500] = 'An unexpected failure (`internal_error`): nothing of it leaves the process but this.';
  for (const [status, description] of Object.entries(errors)) {
    if (!description) continue;
    decorators.push(ApiResponse({ status: Number(status), description, content: errorContent }));
  }
  if (contract.body && 'multipart' in contract.body) {
    const { multipart, description } = contract.body;
    decorators.push(ApiConsumes('multipart/form-data'), ApiBody({ required: true, schema: multipart as never, ...(description && { description }) }));
  } else if (contract.body) {
    const body = contract.body;
    const schema = body instanceof z.ZodType ? ref(componentOf(body, 'request')) : ref(body.ref);
    decorators.push(ApiBody({ required: true, schema, ...(!(body instanceof z.ZodType) && body.description && { description: body.description }) }));
  }
  for (const parameter of contract.query ? queryParameters(contract.query) : []) decorators.push(ApiQuery(parameter as never));
  return applyDecorators(...decorators);
}

/** The descriptions of the statuses most routes share. */
export const WHEN = {
  malformed: 'A body that is not JSON (`malformed_json`): every route parses one when it is sent.',
  invalid: 'Invalid input (`invalid_input` with the field issues, or `malformed_json`).',
  tooLarge: 'The body is too large (`payload_too_large`).',
  forbidden: 'The caller’s role may not do this (`forbidden`).',
  notFound: 'Not found in the caller’s scope (`not_found`): another commune’s or EPCI’s data is not found, never forbidden.',
  noEpci: 'The admin did not name an EPCI (`invalid_input`, field `epci`), or named an invalid one.',
} as const;
