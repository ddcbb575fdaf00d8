// Which events a role may send now. Computed by asking the machine itself (snapshot.can) with each event's
// own example (from its definition), so that this list can never drift from what the machine accepts.
import { parisDateOf } from '#domain';
import { eventDefinition, PARTY_OF_ROLE, type EventType, type Role } from './event-definitions.js';
import { type AdhesionEvent } from './events.js';
import { eventTypesFor } from './permissions.js';
import { handledEventTypes, restoreSnapshot, type AdhesionSnapshot, type PersistedAdhesionState } from './snapshot.js';

/** A valid event of this type for this role at instant `at`, with the dates that the rules ask for. */
export function sampleEvent(type: EventType, role: Role, snapshot: AdhesionSnapshot, at: string, today = parisDateOf(at)): AdhesionEvent {
  const payload = eventDefinition(type).example({
    today,
    party: PARTY_OF_ROLE[role] ?? 'commune',
    noticePeriodMonths: snapshot.context.noticePeriodMonths,
    renewalStart: snapshot.context.renewalOf?.startDate,
  });
  return { type, ...payload, at } as AdhesionEvent;
}

/** The event types this role may send now, at instant `at`, in the order of the event definitions. */
export function allowedEvents(
  stored: PersistedAdhesionState | AdhesionSnapshot,
  role: Role,
  at: string,
): EventType[] {
  const snapshot = 'machine' in stored ? (stored as AdhesionSnapshot) : restoreSnapshot(stored);
  const handled = handledEventTypes(snapshot);
  const today = parisDateOf(at);
  return eventTypesFor(role).filter((type) => handled.has(type) && snapshot.can(sampleEvent(type, role, snapshot, at, today)));
}

/** `allowedEvents` at one instant, asked of the machine once per (snapshot, role) however often it is read. */
export type AllowedAt = (snapshot: AdhesionSnapshot | PersistedAdhesionState, role: Role) => EventType[];

/**
 * One command asks whose turn it is before and after its move, for each party, and its response lists the
 * caller's actions: the same questions, asked once (the snapshots are compared by identity).
 */
export function allowedOnce(at: string): AllowedAt {
  const asked = new Map<AdhesionSnapshot | PersistedAdhesionState, Map<Role, EventType[]>>();
  return (snapshot, role) => {
    const bySnapshot = asked.get(snapshot) ?? asked.set(snapshot, new Map()).get(snapshot)!;
    return bySnapshot.get(role) ?? bySnapshot.set(role, allowedEvents(snapshot, role, at)).get(role)!;
  };
}
