// Which events a role may send now. Computed by asking the machine itself (snapshot.can) with a
// representative valid payload, so that this list can never drift from what the machine accepts.
import { addDays, earliestNoticeEffectiveDate, parisDateOf } from '#domain';
import { type AdhesionEvent, type EventType, type Role } from './events.js';
import { eventTypesFor, PARTY_OF_ROLE } from './permissions.js';
import { restoreSnapshot, type AdhesionSnapshot, type PersistedAdhesionState } from './snapshot.js';

/** A valid event of this type for this role at instant `at`, with the dates that the rules ask for. */
export function sampleEvent(type: EventType, role: Role, snapshot: AdhesionSnapshot, at: string): AdhesionEvent {
  const today = parisDateOf(at);
  const party = PARTY_OF_ROLE[role] ?? 'commune';
  const terms = { unitCostCents: 10_000, forecastUnits: 1, description: 'Avenant' };
  const payloads: Record<EventType, object> = {
    SUBMIT: {},
    WITHDRAW: {},
    PROVIDE_INFO: { answer: 'Réponse' },
    ACCEPT_PROPOSAL: {},
    REQUEST_CHANGES: { comment: 'Modification demandée' },
    DECLINE_PROPOSAL: {},
    CONFIRM_RENEWAL: { plannedUnits: 1 },
    DECLINE_RENEWAL: {},
    ACKNOWLEDGE: {},
    DECLARE_INADMISSIBLE: { reason: 'Irrecevable' },
    REQUEST_INFO: { question: 'Question' },
    SUBMIT_STUDY: { forecastUnits: 1, staffImpact: false },
    APPROVE_STUDY: {},
    REVISE_STUDY: {},
    REJECT: { reason: 'Rejet' },
    ISSUE_PROPOSAL: { unitCostCents: 10_000, forecastUnits: 1, startDate: addDays(today, 30), validUntil: addDays(today, 30) },
    RECORD_CST_OPINION: { opinion: 'favourable', date: today },
    VALIDATE_RENEWAL: {},
    RECORD_DELIBERATION: { party, outcome: 'adopted', number: 'D-1', date: today },
    SIGN: { party, signatoryName: 'Signataire', signatoryQuality: 'Qualité', date: today },
    PROPOSE_AMENDMENT: { party, terms },
    ACCEPT_AMENDMENT: { party },
    REFUSE_AMENDMENT: { party },
    GIVE_NOTICE: {
      party,
      reason: "Motif d'intérêt général",
      effectiveDate: earliestNoticeEffectiveDate(today, snapshot.context.noticePeriodMonths),
    },
    RENEWAL_WINDOW_OPENED: {},
    ANNIVERSARY_PASSED: {},
    PROPOSAL_EXPIRED: {},
    NOTICE_EFFECTIVE: {},
    TERM_ENDED: {},
  };
  return { type, ...payloads[type], at } as AdhesionEvent;
}

/** The event types this role may send now, at instant `at`, in the order of the permission table. */
export function allowedEvents(
  stored: PersistedAdhesionState | AdhesionSnapshot,
  role: Role,
  at: string,
): EventType[] {
  const snapshot = 'machine' in stored ? (stored as AdhesionSnapshot) : restoreSnapshot(stored);
  return eventTypesFor(role).filter((type) => snapshot.can(sampleEvent(type, role, snapshot, at)));
}
