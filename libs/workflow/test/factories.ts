// Builders for machine tests: a happy path from draft to active, with each event stamped at a given instant.
import { addDays, parisMidnight, type CivilDate } from '#domain';
import { applyEvent, initialState, type PersistedAdhesionState } from '../src/snapshot.js';
import { type AdhesionEvent } from '../src/events.js';

export const at = (date: CivilDate, hour = 10): string =>
  new Date(parisMidnight(date).getTime() + hour * 3_600_000).toISOString();

/** Applies events in order; fails loudly when one is refused, naming it. */
export function run(events: AdhesionEvent[], from: PersistedAdhesionState = initialState()): PersistedAdhesionState {
  return events.reduce((state, event) => {
    const result = applyEvent(state, event);
    if (!result.accepted) throw new Error(`${event.type} refused in ${JSON.stringify(state.value)}`);
    return result.next;
  }, from);
}

/** The events that take an adhesion from draft to active, the commune deliberating first. */
export function pathToActive(day: CivilDate, opts: { staffImpact?: boolean; startDate?: CivilDate } = {}): AdhesionEvent[] {
  const d = (n: number) => at(addDays(day, n));
  const startDate = opts.startDate ?? addDays(day, 60);
  const events: AdhesionEvent[] = [
    { type: 'SUBMIT', at: d(0) },
    { type: 'ACKNOWLEDGE', at: d(1) },
    { type: 'REQUEST_INFO', question: 'Combien de permis par an ?', at: d(2) },
    { type: 'PROVIDE_INFO', answer: 'Environ quarante.', at: d(3) },
    { type: 'SUBMIT_STUDY', forecastUnits: 40.5, staffImpact: opts.staffImpact ?? false, at: d(4) },
    { type: 'APPROVE_STUDY', at: d(5) },
    { type: 'ISSUE_PROPOSAL', unitCostCents: 15_000, forecastUnits: 40.5, startDate, validUntil: addDays(day, 40), at: d(6) },
    { type: 'ACCEPT_PROPOSAL', at: d(7) },
  ];
  if (opts.staffImpact) events.push({ type: 'RECORD_CST_OPINION', opinion: 'favourable', date: addDays(day, 8), at: d(8) });
  events.push(
    { type: 'RECORD_DELIBERATION', party: 'commune', outcome: 'adopted', number: '2026-041', date: addDays(day, 9), at: d(9) },
    { type: 'RECORD_DELIBERATION', party: 'epci', outcome: 'adopted', number: 'DEL-2026-117', date: addDays(day, 10), at: d(10) },
    { type: 'SIGN', party: 'epci', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: addDays(day, 11), at: d(11) },
    { type: 'SIGN', party: 'commune', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: addDays(day, 12), at: d(12) },
  );
  return events;
}
