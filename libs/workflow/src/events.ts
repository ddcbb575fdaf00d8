// The vocabulary of the adhesion lifecycle, as the machine and its callers see it: the event types, their
// payloads and the one function that checks a payload. All of it is read from event-definitions.ts; the
// machine checks every event it receives with `hasValidPayload`, and the API parses with `parseEvent`
// before it even loads an adhesion.
import { type z } from 'zod';
import { EVENT_DEFINITIONS, EVENT_TYPES, eventDefinition, isEventType, type EventType } from './event-definitions.js';

export {
  EVENT_TYPES,
  isEventType,
  PARTIES,
  PARTY_EVENT_TYPES,
  ROLES,
  termsSchema,
  TIME_EVENT_TYPES,
  type EventType,
  type Party,
  type PartyEventType,
  type Role,
  type Terms,
  type TimeEventType,
} from './event-definitions.js';

type Definitions = typeof EVENT_DEFINITIONS;
/** Payload schemas, keyed by event type. `at` (the instant of the event) is added by the server, never trusted from a client. */
export const EVENT_PAYLOADS = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, EVENT_DEFINITIONS[type].schema]),
) as { readonly [K in EventType]: Definitions[K]['schema'] };

/** The instant at which an event happens, as an ISO-8601 string, stamped by the server from its clock. */
type Stamped = { at: string };
/** zod infers `{}` schemas as `Record<string, never>`, which would forbid `type` and `at`: map them to `object`. */
type PayloadOf<K extends EventType> = string extends keyof z.infer<(typeof EVENT_PAYLOADS)[K]>
  ? object
  : z.infer<(typeof EVENT_PAYLOADS)[K]>;
export type AdhesionEvent = {
  [K in EventType]: { type: K } & PayloadOf<K> & Stamped;
}[EventType];
export type EventOf<K extends EventType> = Extract<AdhesionEvent, { type: K }>;

export interface PayloadIssue {
  field: string;
  code: string;
}

/**
 * Parses an untrusted payload for an event type. Unknown fields are dropped; the result carries `at`.
 * Returns the issues (field path + stable code) instead of throwing, so callers can build a 400.
 */
export function parseEvent(
  type: EventType,
  payload: unknown,
  at: string,
): { ok: true; event: AdhesionEvent } | { ok: false; issues: PayloadIssue[] } {
  const result = eventDefinition(type).schema.safeParse(payload ?? {});
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', code: issueCode(i, payload) })),
    };
  }
  return { ok: true, event: { ...result.data, type, at } as AdhesionEvent };
}

function issueCode(issue: z.core.$ZodIssue, payload: unknown): string {
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_type') {
    const value = issue.path.reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
      payload,
    );
    return value === undefined ? 'required' : 'invalid_type';
  }
  return issue.code;
}

/**
 * The one payload check of the machine: a known type, a valid instant `at`, and a payload its schema
 * accepts. The machine applies it to every event it receives, before any other guard.
 */
export function hasValidPayload(event: { type: string; at?: unknown }): boolean {
  if (!isEventType(event.type)) return false;
  if (typeof event.at !== 'string' || Number.isNaN(Date.parse(event.at))) return false;
  return eventDefinition(event.type).schema.safeParse(event).success;
}
