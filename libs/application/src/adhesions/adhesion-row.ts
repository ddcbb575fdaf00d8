// From the machine's state to the stored adhesion: the one mapping every writer uses (the use cases, the
// fixtures of the fast tier, the bulk loaders of the tests and the bench), so that the columns that lists
// and the sweep read (state, deadline, anniversary…) can never disagree with the snapshot.
import { currentAnniversary, isFinal, nextDeadline, stateKey, topState, type AdhesionInput, type PersistedAdhesionState } from '#workflow';
import { parisMidnight } from '#domain';
import { type Adhesion, type Service } from '../ports/records.js';

/**
 * What an adhesion takes from its service when it is created, and keeps whatever the service later becomes:
 * its notice period, its renewal window, and whether the comité social territorial is always consulted (a
 * service commun or unifié, L5211-4-2 / L5111-1-1) or only when staff are affected (a mise à disposition).
 */
export function adhesionInput(service: Pick<Service, 'noticePeriodMonths' | 'renewalWindowDays' | 'legalBasis'>): AdhesionInput {
  return {
    noticePeriodMonths: service.noticePeriodMonths,
    renewalWindowDays: service.renewalWindowDays,
    ...(service.legalBasis === 'mise_a_disposition' ? {} : { cstAlways: true }),
  };
}

/** The instant from which a deadline's event may be delivered: midnight in Paris of its day. */
export function deadlineInstant(dueOn: string): string {
  return parisMidnight(dueOn).toISOString();
}

export type StateColumns = Pick<
  Adhesion,
  'state' | 'stateDetail' | 'snapshot' | 'machineVersion' | 'nextDeadlineAt' | 'nextDeadlineKind' | 'nextDeadlineCycle' | 'startDate' | 'contractYear' | 'anniversaryOn'
>;

/** The columns that follow from a machine state. */
export function stateColumns(state: PersistedAdhesionState): StateColumns {
  const deadline = nextDeadline(state);
  return {
    state: topState(state.value),
    stateDetail: stateKey(state.value),
    snapshot: { value: state.value, context: state.context },
    machineVersion: state.machineVersion,
    nextDeadlineAt: deadline ? deadlineInstant(deadline.dueOn) : null,
    nextDeadlineKind: deadline?.kind ?? null,
    nextDeadlineCycle: deadline?.cycle ?? null,
    startDate: state.context.startDate,
    contractYear: state.context.year,
    anniversaryOn: currentAnniversary(state),
  };
}

/**
 * The `changes` whose value differs from the stored adhesion's, for a compare-and-swap: a column left out of the
 * UPDATE is one whose indexes SQLite leaves alone (it updates the indexes of every column the UPDATE sets,
 * changed or not). The snapshot, an object, is always written.
 */
export function changedColumns(stored: Adhesion, changes: Partial<Adhesion>): Partial<Adhesion> {
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => (typeof value === 'object' && value !== null) || value !== stored[key as keyof Adhesion]),
  ) as Partial<Adhesion>;
}

/** The current forecast: the convention's terms once in force, else the proposal's, else the study's, else the request's. */
export function currentForecast(state: PersistedAdhesionState, requested: string): string {
  const c = state.context;
  return String(c.terms?.forecastUnits ?? c.proposal?.forecastUnits ?? c.study?.forecastUnits ?? requested);
}

export interface NewAdhesion {
  id: string;
  communeInsee: string;
  epciSiren: string;
  serviceCode: string;
  options: string[];
  forecastUnits: string;
  createdBy: string;
  at: string;
  /** The machine state it is in (the initial one for a request; later ones for bulk loads); `version` its number of audit rows. */
  state: PersistedAdhesionState;
  version?: number;
  /** The adhesion whose convention this one renews at its term: it takes the successor's live key beside it. */
  renews?: string;
}

/** The live key of a commune and a service: one live adhesion per pair, and one successor beside it. */
export function liveKeyOf(communeInsee: string, serviceCode: string, successor = false): string {
  return `${communeInsee}:${serviceCode}${successor ? ':renewal' : ''}`;
}

/** A whole adhesion row for a commune, a service and a machine state. */
export function newAdhesion(input: NewAdhesion): Adhesion {
  return {
    id: input.id,
    communeInsee: input.communeInsee,
    epciSiren: input.epciSiren,
    serviceCode: input.serviceCode,
    liveKey: isFinal(input.state.value) ? null : liveKeyOf(input.communeInsee, input.serviceCode, input.renews !== undefined),
    renews: input.renews ?? null,
    options: input.options,
    forecastUnits: currentForecast(input.state, input.forecastUnits),
    ...stateColumns(input.state),
    version: input.version ?? 1,
    createdBy: input.createdBy,
    createdAt: input.at,
    updatedAt: input.at,
  };
}
