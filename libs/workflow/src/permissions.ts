// Who may send which event. The server checks this for every request, whatever the UI shows.
import { type EventType, type Party, type Role } from './events.js';

export const PERMISSIONS: Readonly<Record<EventType, readonly Role[]>> = {
  SUBMIT: ['secretary'],
  WITHDRAW: ['secretary'],
  PROVIDE_INFO: ['secretary'],
  ACCEPT_PROPOSAL: ['secretary'],
  REQUEST_CHANGES: ['secretary'],
  DECLINE_PROPOSAL: ['secretary'],
  CONFIRM_RENEWAL: ['secretary'],
  DECLINE_RENEWAL: ['secretary'],
  ACKNOWLEDGE: ['dgs'],
  DECLARE_INADMISSIBLE: ['dgs'],
  // The head of the shared service carries out the study; the DGS may step in.
  REQUEST_INFO: ['agent', 'dgs'],
  SUBMIT_STUDY: ['agent', 'dgs'],
  APPROVE_STUDY: ['dgs'],
  REVISE_STUDY: ['dgs'],
  REJECT: ['dgs'],
  ISSUE_PROPOSAL: ['dgs'],
  RECORD_CST_OPINION: ['dgs'],
  VALIDATE_RENEWAL: ['dgs'],
  RECORD_DELIBERATION: ['secretary', 'dgs'],
  SIGN: ['secretary', 'dgs'],
  PROPOSE_AMENDMENT: ['secretary', 'dgs'],
  ACCEPT_AMENDMENT: ['secretary', 'dgs'],
  REFUSE_AMENDMENT: ['secretary', 'dgs'],
  GIVE_NOTICE: ['secretary', 'dgs'],
  RENEWAL_WINDOW_OPENED: ['system'],
  ANNIVERSARY_PASSED: ['system'],
  PROPOSAL_EXPIRED: ['system'],
  NOTICE_EFFECTIVE: ['system'],
  TERM_ENDED: ['system'],
};

/** The party a role acts for in the two-party events: the secretary for the commune, the DGS for the EPCI. */
export const PARTY_OF_ROLE: Readonly<Partial<Record<Role, Party>>> = { secretary: 'commune', dgs: 'epci' };

export function rolesFor(type: EventType): readonly Role[] {
  return PERMISSIONS[type];
}

export function eventTypesFor(role: Role): EventType[] {
  return (Object.keys(PERMISSIONS) as EventType[]).filter((type) => PERMISSIONS[type].includes(role));
}

/** True when the role may send this event, including acting only for its own party. */
export function maySend(role: Role, event: { type: EventType; party?: unknown }): boolean {
  if (!PERMISSIONS[event.type].includes(role)) return false;
  if (event.party !== undefined) return PARTY_OF_ROLE[role] === event.party;
  return true;
}
