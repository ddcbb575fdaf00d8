// When a convention is in force, as the money of each year needs it: from its start to the first day it no
// longer is. A convention still running is counted to its planned end: the notice's effective date, the
// anniversary of a year the commune declined to renew, or the end of its term.
import { anniversary, compareCivil, type CivilDate, type Coverage, type CostRevision, type Periodicity } from '#domain';
import { CONVENTION_YEARS, type AdhesionContext } from './adhesion.machine.js';
import { topState, type PersistedAdhesionState } from './snapshot.js';

export function conventionCoverage(state: Pick<PersistedAdhesionState, 'value' | 'context'>): Coverage | null {
  const c: AdhesionContext = state.context;
  if (!c.startDate) return null;
  const termEnd = anniversary(c.startDate, CONVENTION_YEARS);
  const top = topState(state.value);
  const agreedEnd = c.termination?.agreedOn ? c.termination.effectiveDate : undefined;
  const earliest = (...dates: Array<CivilDate | undefined>): CivilDate =>
    dates.filter((d): d is CivilDate => d !== undefined).reduce((a, b) => (compareCivil(a, b) <= 0 ? a : b));
  switch (top) {
    case 'terminated':
      return { from: c.startDate, until: earliest(termEnd, c.notice?.effectiveDate, agreedEnd) };
    case 'lapsed':
      return { from: c.startDate, until: anniversary(c.startDate, Math.max(1, c.year)) };
    case 'ended':
      return { from: c.startDate, until: termEnd };
    case 'active': {
      const value = JSON.stringify(state.value);
      const declined = value.includes('renewalDeclined') || value.includes('renewalRefused') ? anniversary(c.startDate, c.year) : undefined;
      return { from: c.startDate, until: earliest(termEnd, c.notice?.effectiveDate, declined, agreedEnd) };
    }
    default:
      return null;
  }
}

/** The payment terms in force: how often the commune pays, and which unit cost applies. */
export function paymentTerms(state: Pick<PersistedAdhesionState, 'context'>): { periodicity: Periodicity; costRevision: CostRevision } {
  const source = state.context.terms ?? state.context.proposal;
  return { periodicity: source?.periodicity ?? 'yearly', costRevision: source?.costRevision ?? 'yearly' };
}
