// Every answer of the e2e tier is checked against the OpenAPI document the api serves: a documented route
// must declare the status it answered, the media type, and (for JSON) a schema its body matches. A mismatch
// fails the request with the route and ajv's errors. Routes the document does not have (an unknown path,
// the web's files) are left alone: they answer 404 route_not_found, which the document has no path for.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type ValidateFunction } from 'ajv';
import request from 'supertest';
import type { Response } from 'supertest';

type MediaTypes = Record<string, { schema?: unknown }>;
type Operation = { operationId?: string; responses: Record<string, { content?: MediaTypes }> };
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operation: Operation;
}

// ajv-formats is CommonJS with a default export: under native ESM the function is the module's `default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/** The number of answers checked, in this process (the e2e files report it when they close their app). */
export const tally = { validated: 0, undocumented: 0 };

export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    // The schemas refer to each other as #/components/schemas/X: one schema holds them, named `openapi`.
    this.ajv.addSchema(retarget({ $id: 'openapi', components: document.components }));
    this.routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), template, pattern: patternOf(template), operation })),
      )
      // A literal segment wins over a parameter: /api/calendar/events before /api/calendar/{file}.
      .sort((a, b) => parameters(a.template) - parameters(b.template));
  }

  /** Throws when the answer does not keep the contract. */
  check(method: string, url: string, response: Response): void {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const route = this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    if (!route) {
      tally.undocumented += 1;
      return;
    }
    const where = `${method.toUpperCase()} ${path} (${route.operation.operationId} ${route.template})`;
    const declared = route.operation.responses[String(response.status)];
    if (!declared) {
      throw new Error(`${where} answered ${response.status}, which the OpenAPI document does not declare (it declares ${Object.keys(route.operation.responses).join(', ')}). Body: ${response.text?.slice(0, 300)}`);
    }
    const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
    const media = Object.keys(declared.content ?? {});
    if (media.length === 0) {
      if (response.text) throw new Error(`${where} answered ${response.status} with a body the document does not declare: ${response.text.slice(0, 300)}`);
    } else if (!media.includes(contentType)) {
      throw new Error(`${where} answered ${response.status} as ${contentType || 'nothing'}, the document declares ${media.join(', ')}`);
    } else if (contentType === 'application/json') {
      const validate = this.validator(route, String(response.status), declared.content![contentType].schema);
      if (!validate(response.body)) {
        const errors = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
        throw new Error(`${where} answered ${response.status} with a body that does not match the OpenAPI document:\n  ${errors.join('\n  ')}\nBody: ${JSON.stringify(response.body).slice(0, 500)}`);
      }
    }
    tally.validated += 1;
  }

  private validator(route: Route, status: string, schema: unknown): ValidateFunction {
    const key = `${route.method} ${route.template} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(retarget(schema) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** `#/components/schemas/X` → `openapi#/components/schemas/X`, so that a schema compiled alone finds them. */
function retarget<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')) as T;
}

function patternOf(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const parameters = (template: string) => (template.match(/\{/g) ?? []).length;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** A supertest client of `server` whose every answer is checked against the document. */
export function checkedHttp(server: Parameters<typeof request>[0], contract: ResponseContract): ReturnType<typeof request> {
  const http = request(server);
  for (const method of METHODS) {
    const send = http[method].bind(http) as (url: string) => ReturnType<ReturnType<typeof request>['get']>;
    (http as unknown as Record<string, unknown>)[method] = (url: string) => send(url).expect((response: Response) => contract.check(method, url, response));
  }
  return http;
}
