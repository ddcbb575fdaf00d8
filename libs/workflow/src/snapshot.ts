// Persisting and restoring the machine. What is stored is our own small shape (state value + context +
// the machine version that wrote it), not XState's internal snapshot, so that it can be migrated.
import { __unsafe_getAllOwnEventDescriptors, createActor, initialTransition, type ActorScope, type SnapshotFrom, type StateValue } from 'xstate';
import { adhesionMachine, type AdhesionContext, type AdhesionInput } from './adhesion.machine.js';
import { SnapshotIncompatible } from './errors.js';
import { type AdhesionEvent } from './events.js';

/** Bump when a change to the machine makes older stored snapshots need a migration step below. */
export const MACHINE_VERSION = 1;

export interface PersistedAdhesionState {
  machineVersion: number;
  value: StateValue;
  context: AdhesionContext;
}

export type AdhesionSnapshot = SnapshotFrom<typeof adhesionMachine>;

type Migration = (state: PersistedAdhesionState) => PersistedAdhesionState;

/**
 * Step `n` turns a snapshot written by version n into one for version n + 1.
 * Version 0 is the shape written before versions were stored: identical to version 1.
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  0: (state) => ({ ...state, machineVersion: 1 }),
};

export function initialState(input: AdhesionInput = {}): PersistedAdhesionState {
  const [snapshot] = initialTransition(adhesionMachine, input);
  return persist(snapshot);
}

export function persist(snapshot: AdhesionSnapshot): PersistedAdhesionState {
  return { machineVersion: MACHINE_VERSION, value: snapshot.value, context: snapshot.context };
}

/** Brings a stored snapshot up to the current machine version, step by step. */
export function migrateSnapshot(stored: unknown): PersistedAdhesionState {
  if (!stored || typeof stored !== 'object' || !('value' in stored) || !('context' in stored)) {
    throw new SnapshotIncompatible('Stored snapshot has no state value or context');
  }
  let state = { machineVersion: 0, ...(stored as object) } as PersistedAdhesionState;
  if (!Number.isInteger(state.machineVersion) || state.machineVersion < 0) {
    throw new SnapshotIncompatible(`Invalid machine version ${String(state.machineVersion)}`);
  }
  if (state.machineVersion > MACHINE_VERSION) {
    throw new SnapshotIncompatible(
      `Snapshot written by machine version ${state.machineVersion}, newer than this code (${MACHINE_VERSION})`,
      { machineVersion: state.machineVersion },
    );
  }
  while (state.machineVersion < MACHINE_VERSION) {
    const step = MIGRATIONS[state.machineVersion];
    if (!step) throw new SnapshotIncompatible(`No migration from machine version ${state.machineVersion}`);
    state = step(state);
  }
  return state;
}

/** Restores a live snapshot; a state the machine no longer has is an error, never a crashed actor. */
export function restoreSnapshot(stored: unknown): AdhesionSnapshot {
  const state = migrateSnapshot(stored);
  let snapshot: AdhesionSnapshot;
  try {
    snapshot = adhesionMachine.resolveState({ value: state.value, context: state.context });
  } catch (error) {
    throw new SnapshotIncompatible(`Stored state ${JSON.stringify(state.value)} does not exist in the machine`, {
      cause: (error as Error).message,
    });
  }
  if (snapshot.status === 'error') throw new SnapshotIncompatible('Stored snapshot restores in error');
  return snapshot;
}

export type ApplyResult =
  | { accepted: true; next: PersistedAdhesionState; snapshot: AdhesionSnapshot }
  | { accepted: false };

/**
 * The scope of a pure transition, made once. XState's `transition(machine, snapshot, event)` builds the same
 * inert scope at every call, around a throw-away actor whose constructor computes the machine's initial state:
 * 40 % of a transition's time (docs/PERFORMANCE.md, decision 14). This machine spawns no actor, and its actions
 * are `assign`s, which the transition applies itself; the rest it hands to `actionExecutor`, which drops them,
 * as `applyEvent` always did with the actions `transition` returned. So one scope serves every transition.
 */
let inertScope: ActorScope<AdhesionSnapshot, AdhesionEvent> | null = null;
function pureScope(): ActorScope<AdhesionSnapshot, AdhesionEvent> {
  if (inertScope) return inertScope;
  const self = createActor(adhesionMachine, { input: {} });
  inertScope = {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: () => undefined,
  } as unknown as ActorScope<AdhesionSnapshot, AdhesionEvent>;
  return inertScope;
}

/** Computes the next state without running anything: load → compute → save is the caller's job. */
export function applyEvent(stored: PersistedAdhesionState | AdhesionSnapshot, event: AdhesionEvent): ApplyResult {
  const snapshot = 'machine' in stored ? (stored as AdhesionSnapshot) : restoreSnapshot(stored);
  if (!snapshot.can(event)) return { accepted: false };
  const next = adhesionMachine.transition(snapshot, event, pureScope() as never);
  return { accepted: true, next: persist(next), snapshot: next };
}

/** The same machine with the date rules switched off: what the state would accept but for its dates. */
const machineWithoutDateRules = adhesionMachine.provide({ guards: { datesFollowTheChain: () => true } });

/**
 * True when the state accepts this event but for its dates (date-rules.ts): the caller answers a breach of
 * the dates with the rule (a 422), and keeps the 409 for an event the state does not take at all.
 */
export function acceptedButForDates(stored: PersistedAdhesionState | AdhesionSnapshot, event: AdhesionEvent): boolean {
  const snapshot = 'machine' in stored ? (stored as AdhesionSnapshot) : restoreSnapshot(stored);
  return machineWithoutDateRules.resolveState({ value: snapshot.value, context: snapshot.context }).can(event);
}

/** The leaf states of a value, as dotted paths: `active.term.inForce`, `active.amendment.none`. */
/**
 * The event types that some active state node has a transition for. Any other event leaves the snapshot
 * as it is, so asking the machine about it (`can`, `transition`) is wasted work: callers filter first.
 * (XState exports this as `__unsafe_…` only because it reads the active nodes; the machine has no
 * wildcard transitions, which would make the list incomplete: a test in snapshot.spec.ts checks it.)
 */
export function handledEventTypes(snapshot: AdhesionSnapshot): ReadonlySet<string> {
  return new Set(__unsafe_getAllOwnEventDescriptors(snapshot));
}

export function leafStates(value: StateValue): string[] {
  if (typeof value === 'string') return [value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [key] : leafStates(child as StateValue).map((leaf) => `${key}.${leaf}`),
  );
}

export const TOP_STATES = [
  'draft',
  'submitted',
  'study',
  'proposal',
  'deliberations',
  'signature',
  'active',
  'withdrawn',
  'rejected',
  'declined',
  'expired',
  'lapsed',
  'ended',
  'terminated',
] as const;
export type TopState = (typeof TOP_STATES)[number];
export const FINAL_STATES: readonly TopState[] = [
  'withdrawn',
  'rejected',
  'declined',
  'expired',
  'lapsed',
  'ended',
  'terminated',
];

export function topState(value: StateValue): TopState {
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as TopState;
}

export function isFinal(value: StateValue): boolean {
  return FINAL_STATES.includes(topState(value));
}

/** One string for the whole configuration, stable and sortable: leaves joined by `|`. */
export function stateKey(value: StateValue): string {
  return leafStates(value).sort().join('|');
}
