// Which events a role may send now. Computed by asking the machine itself (snapshot.can) with each event's
// own example (from its definition), so that this list can never drift from what the machine accepts.
import { parisDateOf } from '#domain';
import { eventDefinition, PARTY_OF_ROLE, type EventType, type Role } from './event-definitions.js';
import { type AdhesionEvent } from './events.js';
import { eventTypesFor } from './permissions.js';
import { handledEventTypes, restoreSnapshot, type AdhesionSnapshot, type PersistedAdhesionState } from './snapshot.js';

/** A valid event of this type for this role at instant `at`, with the dates that the rules ask for. */
export function sampleEvent(type: EventType, role: Role, snapshot: AdhesionSnapshot, at: string): AdhesionEvent {
  const payload = eventDefinition(type).example({
    today: parisDateOf(at),
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
  return eventTypesFor(role).filter((type) => handled.has(type) && snapshot.can(sampleEvent(type, role, snapshot, at)));
}
