// Whose turn it is: a party is awaited when it has a move to make that is not always open.
import { type AllowedAt, type EventType, type Party, type Role } from '#workflow';

/** Moves that are always open (an amendment, a notice, a withdrawal): they never make anyone wait. */
const OPTIONAL_EVENTS: ReadonlySet<string> = new Set<EventType>(['PROPOSE_AMENDMENT', 'GIVE_NOTICE', 'WITHDRAW', 'PROPOSE_TERMINATION']);

/** Whether some of the allowed `actions` is one the file waits for. */
export function awaits(actions: readonly EventType[]): boolean {
  return actions.some((type) => !OPTIONAL_EVENTS.has(type));
}

/** Whether the file waits on `role` at the moment `allowed` answers for (`allowedOnce(at)`). */
export function waitsOn(snapshot: Parameters<AllowedAt>[0], role: Role, allowed: AllowedAt): boolean {
  return awaits(allowed(snapshot, role));
}

/**
 * The parties the file waits for now: the commune when its secretary has a move to make, the EPCI when its
 * DGS (or the agent, whose moves the DGS may make too) has one. Both while each council still has to deliberate.
 */
export function waitingFor(snapshot: Parameters<AllowedAt>[0], allowed: AllowedAt): Party[] {
  const parties: Party[] = [];
  if (waitsOn(snapshot, 'secretary', allowed)) parties.push('commune');
  if (waitsOn(snapshot, 'dgs', allowed)) parties.push('epci');
  return parties;
}

/**
 * Moves that do not take the lifecycle to its next step: the destructive ones (a withdrawal, a refusal, a
 * notice) and the detours (a question, a request for changes, a study sent back, an amendment).
 */
const SIDE_EVENTS: ReadonlySet<string> = new Set<EventType>([
  ...(OPTIONAL_EVENTS as ReadonlySet<EventType>),
  'DECLINE_PROPOSAL',
  'DECLINE_RENEWAL',
  'REFUSE_RENEWAL',
  'REFUSE_TERMINATION',
  'ACCEPT_TERMINATION',
  'DECLARE_INADMISSIBLE',
  'REJECT',
  'REFUSE_AMENDMENT',
  'REQUEST_INFO',
  'REQUEST_CHANGES',
  'REVISE_STUDY',
]);

/** The next step of the lifecycle among the allowed `actions`: the first awaited move that is not a side move. */
export function primaryAction(actions: readonly EventType[]): EventType | null {
  return actions.find((type) => !SIDE_EVENTS.has(type)) ?? null;
}
