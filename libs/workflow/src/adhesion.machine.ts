// The lifecycle of one adhesion (one commune × one shared service), from the draft request to the end
// of its convention. Pure XState v5: no timers (deadlines are stored dates that the scheduler delivers
// as ordinary events), no clock (each event carries the instant `at` at which it happens), no I/O.
import { and, assertEvent, assign, setup } from 'xstate';
import {
  addDays,
  anniversary,
  compareCivil,
  DEFAULT_NOTICE_PERIOD_MONTHS,
  DEFAULT_RENEWAL_WINDOW_DAYS,
  parisDateOf,
  renewalWindowOpens,
  type CivilDate,
  type CostRevision,
  type Periodicity,
} from '#domain';
import { CONVENTION_YEARS, dateViolations } from './date-rules.js';
import { hasValidPayload, type AdhesionEvent, type EventOf, type Party, type Terms } from './events.js';

export { CONVENTION_YEARS };

export interface Deliberation {
  outcome: 'adopted' | 'refused';
  number: string;
  date: CivilDate;
}
export interface Signature {
  signatoryName: string;
  signatoryQuality: string;
  date: CivilDate;
}
export interface Proposal {
  unitCostCents: number;
  forecastUnits: number;
  startDate: CivilDate;
  validUntil: CivilDate;
  /** Absent in the proposals written before payments had a periodicity: yearly. */
  periodicity?: Periodicity;
  /** Absent in the proposals written before: the year's notified cost. */
  costRevision?: CostRevision;
}
export interface Study {
  forecastUnits: number;
  staffImpact: boolean;
  notes?: string;
}

export interface AdhesionContext {
  /** Settings of the service, fixed when the adhesion is created. */
  noticePeriodMonths: number;
  renewalWindowDays: number;
  /**
   * The comité social territorial gives its opinion whatever the study says (a service commun or unifié,
   * L5211-4-2); absent, it does when the study finds staff affected (a mise à disposition). Absent rather than
   * false, so that the snapshots written before it existed are unchanged.
   */
  cstAlways?: true;
  study: Study | null;
  /** The question the study is waiting on, if any. */
  openQuestion: string | null;
  proposal: Proposal | null;
  cstOpinion: { opinion: 'favourable' | 'unfavourable'; date: CivilDate } | null;
  deliberations: Partial<Record<Party, Deliberation>>;
  signatures: Partial<Record<Party, Signature>>;
  /** Date from which the convention is in force (the later of the proposed start and the last signature). */
  startDate: CivilDate | null;
  /** Contract year the convention is in force for: 0 before it starts, then 1..3. */
  year: number;
  terms: Terms | null;
  /**
   * The forecast units of each contract year (1, 2, 3), as the convention and each renewal set them: the money
   * of a calendar year straddling two contract years counts each at its own forecast. Absent in the snapshots
   * written before it existed: the terms' forecast for every year.
   */
  forecastByYear?: Record<number, number>;
  /** This cycle's renewal confirmation by the commune. */
  renewal: { plannedUnits: number } | null;
  amendment: { proposedBy: Party; terms: Terms } | null;
  notice: { party: Party; reason: string; givenOn: CivilDate; effectiveDate: CivilDate } | null;
  /** Why the adhesion reached its final state, when a reason was given. */
  closingReason: string | null;
  // The days of the steps that the date rules (date-rules.ts) bound other dates by. Absent in the snapshots
  // written before they existed: the rules that need them are not checked there.
  /** The day the request was submitted. */
  submittedOn?: CivilDate;
  /** The day the EPCI acknowledged it. */
  acknowledgedOn?: CivilDate;
  /** The day the (last) study was transmitted. */
  studySubmittedOn?: CivilDate;
  /** The day the DGS approved the study. */
  studyApprovedOn?: CivilDate;
  /** The day the commune accepted the proposal. */
  proposalAcceptedOn?: CivilDate;
  /**
   * This adhesion renews a convention at its term (« renouveler la convention »): its convention starts the day
   * the other one's term ends (`startDate`), the study is skipped unless the DGS asked for one (`study`), and
   * `draft` is the old convention's terms, the proposal's starting point. Absent: a first request.
   */
  renewalOf?: RenewalOf;
  /**
   * A termination by mutual agreement: proposed by one party with a date and a reason, agreed by the other
   * (`agreedOn`). Null once refused; absent when none was ever proposed (and in the snapshots written before).
   */
  termination?: Termination | null;
}

export interface RenewalOf {
  /** The old convention's term end: the day the new one must start for the two to follow each other. */
  startDate: CivilDate;
  /** The DGS asked for a study. */
  study?: true;
  draft?: { unitCostCents: number; forecastUnits: number; periodicity?: Periodicity; costRevision?: CostRevision };
}

export interface Termination {
  proposedBy: Party;
  reason: string;
  effectiveDate: CivilDate;
  proposedOn: CivilDate;
  agreedOn?: CivilDate;
}

export interface AdhesionInput {
  noticePeriodMonths?: number;
  renewalWindowDays?: number;
  cstAlways?: boolean;
  renewalOf?: RenewalOf;
}

const today = (event: { at: string }): CivilDate => parisDateOf(event.at);

const sameParty =
  (party: Party) =>
  ({ event }: { event: AdhesionEvent }) =>
    'party' in event && event.party === party;

/** The commune withdraws its request: possible from the draft until it accepts the proposal. */
const withdraw = { target: '#adhesion.withdrawn', actions: 'recordClosingReason' } as const;
/**
 * Either party gives notice, in force or while a renewal is due or confirmed; not once the commune has declined
 * the renewal (the convention lapses at the anniversary anyway), nor twice. The notice period and the term
 * bound its effective date (date-rules.ts).
 */
const giveNotice = { target: '#adhesion.active.term.underNotice', actions: 'recordNotice' } as const;

/** The EPCI declines a renewal within the window, before or after the commune confirmed it. */
const refuseRenewal = { target: '#adhesion.active.term.renewalRefused', actions: 'recordClosingReason' } as const;

type TransitionConfig = string | { guard?: unknown; [key: string]: unknown };
type StateConfig = { on?: Record<string, TransitionConfig | TransitionConfig[]>; states?: Record<string, StateConfig> };

/**
 * The one payload check and the one date check: every transition taken on an event (`on`) first requires
 * `validPayload` and `datesFollowTheChain`, then its own guard, if any. Applied once to the whole machine, so
 * that no transition can forget them and none repeats them. XState's own events (`onDone`) are not ours and
 * are left alone.
 */
function checkingEveryPayload<T>(config: T): T {
  const mapValues = <A, B>(record: Record<string, A>, f: (value: A) => B): Record<string, B> =>
    Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
  const checked = (transition: TransitionConfig) => {
    const { guard, ...rest } = typeof transition === 'string' ? { target: transition } : transition;
    const checks: never[] = ['validPayload', 'datesFollowTheChain'] as never[];
    return { ...rest, guard: and(guard === undefined ? checks : [...checks, guard as never]) };
  };
  const visit = (node: StateConfig): StateConfig => ({
    ...node,
    ...(node.on && { on: mapValues(node.on, (t) => (Array.isArray(t) ? t.map(checked) : checked(t))) }),
    ...(node.states && { states: mapValues(node.states, visit) }),
  });
  return visit(config as StateConfig) as T;
}

export const adhesionMachine = setup({
  types: {
    context: {} as AdhesionContext,
    events: {} as AdhesionEvent,
    input: {} as AdhesionInput,
  },
  guards: {
    /** The payload matches its schema: the machine never trusts its caller. Required on every event, once, by checkingEveryPayload. */
    validPayload: ({ event }) => hasValidPayload(event),
    byCommune: sameParty('commune'),
    byEpci: sameParty('epci'),
    adopted: ({ event }) => event.type === 'RECORD_DELIBERATION' && event.outcome === 'adopted',
    refused: ({ event }) => event.type === 'RECORD_DELIBERATION' && event.outcome === 'refused',
    /**
     * The event's dates follow the legal chain (date-rules.ts): a deliberation after the proposal's acceptance,
     * a signature after both deliberations, none in the future, a notice inside the term… Required on every
     * event, once, by checkingEveryPayload; the API asks the same rules first, to answer a breach with a 422.
     */
    datesFollowTheChain: ({ context, event }) => dateViolations(context, event).length === 0,
    cstConsulted: ({ context }) => context.cstAlways === true || context.study?.staffImpact === true,
    proposalValidityOver: ({ context, event }) =>
      context.proposal !== null && compareCivil(today(event), context.proposal.validUntil) > 0,
    /** A renewal at term skips the study, unless the DGS asked for one. */
    renewalWithoutStudy: ({ context }) => context.renewalOf !== undefined && context.renewalOf.study !== true,
    /** Renewals happen before the anniversaries of years 1 and 2; year 3 ends with the term. */
    renewalWindowOpen: ({ context, event }) =>
      context.startDate !== null &&
      context.year < CONVENTION_YEARS &&
      compareCivil(
        today(event),
        renewalWindowOpens(anniversary(context.startDate, context.year), context.renewalWindowDays),
      ) >= 0,
    anniversaryReached: ({ context, event }) =>
      context.startDate !== null &&
      context.year < CONVENTION_YEARS &&
      compareCivil(today(event), anniversary(context.startDate, context.year)) >= 0,
    termReached: ({ context, event }) =>
      context.startDate !== null &&
      context.year >= CONVENTION_YEARS &&
      compareCivil(today(event), anniversary(context.startDate, CONVENTION_YEARS)) >= 0,
    noticeDateReached: ({ context, event }) =>
      context.notice !== null && compareCivil(today(event), context.notice.effectiveDate) >= 0,
    notUnderNotice: ({ context }) => context.notice === null,
    /** No termination by agreement proposed or agreed yet, or the one proposed is past its date without an answer. */
    terminationOpen: ({ context, event }) =>
      !context.termination || (!context.termination.agreedOn && compareCivil(context.termination.effectiveDate, today(event)) < 0),
    /** A proposed termination is accepted or refused by the other party, while its date has not passed. */
    terminationAnswerable: ({ context, event }) =>
      !!context.termination &&
      !context.termination.agreedOn &&
      'party' in event &&
      event.party !== context.termination.proposedBy &&
      compareCivil(context.termination.effectiveDate, today(event)) >= 0,
    terminationDateReached: ({ context, event }) =>
      !!context.termination?.agreedOn && compareCivil(today(event), context.termination.effectiveDate) >= 0,
    /** An amendment is accepted or refused by the party that did not propose it. */
    otherPartyThanProposer: ({ context, event }) =>
      context.amendment !== null && 'party' in event && event.party !== context.amendment.proposedBy,
  },
  actions: {
    recordSubmission: assign(({ event }) => ({ submittedOn: today(event) })),
    recordAcknowledgement: assign(({ event }) => ({ acknowledgedOn: today(event) })),
    recordStudyApproval: assign(({ event }) => ({ studyApprovedOn: today(event) })),
    recordAcceptance: assign(({ event }) => ({ proposalAcceptedOn: today(event) })),
    recordQuestion: assign(({ event }) => {
      assertEvent(event, 'REQUEST_INFO');
      return { openQuestion: event.question };
    }),
    clearQuestion: assign({ openQuestion: null }),
    recordStudy: assign(({ event }) => {
      assertEvent(event, 'SUBMIT_STUDY');
      return {
        study: { forecastUnits: event.forecastUnits, staffImpact: event.staffImpact, notes: event.notes },
        studySubmittedOn: today(event),
      };
    }),
    recordProposal: assign(({ event }) => {
      assertEvent(event, 'ISSUE_PROPOSAL');
      const { unitCostCents, forecastUnits, startDate, validUntil, periodicity, costRevision } = event;
      return {
        proposal: {
          unitCostCents,
          forecastUnits,
          startDate,
          validUntil,
          ...(periodicity ? { periodicity } : {}),
          ...(costRevision ? { costRevision } : {}),
        },
      };
    }),
    recordCstOpinion: assign(({ event }) => {
      assertEvent(event, 'RECORD_CST_OPINION');
      return { cstOpinion: { opinion: event.opinion, date: event.date } };
    }),
    recordDeliberation: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_DELIBERATION');
      const deliberation: Deliberation = { outcome: event.outcome, number: event.number, date: event.date };
      return { deliberations: { ...context.deliberations, [event.party]: deliberation } };
    }),
    recordSignature: assign(({ context, event }) => {
      assertEvent(event, 'SIGN');
      const signature: Signature = {
        signatoryName: event.signatoryName,
        signatoryQuality: event.signatoryQuality,
        date: event.date,
      };
      return { signatures: { ...context.signatures, [event.party]: signature } };
    }),
    /** Entering force: year 1 starts at the proposed date, or on the later signature if that is later. */
    startConvention: assign(({ context }) => {
      const proposal = context.proposal!;
      const signedOn = [context.signatures.commune?.date, context.signatures.epci?.date]
        .filter((date): date is CivilDate => date !== undefined)
        .reduce((latest, date) => (compareCivil(date, latest) > 0 ? date : latest), proposal.startDate);
      return {
        startDate: signedOn,
        year: 1,
        forecastByYear: { 1: proposal.forecastUnits },
        terms: {
          unitCostCents: proposal.unitCostCents,
          forecastUnits: proposal.forecastUnits,
          description: 'Conditions de la proposition acceptée',
          ...(proposal.periodicity ? { periodicity: proposal.periodicity } : {}),
          ...(proposal.costRevision ? { costRevision: proposal.costRevision } : {}),
        },
      };
    }),
    recordRenewalConfirmation: assign(({ event }) => {
      assertEvent(event, 'CONFIRM_RENEWAL');
      return { renewal: { plannedUnits: event.plannedUnits } };
    }),
    renew: assign(({ context }) => ({
      year: context.year + 1,
      renewal: null,
      ...(context.forecastByYear && context.renewal
        ? { forecastByYear: { ...context.forecastByYear, [context.year + 1]: context.renewal.plannedUnits } }
        : {}),
      terms: context.terms && context.renewal
        ? { ...context.terms, forecastUnits: context.renewal.plannedUnits }
        : context.terms,
    })),
    recordAmendmentProposal: assign(({ event }) => {
      assertEvent(event, 'PROPOSE_AMENDMENT');
      return { amendment: { proposedBy: event.party, terms: event.terms } };
    }),
    applyAmendment: assign(({ context }) => ({ terms: context.amendment!.terms, amendment: null })),
    dropAmendment: assign({ amendment: null }),
    recordNotice: assign(({ event }) => {
      assertEvent(event, 'GIVE_NOTICE');
      return {
        notice: { party: event.party, reason: event.reason, givenOn: today(event), effectiveDate: event.effectiveDate },
      };
    }),
    recordTerminationProposal: assign(({ event }) => {
      assertEvent(event, 'PROPOSE_TERMINATION');
      return { termination: { proposedBy: event.party, reason: event.reason, effectiveDate: event.effectiveDate, proposedOn: today(event) } };
    }),
    agreeTermination: assign(({ context, event }) => ({
      termination: { ...context.termination!, agreedOn: today(event) },
      closingReason: context.termination!.reason,
    })),
    dropTermination: assign({ termination: null }),
    recordClosingReason: assign(({ event }) => ({
      closingReason: 'reason' in event && typeof event.reason === 'string' && event.reason ? event.reason : null,
    })),
  },
}).createMachine(checkingEveryPayload({
  id: 'adhesion',
  initial: 'draft',
  context: ({ input }) => ({
    noticePeriodMonths: input?.noticePeriodMonths ?? DEFAULT_NOTICE_PERIOD_MONTHS,
    renewalWindowDays: input?.renewalWindowDays ?? DEFAULT_RENEWAL_WINDOW_DAYS,
    ...(input?.cstAlways ? { cstAlways: true as const } : {}),
    ...(input?.renewalOf ? { renewalOf: input.renewalOf } : {}),
    study: null,
    openQuestion: null,
    proposal: null,
    cstOpinion: null,
    deliberations: {},
    signatures: {},
    startDate: null,
    year: 0,
    terms: null,
    renewal: null,
    amendment: null,
    notice: null,
    closingReason: null,
  }),
  states: {
    draft: {
      on: {
        SUBMIT: { target: 'submitted', actions: 'recordSubmission' },
        WITHDRAW: withdraw,
      },
    },
    submitted: {
      on: {
        ACKNOWLEDGE: [
          { guard: 'renewalWithoutStudy', target: 'proposal', actions: 'recordAcknowledgement' },
          { target: 'study', actions: 'recordAcknowledgement' },
        ],
        DECLARE_INADMISSIBLE: { target: 'rejected', actions: 'recordClosingReason' },
        WITHDRAW: withdraw,
      },
    },
    study: {
      initial: 'inProgress',
      on: {
        REJECT: { target: 'rejected', actions: 'recordClosingReason' },
        WITHDRAW: withdraw,
      },
      states: {
        inProgress: {
          on: {
            REQUEST_INFO: { target: 'awaitingCommune', actions: 'recordQuestion' },
            SUBMIT_STUDY: { target: 'awaitingReview', actions: 'recordStudy' },
          },
        },
        awaitingCommune: {
          on: {
            PROVIDE_INFO: { target: 'inProgress', actions: 'clearQuestion' },
          },
        },
        awaitingReview: {
          on: {
            APPROVE_STUDY: { target: '#adhesion.proposal', actions: 'recordStudyApproval' },
            REVISE_STUDY: { target: 'inProgress' },
            REQUEST_INFO: { target: 'awaitingCommune', actions: 'recordQuestion' },
          },
        },
      },
    },
    proposal: {
      initial: 'drafting',
      on: {
        WITHDRAW: withdraw,
      },
      states: {
        drafting: {
          on: {
            ISSUE_PROPOSAL: { target: 'awaitingCommune', actions: 'recordProposal' },
          },
        },
        awaitingCommune: {
          on: {
            ACCEPT_PROPOSAL: [
              { guard: 'cstConsulted', target: '#adhesion.deliberations.cstOpinion', actions: 'recordAcceptance' },
              { target: '#adhesion.deliberations.councils', actions: 'recordAcceptance' },
            ],
            REQUEST_CHANGES: { target: 'drafting' },
            DECLINE_PROPOSAL: { target: '#adhesion.declined', actions: 'recordClosingReason' },
            PROPOSAL_EXPIRED: { guard: 'proposalValidityOver', target: '#adhesion.expired' },
          },
        },
      },
    },
    deliberations: {
      initial: 'councils',
      states: {
        /** Staff are transferred or put at disposal: the comité social territorial gives its opinion first. */
        cstOpinion: {
          on: {
            RECORD_CST_OPINION: { target: 'councils', actions: 'recordCstOpinion' },
          },
        },
        /** Both councils deliberate, in any order; one refusal ends the request. */
        councils: {
          type: 'parallel',
          onDone: { target: '#adhesion.signature' },
          states: {
            commune: {
              initial: 'pending',
              states: {
                pending: {
                  on: {
                    RECORD_DELIBERATION: [
                      {
                        guard: and(['byCommune', 'adopted']),
                        target: 'adopted',
                        actions: 'recordDeliberation',
                      },
                      {
                        guard: and(['byCommune', 'refused']),
                        target: '#adhesion.declined',
                        actions: 'recordDeliberation',
                      },
                    ],
                  },
                },
                adopted: { type: 'final' },
              },
            },
            epci: {
              initial: 'pending',
              states: {
                pending: {
                  on: {
                    RECORD_DELIBERATION: [
                      {
                        guard: and(['byEpci', 'adopted']),
                        target: 'adopted',
                        actions: 'recordDeliberation',
                      },
                      {
                        guard: and(['byEpci', 'refused']),
                        target: '#adhesion.declined',
                        actions: 'recordDeliberation',
                      },
                    ],
                  },
                },
                adopted: { type: 'final' },
              },
            },
          },
        },
      },
    },
    /** The mayor and the president sign, in any order. */
    signature: {
      type: 'parallel',
      onDone: { target: 'active' },
      states: {
        mayor: {
          initial: 'pending',
          states: {
            pending: {
              on: {
                SIGN: { guard: 'byCommune', target: 'signed', actions: 'recordSignature' },
              },
            },
            signed: { type: 'final' },
          },
        },
        president: {
          initial: 'pending',
          states: {
            pending: {
              on: {
                SIGN: { guard: 'byEpci', target: 'signed', actions: 'recordSignature' },
              },
            },
            signed: { type: 'final' },
          },
        },
      },
    },
    /** The convention is in force; its term and a possible amendment run side by side. */
    active: {
      type: 'parallel',
      entry: 'startConvention',
      states: {
        term: {
          initial: 'inForce',
          // The year's end, whatever the term is waiting for. The anniversary of a year not renewed lapses the
          // convention: renewal never asked (e.g. the window event was never applied), not confirmed, not
          // validated, declined, or under notice effective later. The third anniversary ends the term (only
          // in force or under notice can a convention be in year 3: the renewal states exist in years 1 and 2).
          // A termination by mutual agreement may be proposed whatever the term waits for, except under notice;
          // the other party agrees (it then ends at its date) or refuses.
          on: {
            ANNIVERSARY_PASSED: { guard: 'anniversaryReached', target: '#adhesion.lapsed' },
            TERM_ENDED: { guard: 'termReached', target: '#adhesion.ended' },
            PROPOSE_TERMINATION: { guard: and(['notUnderNotice', 'terminationOpen']), actions: 'recordTerminationProposal' },
            ACCEPT_TERMINATION: { guard: and(['notUnderNotice', 'terminationAnswerable']), target: '.terminationAgreed', actions: 'agreeTermination' },
            REFUSE_TERMINATION: { guard: 'terminationAnswerable', actions: 'dropTermination' },
          },
          states: {
            inForce: {
              on: {
                RENEWAL_WINDOW_OPENED: { guard: 'renewalWindowOpen', target: 'renewalDue' },
                GIVE_NOTICE: giveNotice,
              },
            },
            renewalDue: {
              on: {
                CONFIRM_RENEWAL: { target: 'renewalConfirmed', actions: 'recordRenewalConfirmation' },
                DECLINE_RENEWAL: { target: 'renewalDeclined', actions: 'recordClosingReason' },
                REFUSE_RENEWAL: refuseRenewal,
                GIVE_NOTICE: giveNotice,
              },
            },
            renewalConfirmed: {
              on: {
                VALIDATE_RENEWAL: { target: 'inForce', actions: 'renew' },
                REFUSE_RENEWAL: refuseRenewal,
                GIVE_NOTICE: giveNotice,
              },
            },
            /** The commune will not renew: the convention runs to its anniversary, then lapses. */
            renewalDeclined: {},
            /** The EPCI will not renew (its DGS, with a reason): the convention runs to its anniversary, then lapses. */
            renewalRefused: {},
            /** Both parties agreed to end the convention: it ends on the agreed date (no notice period). */
            terminationAgreed: {
              on: {
                TERMINATION_EFFECTIVE: { guard: 'terminationDateReached', target: '#adhesion.terminated' },
              },
            },
            /** Notice given: the convention ends on the effective date, or earlier if its year is not renewed. */
            underNotice: {
              on: {
                NOTICE_EFFECTIVE: { guard: 'noticeDateReached', target: '#adhesion.terminated' },
              },
            },
          },
        },
        amendment: {
          initial: 'none',
          states: {
            none: {
              on: {
                PROPOSE_AMENDMENT: { guard: 'notUnderNotice', target: 'pending', actions: 'recordAmendmentProposal' },
              },
            },
            pending: {
              on: {
                ACCEPT_AMENDMENT: { guard: 'otherPartyThanProposer', target: 'none', actions: 'applyAmendment' },
                REFUSE_AMENDMENT: { guard: 'otherPartyThanProposer', target: 'none', actions: 'dropAmendment' },
              },
            },
          },
        },
      },
    },
    withdrawn: { type: 'final' },
    rejected: { type: 'final' },
    declined: { type: 'final' },
    expired: { type: 'final' },
    lapsed: { type: 'final' },
    ended: { type: 'final' },
    terminated: { type: 'final' },
  },
}));

export type AdhesionMachine = typeof adhesionMachine;

/** The first day after a proposal's validity, when `PROPOSAL_EXPIRED` becomes deliverable. */
export function proposalExpiryDate(proposal: Proposal): CivilDate {
  return addDays(proposal.validUntil, 1);
}

export type { EventOf };
