// Who is told of a transition, by one rule: a person's move that hands the file to the other party (the next
// step of the lifecycle is that party's after the move, not before), informs it of a two-party act (a deliberation, a signature, a notice, an
// amendment: every event the definitions mark `party`), or closes the file, tells the other party, once.
// The time events say nothing here: the reminders and the ending notices speak for them.
import { parisDateOf } from '#domain';
import {
  allowedEvents,
  allowedOnce,
  EVENT_LABELS_FR,
  isFinal,
  PARTY_EVENT_TYPES,
  STATE_LABELS_FR,
  topState,
  type AllowedAt,
  type EventType,
  type Party,
  type Role,
} from '#workflow';
import { type LedgerRow } from '../ports/records.js';
import { awaits, primaryAction } from '../adhesions/waiting.js';
import { newLedgerRow } from './ledger-row.js';

type Snapshot = Parameters<typeof allowedEvents>[0];

export interface Transition {
  event: EventType;
  /** The party that made the move; null for a time event. */
  by: Party | null;
  /** Whose turn it was before, and after: the parties with a next step of the lifecycle to take. */
  before: readonly Party[];
  after: readonly Party[];
  /** The file is closed after the move. */
  final: boolean;
  /** The file was still a draft before the move: the other party never saw it. */
  draft?: boolean;
}

const ROLE_OF_PARTY: Record<Party, Role> = { commune: 'secretary', epci: 'dgs' };

/**
 * The parties whose turn it is: those with a next step of the lifecycle to take (`primaryAction`), not only a
 * side move (a refusal, a question, a withdrawal), which stays open while the other party has the file.
 */
export function turnOf(snapshot: Snapshot, at: string, allowed: AllowedAt = allowedOnce(at)): Party[] {
  return (['commune', 'epci'] as const).filter((party) => primaryAction(allowed(snapshot, ROLE_OF_PARTY[party])) !== null);
}

const other = (party: Party): Party => (party === 'commune' ? 'epci' : 'commune');

/** The party to tell of a transition, or null. */
export function partyToTell(t: Transition): Party | null {
  if (t.by === null) return null;
  const them = other(t.by);
  if (t.final) return t.draft ? null : them;
  if (t.after.includes(them) && !t.before.includes(them)) return them;
  if ((PARTY_EVENT_TYPES as readonly EventType[]).includes(t.event)) return them;
  return null;
}

/** The kind (the wording) of what the party is told: some moves have their own words, the rest is its turn. */
export function handOverKind(t: Transition) {
  if (t.final) return 'file_closed' as const;
  switch (t.event) {
    case 'RECORD_DELIBERATION':
      return 'deliberation_recorded' as const;
    case 'SIGN':
      return 'convention_signed' as const;
    case 'GIVE_NOTICE':
      return 'notice_given' as const;
    case 'REQUEST_INFO':
      return 'question_asked' as const;
    default:
      return 'turn_to_act' as const;
  }
}


/** The party a role acts for: the agent acts for the EPCI, the scheduler for nobody. */
export function partyOf(role: string, payloadParty?: unknown): Party | null {
  if (payloadParty === 'commune' || payloadParty === 'epci') return payloadParty;
  if (role === 'secretary') return 'commune';
  if (role === 'dgs' || role === 'agent') return 'epci';
  return null;
}

/**
 * The ledger row that tells the other party of this transition, or null. Keyed by the adhesion's new version
 * (the ledger's `cycle`): the compare-and-swap gives each transition its own, so a re-delivered event or a
 * retried send never adds a second one.
 */
export function handOverRow(input: {
  adhesionId: string;
  version: number;
  event: EventType;
  payload: Record<string, unknown>;
  role: string;
  before: Snapshot;
  after: Snapshot;
  at: string;
  /** The command's own memo, shared with its response. */
  allowed?: AllowedAt;
}): LedgerRow | null {
  const { before, after, at } = input;
  const allowed = input.allowed ?? allowedOnce(at);
  const final = isFinal(after.value as never);
  const transition: Transition = {
    event: input.event,
    by: partyOf(input.role, input.payload.party),
    before: turnOf(before, at, allowed),
    after: final ? [] : turnOf(after, at, allowed),
    final,
    draft: topState(before.value as never) === 'draft',
  };
  const party = partyToTell(transition);
  // Inside the EPCI, a step handed by its DGS to the service's agents (the study, once acknowledged or sent back
  // for revision) is theirs to take: they are told, as the other party would be.
  const agentsAwaited = (snapshot: Snapshot) => awaits(allowed(snapshot, 'agent'));
  const toAgents = !party && !final && input.role !== 'agent' && agentsAwaited(after) && !agentsAwaited(before);
  if (!party && !toAgents) return null;
  const state = topState(after.value as never);
  const action = final ? null : primaryAction(allowed(after, party ? ROLE_OF_PARTY[party] : 'agent'));
  const p = input.payload;
  return newLedgerRow(
    {
      kind: handOverKind(transition),
      adhesionId: input.adhesionId,
      cycle: input.version,
      offsetDays: 0,
      recipient: party ?? 'agents',
      dueAt: at,
      payload: {
        event: input.event,
        eventLabel: EVENT_LABELS_FR[input.event],
        by: transition.by!,
        on: parisDateOf(at),
        stateLabel: STATE_LABELS_FR[state] ?? state,
        action: action ? EVENT_LABELS_FR[action] : null,
        // The service's pole agents hear of the steps that wait on them (the study).
        withAgents: toAgents || (party === 'epci' && !final && agentsAwaited(after)),
        ...(typeof p.effectiveDate === 'string' && { effectiveDate: p.effectiveDate }),
        ...(typeof p.reason === 'string' && { reason: p.reason }),
        ...(typeof p.question === 'string' && { question: p.question }),
      },
    },
    at,
  );
}
