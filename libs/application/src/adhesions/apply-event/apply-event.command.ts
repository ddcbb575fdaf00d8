import { type IdempotencyContext } from '../../common/idempotency.js';

/**
 * One machine event on one adhesion. The body is `{ type, ...payload }` as received, from HTTP or from the
 * scheduler: it is checked against the event's own definition (libs/workflow) by the use case, whoever sends it.
 */
export interface ApplyEventCommand {
  adhesionId: string;
  body: Record<string, unknown>;
  /** The version the caller saw (If-Match); the loaded one when absent. */
  expectedVersion?: number;
  idempotency?: IdempotencyContext;
}
