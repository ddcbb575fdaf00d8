// Whose turn it is: a party is awaited when it has a move to make that is not always open.
import { allowedEvents, type EventType, type Party, type Role } from '#workflow';

/** Moves that are always open (an amendment, a notice, a withdrawal): they never make anyone wait. */
const OPTIONAL_EVENTS: ReadonlySet<string> = new Set<EventType>(['PROPOSE_AMENDMENT', 'GIVE_NOTICE', 'WITHDRAW']);

/** Whether some of the allowed `actions` is one the file waits for. */
export function awaits(actions: readonly EventType[]): boolean {
  return actions.some((type) => !OPTIONAL_EVENTS.has(type));
}

/** Whether the file waits on `role` now. */
export function waitsOn(snapshot: Parameters<typeof allowedEvents>[0], role: Role, at: string): boolean {
  return awaits(allowedEvents(snapshot, role, at));
}

/**
 * The parties the file waits for now: the commune when its secretary has a move to make, the EPCI when its
 * DGS (or the agent, whose moves the DGS may make too) has one. Both while each council still has to deliberate.
 */
export function waitingFor(snapshot: Parameters<typeof allowedEvents>[0], at: string): Party[] {
  const parties: Party[] = [];
  if (waitsOn(snapshot, 'secretary', at)) parties.push('commune');
  if (waitsOn(snapshot, 'dgs', at)) parties.push('epci');
  return parties;
}
