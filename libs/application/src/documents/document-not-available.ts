import { Conflict } from '#workflow';

/**
 * The adhesion has not reached the step at which this document exists: a convention or a proposal needs an
 * issued proposal, the annual statement a convention in force. A 409 like any refusal of the current state;
 * the client's code is `document_not_available` (the filter takes a Conflict's `reason` as its code).
 */
export class DocumentNotAvailable extends Conflict {
  constructor(kind: string, state: string) {
    super(`The ${kind} is not available in state ${state}`, { reason: 'document_not_available', kind, state });
  }
}
