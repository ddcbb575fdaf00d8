// The named schemas of the API: each becomes a component of the OpenAPI document under its id, and the
// api refers to it from the routes. Requests are documented as a client sends them (zod's input), responses
// as the server answers them (zod's output), so the two live in two registries.
import { z } from 'zod';

export interface SchemaName {
  id: string;
  description?: string;
}

export const requestSchemas = z.registry<SchemaName>();
export const responseSchemas = z.registry<SchemaName>();

/** A request body, named `id` in the OpenAPI document. */
export function request<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  requestSchemas.add(schema, { id, ...(description && { description }) });
  return schema;
}

/** A response body, named `id` in the OpenAPI document. */
export function response<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  responseSchemas.add(schema, { id, ...(description && { description }) });
  return schema;
}
