import { Conflict } from '#workflow';

/**
 * The adhesion has not reached the step at which this document exists: a convention or a proposal needs an
 * issued proposal, the annual statement and the unit-cost letter a signed convention that touches the year (the
 * letter, a year whose cost is notified). A 409 like any refusal of the current state; the client's code is
 * `document_not_available` (the filter takes a Conflict's `reason` as its code), with the year when one was at stake.
 */
export class DocumentNotAvailable extends Conflict {
  constructor(kind: string, state: string, year?: number) {
    super(`The ${kind} is not available in state ${state}${year === undefined ? '' : ` for ${year}`}`, {
      reason: 'document_not_available',
      kind,
      state,
      ...(year === undefined ? {} : { year }),
    });
  }
}
