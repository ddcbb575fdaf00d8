import { DomainError } from '#workflow';

/** The same Idempotency-Key was sent again with another request. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'idempotency_key_reused';
}

/** A precondition of the request (If-Match, Idempotency-Key) is malformed. */
export class InvalidPrecondition extends DomainError {
  readonly code = 'invalid_precondition';
}
