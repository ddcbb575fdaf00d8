// The generic domain errors live in libs/domain and are re-exported here, so that `from '#workflow'` keeps
// working. Only the error that belongs to the machine itself is defined here.
import { DomainError } from '#domain';

export { Conflict, DomainError, Forbidden, InvalidInput, NotFound, RuleViolation, StaleVersion, TransitionNotAllowed, type RuleIssue } from '#domain';

/** A stored snapshot cannot be restored by this version of the machine. */
export class SnapshotIncompatible extends DomainError {
  readonly code = 'snapshot_incompatible';
}
