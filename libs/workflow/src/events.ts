// The vocabulary of the adhesion lifecycle: every event the HTTP API and the scheduler may send,
// with the payload each one needs. The schemas are the single definition of a valid payload: the
// machine's guards use them, and so does the API before it even loads an adhesion.
import { z } from 'zod';
import { isCivilDate } from '#domain';

export const PARTIES = ['commune', 'epci'] as const;
export type Party = (typeof PARTIES)[number];

export const ROLES = ['secretary', 'agent', 'dgs', 'system'] as const;
export type Role = (typeof ROLES)[number];

const civilDate = z.string().refine(isCivilDate, { message: 'invalid_date' });
const text = (max = 2000) => z.string().trim().min(1).max(max);
const optionalText = (max = 2000) => z.string().trim().max(max).optional();
/** Units may be fractional (weighted ADS acts); at most 4 decimals, so that money stays exact. */
const units = z
  .number()
  .nonnegative()
  .max(1e9)
  .refine((n) => Number.isFinite(n) && Math.abs(Math.round(n * 1e4) - n * 1e4) < 1e-6, { message: 'too_many_decimals' });
const party = z.enum(PARTIES);

export const termsSchema = z.object({
  unitCostCents: z.number().int().positive().max(1e11),
  forecastUnits: units,
  description: text(4000),
});
export type Terms = z.infer<typeof termsSchema>;

/** Payload schemas, keyed by event type. `at` (the instant of the event) is added by the server, never trusted from a client. */
export const EVENT_PAYLOADS = {
  // commune side
  SUBMIT: z.object({}),
  WITHDRAW: z.object({ reason: optionalText() }),
  PROVIDE_INFO: z.object({ answer: text(5000) }),
  ACCEPT_PROPOSAL: z.object({}),
  REQUEST_CHANGES: z.object({ comment: text(5000) }),
  DECLINE_PROPOSAL: z.object({ reason: optionalText() }),
  CONFIRM_RENEWAL: z.object({ plannedUnits: units }),
  DECLINE_RENEWAL: z.object({ reason: optionalText() }),
  // EPCI side
  ACKNOWLEDGE: z.object({}),
  DECLARE_INADMISSIBLE: z.object({ reason: text() }),
  REQUEST_INFO: z.object({ question: text(5000) }),
  SUBMIT_STUDY: z.object({ forecastUnits: units, staffImpact: z.boolean(), notes: optionalText(10000) }),
  APPROVE_STUDY: z.object({}),
  REVISE_STUDY: z.object({ comment: optionalText(5000) }),
  REJECT: z.object({ reason: text() }),
  ISSUE_PROPOSAL: z.object({
    unitCostCents: z.number().int().positive().max(1e11),
    forecastUnits: units.refine((n) => n > 0, { message: 'must_be_positive' }),
    startDate: civilDate,
    validUntil: civilDate,
  }),
  RECORD_CST_OPINION: z.object({ opinion: z.enum(['favourable', 'unfavourable']), date: civilDate }),
  VALIDATE_RENEWAL: z.object({}),
  // either side, each for its own party
  RECORD_DELIBERATION: z.object({
    party,
    outcome: z.enum(['adopted', 'refused']),
    number: text(100),
    date: civilDate,
  }),
  SIGN: z.object({ party, signatoryName: text(200), signatoryQuality: text(200), date: civilDate }),
  PROPOSE_AMENDMENT: z.object({ party, terms: termsSchema }),
  ACCEPT_AMENDMENT: z.object({ party }),
  REFUSE_AMENDMENT: z.object({ party, reason: optionalText() }),
  GIVE_NOTICE: z.object({ party, reason: z.string().trim().min(10).max(5000), effectiveDate: civilDate }),
  // time, sent only by the scheduler
  RENEWAL_WINDOW_OPENED: z.object({}),
  ANNIVERSARY_PASSED: z.object({}),
  PROPOSAL_EXPIRED: z.object({}),
  NOTICE_EFFECTIVE: z.object({}),
  TERM_ENDED: z.object({}),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export const TIME_EVENT_TYPES = [
  'RENEWAL_WINDOW_OPENED',
  'ANNIVERSARY_PASSED',
  'PROPOSAL_EXPIRED',
  'NOTICE_EFFECTIVE',
  'TERM_ENDED',
] as const satisfies readonly EventType[];
export type TimeEventType = (typeof TIME_EVENT_TYPES)[number];
export const PARTY_EVENT_TYPES = [
  'RECORD_DELIBERATION',
  'SIGN',
  'PROPOSE_AMENDMENT',
  'ACCEPT_AMENDMENT',
  'REFUSE_AMENDMENT',
  'GIVE_NOTICE',
] as const satisfies readonly EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_PAYLOADS, value);
}

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
  const result = EVENT_PAYLOADS[type].safeParse(payload ?? {});
  if (!result.success) {
    return {
      ok: false,
      issues: result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', code: issueCode(i, payload) })),
    };
  }
  return { ok: true, event: { ...(result.data as object), type, at } as AdhesionEvent };
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

/** True when the event's own payload is valid: the machine refuses anything else. */
export function hasValidPayload(event: { type: string; at?: unknown }): boolean {
  if (!isEventType(event.type)) return false;
  if (typeof event.at !== 'string' || Number.isNaN(Date.parse(event.at))) return false;
  return EVENT_PAYLOADS[event.type].safeParse(event).success;
}
