// The one way, for tests, fixtures, the bench and the demo, to take a request from draft to a convention in
// force: the events in the order the law allows (the commune deliberating first), stamped from a given day.
import { addDays, parisMidnight, type CivilDate } from '#domain';
import { type AdhesionEvent } from './events.js';
import { type AdhesionInput } from './adhesion.machine.js';
import { applyEvent, initialState, type PersistedAdhesionState } from './snapshot.js';

export interface PathToActive {
  /** The convention's start date; 60 days after `day` by default. */
  startDate?: CivilDate;
  /** The proposal's last day; 40 days after `day` by default. */
  validUntil?: CivilDate;
  /** Agents affected: the comité social territorial gives its opinion before the councils. */
  staffImpact?: boolean;
  /** The comité social territorial is consulted whatever the study says (a service commun or unifié). */
  cstAlways?: boolean;
  /** A question of the study and its answer. */
  withQuestion?: boolean;
  forecastUnits?: number;
  unitCostCents?: number;
  /** Days between two steps: 1 spreads the path over days, 0 dates every step `day`. */
  stepDays?: number;
}

/** The instant of a civil day at `hour` in Paris. */
export const parisInstant = (date: CivilDate, hour = 10): string => new Date(parisMidnight(date).getTime() + hour * 3_600_000).toISOString();

export function pathToActive(day: CivilDate, options: PathToActive = {}): AdhesionEvent[] {
  const { staffImpact = false, withQuestion = false, forecastUnits = 10, unitCostCents = 18_000, stepDays = 1 } = options;
  const startDate = options.startDate ?? addDays(day, 60);
  const validUntil = options.validUntil ?? addDays(day, 40);
  let step = 0;
  const next = () => addDays(day, stepDays * step++);
  const stamped = <E extends Omit<AdhesionEvent, 'at'>>(event: E) => ({ ...event, at: parisInstant(next()) }) as AdhesionEvent;
  const dated = <E extends object>(event: E) => {
    const date = next();
    return { ...event, date, at: parisInstant(date) } as unknown as AdhesionEvent;
  };
  return [
    stamped({ type: 'SUBMIT' }),
    stamped({ type: 'ACKNOWLEDGE' }),
    ...(withQuestion
      ? [stamped({ type: 'REQUEST_INFO', question: 'Combien de permis par an ?' }), stamped({ type: 'PROVIDE_INFO', answer: 'Environ quarante.' })]
      : []),
    stamped({ type: 'SUBMIT_STUDY', forecastUnits, staffImpact }),
    stamped({ type: 'APPROVE_STUDY' }),
    stamped({ type: 'ISSUE_PROPOSAL', unitCostCents, forecastUnits, startDate, validUntil }),
    stamped({ type: 'ACCEPT_PROPOSAL' }),
    ...(staffImpact || options.cstAlways ? [dated({ type: 'RECORD_CST_OPINION', opinion: 'favourable' })] : []),
    dated({ type: 'RECORD_DELIBERATION', party: 'commune', outcome: 'adopted', number: '2026-041' }),
    dated({ type: 'RECORD_DELIBERATION', party: 'epci', outcome: 'adopted', number: 'DEL-2026-117' }),
    dated({ type: 'SIGN', party: 'epci', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président' }),
    dated({ type: 'SIGN', party: 'commune', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire' }),
  ];
}

/** Applies events in order; fails loudly when one is refused, naming it. */
export function runEvents(events: readonly AdhesionEvent[], from: PersistedAdhesionState = initialState()): PersistedAdhesionState {
  return events.reduce((state, event) => {
    const result = applyEvent(state, event);
    if (!result.accepted) throw new Error(`${event.type} refused in ${JSON.stringify(state.value)}`);
    return result.next;
  }, from);
}

/** A convention in force since `startDate`, reached by the path above from `input`. */
export function activeState(startDate: CivilDate, input: AdhesionInput = {}, options: Omit<PathToActive, 'startDate' | 'cstAlways'> = {}): PersistedAdhesionState {
  return runEvents(pathToActive(addDays(startDate, -60), { ...options, startDate, cstAlways: input.cstAlways }), initialState(input));
}
