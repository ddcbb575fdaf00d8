// Who may send which event, read from the event definitions. The server checks this for every request,
// whatever the UI shows.
import { EVENT_DEFINITIONS, EVENT_TYPES, PARTY_OF_ROLE, type EventType, type Role } from './event-definitions.js';

export { PARTY_OF_ROLE } from './event-definitions.js';

export const PERMISSIONS: Readonly<Record<EventType, readonly Role[]>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, EVENT_DEFINITIONS[type].roles]),
) as Record<EventType, readonly Role[]>;

export function rolesFor(type: EventType): readonly Role[] {
  return EVENT_DEFINITIONS[type].roles;
}

export function eventTypesFor(role: Role): EventType[] {
  return EVENT_TYPES.filter((type) => EVENT_DEFINITIONS[type].roles.includes(role));
}

/** True when the role may send this event, including acting only for its own party. */
export function maySend(role: Role, event: { type: EventType; party?: unknown }): boolean {
  if (!EVENT_DEFINITIONS[event.type].roles.includes(role)) return false;
  if (event.party !== undefined) return PARTY_OF_ROLE[role] === event.party;
  return true;
}
