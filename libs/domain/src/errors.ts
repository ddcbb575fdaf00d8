// Domain errors, thrown by the libs and mapped once to HTTP statuses by the api's exception filter.
// Each carries a stable English `code` for clients; the French message for the UI is chosen by the filter.
// Generic on purpose: a lib-specific error (e.g. libs/workflow's SnapshotIncompatible) extends DomainError.

export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
  }
}

/** The event is valid but the adhesion's current state (or a rule) does not accept it. */
export class TransitionNotAllowed extends DomainError {
  readonly code = 'transition_not_allowed';
}

/** The thing does not exist, or the caller may not know that it exists. */
export class NotFound extends DomainError {
  readonly code = 'not_found';
}

/** The caller's copy is older than the stored one: someone else wrote in between. */
export class StaleVersion extends DomainError {
  readonly code = 'stale_version';
}

/** The caller's role or scope does not allow this action. */
export class Forbidden extends DomainError {
  readonly code = 'forbidden';
}

/** The input is malformed: each issue names a field and a stable code. */
export class InvalidInput extends DomainError {
  readonly code = 'invalid_input';
}

/** Another live adhesion already exists for this commune and service, or a unique value is taken. */
export class Conflict extends DomainError {
  readonly code = 'conflict';
}

/** One broken rule: the field it concerns, a stable code, and the French sentence that states the rule. */
export interface RuleIssue {
  field: string;
  code: string;
  message: string;
}

/** The input is well-formed but breaks a business rule (a date out of the chain, units out of the convention). */
export class RuleViolation extends DomainError {
  readonly code = 'rule_violated';
  constructor(readonly issues: RuleIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.code}`).join(', '), { issues });
  }
}
