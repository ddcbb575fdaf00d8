// Time is data: the next deadline of an adhesion is computed from its stored state and dates, stored
// beside it, and delivered by the scheduler as an ordinary event once it falls due.
import { addDays, anniversary, compareCivil, renewalWindowOpens, type CivilDate } from '#domain';
import { CONVENTION_YEARS, type AdhesionContext } from './adhesion.machine.js';
import { type TimeEventType } from './events.js';
import { leafStates, type PersistedAdhesionState } from './snapshot.js';

export interface Deadline {
  kind: TimeEventType;
  /** The civil day (Europe/Paris) from whose midnight the event is deliverable. */
  dueOn: CivilDate;
  /** The contract year (or 0 before the convention starts) the deadline belongs to: part of its identity. */
  cycle: number;
}

export function nextDeadline(state: Pick<PersistedAdhesionState, 'value' | 'context'>): Deadline | null {
  const leaves = leafStates(state.value);
  const context = state.context;
  if (leaves.includes('proposal.awaitingCommune') && context.proposal) {
    return { kind: 'PROPOSAL_EXPIRED', dueOn: addDays(context.proposal.validUntil, 1), cycle: 0 };
  }
  const term = leaves.find((leaf) => leaf.startsWith('active.term.'))?.slice('active.term.'.length);
  if (!term || !context.startDate) return null;
  const endOfYear = yearEnd(context);
  switch (term) {
    case 'inForce':
      return context.year < CONVENTION_YEARS
        ? {
            kind: 'RENEWAL_WINDOW_OPENED',
            dueOn: renewalWindowOpens(endOfYear.dueOn, context.renewalWindowDays),
            cycle: context.year,
          }
        : endOfYear;
    case 'renewalDue':
    case 'renewalConfirmed':
    case 'renewalDeclined':
    case 'renewalRefused':
      return endOfYear;
    case 'terminationAgreed': {
      const agreed: Deadline = { kind: 'TERMINATION_EFFECTIVE', dueOn: context.termination!.effectiveDate, cycle: context.year };
      return compareCivil(agreed.dueOn, endOfYear.dueOn) <= 0 ? agreed : endOfYear;
    }
    case 'underNotice': {
      const notice: Deadline = { kind: 'NOTICE_EFFECTIVE', dueOn: context.notice!.effectiveDate, cycle: context.year };
      // On the same day, the notice wins: it is the reason the convention ends.
      return compareCivil(notice.dueOn, endOfYear.dueOn) <= 0 ? notice : endOfYear;
    }
    default:
      return null;
  }
}

/** What happens at the end of the current contract year: lapse unless renewed, or the end of the term. */
function yearEnd(context: AdhesionContext): Deadline {
  const dueOn = anniversary(context.startDate!, Math.min(context.year, CONVENTION_YEARS));
  return context.year < CONVENTION_YEARS
    ? { kind: 'ANNIVERSARY_PASSED', dueOn, cycle: context.year }
    : { kind: 'TERM_ENDED', dueOn, cycle: context.year };
}
