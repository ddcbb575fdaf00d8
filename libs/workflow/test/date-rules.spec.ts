// The dates of the legal chain (date-rules.ts): each rule refuses its breach, with its code and its French
// sentence, in the machine as in `dateViolations`, and accepts the bound itself; the forms' bounds are the
// same rules'.
import { addDays, anniversary, parisDateOf, type CivilDate } from '#domain';
import { allowedEvents, sampleEvent } from '../src/allowed-events.js';
import { dateBounds, dateViolations, termEnd } from '../src/date-rules.js';
import { type AdhesionEvent } from '../src/events.js';
import { activeState } from '../src/path-to-active.js';
import { acceptedButForDates, applyEvent, initialState, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { ROLES } from '../src/event-definitions.js';
import { at, pathToActive, run } from './factories.js';

const DAY = '2026-01-05';
// With the question of the study: 0 SUBMIT, 1 ACKNOWLEDGE, 2-3 question, 4 SUBMIT_STUDY (DAY + 4), 5 APPROVE_STUDY,
// 6 ISSUE_PROPOSAL, 7 ACCEPT_PROPOSAL (DAY + 7), then [the CST opinion], the deliberations and the signatures.
const plain = pathToActive(DAY);
const withCst = pathToActive(DAY, { staffImpact: true });
const d = (days: number): CivilDate => addDays(DAY, days);
const on = <E extends AdhesionEvent>(event: E, day: CivilDate, changes: Partial<E> = {}): AdhesionEvent => ({ ...event, ...changes, at: at(day) });

/** The breach: refused by the machine, for its dates only, with this one issue. */
function expectBreach(state: PersistedAdhesionState, event: AdhesionEvent, issue: { field: string; code: string; message: string }) {
  expect(dateViolations(state.context, event)).toEqual([issue]);
  expect(applyEvent(state, event).accepted).toBe(false);
  expect(acceptedButForDates(state, event)).toBe(true);
}
function expectAccepted(state: PersistedAdhesionState, event: AdhesionEvent) {
  expect(dateViolations(state.context, event)).toEqual([]);
  expect(applyEvent(state, event).accepted).toBe(true);
}

describe('the dates of the legal chain', () => {
  it('records the day of each step the rules need', () => {
    expect(run(plain.slice(0, 8)).context).toMatchObject({
      submittedOn: d(0),
      acknowledgedOn: d(1),
      studySubmittedOn: d(4),
      studyApprovedOn: d(5),
      proposalAcceptedOn: d(7),
    });
  });

  it('acknowledges a request on or after the day it was submitted', () => {
    const submitted = run(plain.slice(0, 1));
    expectBreach(submitted, on(plain[1], d(-1)), {
      field: 'at',
      code: 'acknowledgement_before_submission',
      message: 'L’accusé de réception ne peut pas précéder le dépôt de la demande (05/01/2026).',
    });
    expectAccepted(submitted, on(plain[1], d(0)));
  });

  describe('the opinion of the comité social territorial', () => {
    const accepted = run(withCst.slice(0, 8));
    const opinion = withCst[8] as Extract<AdhesionEvent, { type: 'RECORD_CST_OPINION' }>;

    it('is not dated before the study', () => {
      expectBreach(accepted, on(opinion, d(8), { date: d(3) }), {
        field: 'date',
        code: 'cst_opinion_before_study',
        message: 'La date de l’avis du comité social territorial ne peut pas précéder la transmission de l’étude (09/01/2026).',
      });
      expectAccepted(accepted, on(opinion, d(8), { date: d(4) }));
    });

    it('is not dated in the future', () => {
      expectBreach(accepted, on(opinion, d(8), { date: d(9) }), {
        field: 'date',
        code: 'cst_opinion_in_future',
        message: 'La date de l’avis du comité social territorial ne peut pas être postérieure à aujourd’hui (13/01/2026).',
      });
      expectAccepted(accepted, on(opinion, d(8), { date: d(8) }));
    });
  });

  describe('a deliberation', () => {
    const deliberation = plain[8] as Extract<AdhesionEvent, { type: 'RECORD_DELIBERATION' }>;

    it.each(['commune', 'epci'] as const)('of the %s is not dated before the acceptance of the proposal', (party) => {
      const accepted = run(plain.slice(0, 8));
      expectBreach(accepted, on(deliberation, d(8), { party, date: d(6) }), {
        field: 'date',
        code: 'deliberation_before_acceptance',
        message: 'La date de la délibération ne peut pas précéder l’acceptation de la proposition (12/01/2026).',
      });
      expectAccepted(accepted, on(deliberation, d(8), { party, date: d(7) }));
    });

    it('is not dated before the opinion of the comité social territorial', () => {
      const afterOpinion = run(withCst.slice(0, 9).map((e, i) => (i === 8 ? on(e, d(10), { date: d(10) } as never) : e)));
      expectBreach(afterOpinion, on(deliberation, d(11), { date: d(9) }), {
        field: 'date',
        code: 'deliberation_before_cst_opinion',
        message: 'La date de la délibération ne peut pas précéder l’avis du comité social territorial (15/01/2026).',
      });
      expectAccepted(afterOpinion, on(deliberation, d(11), { date: d(10) }));
    });

    it('is not dated in the future, whether adopted or refused', () => {
      const accepted = run(plain.slice(0, 8));
      for (const outcome of ['adopted', 'refused'] as const) {
        expectBreach(accepted, on(deliberation, d(8), { outcome, date: d(9) }), {
          field: 'date',
          code: 'deliberation_in_future',
          message: 'La date de la délibération ne peut pas être postérieure à aujourd’hui (13/01/2026).',
        });
      }
      expectAccepted(accepted, on(deliberation, d(8), { date: d(8) }));
    });

    it('of a snapshot stored before the acceptance day was recorded is not bounded by it', () => {
      const { proposalAcceptedOn: _, ...context } = run(plain.slice(0, 8)).context;
      const stored = { ...run(plain.slice(0, 8)), context };
      expectAccepted(stored, on(deliberation, d(8), { date: d(2) }));
    });
  });

  describe('a signature', () => {
    // The deliberations are dated DAY + 8 (commune) and DAY + 9 (EPCI).
    const councilsDone = run(plain.slice(0, 10));
    const signature = plain[10] as Extract<AdhesionEvent, { type: 'SIGN' }>;

    it.each(['commune', 'epci'] as const)('of the %s is not dated before both deliberations', (party) => {
      expectBreach(councilsDone, on(signature, d(12), { party, date: d(8) }), {
        field: 'date',
        code: 'signature_before_deliberations',
        message: 'La date de signature ne peut pas précéder les délibérations des deux conseils (la dernière le 14/01/2026).',
      });
      expectAccepted(councilsDone, on(signature, d(12), { party, date: d(9) }));
    });

    it('is not dated in the future', () => {
      expectBreach(councilsDone, on(signature, d(12), { date: d(13) }), {
        field: 'date',
        code: 'signature_in_future',
        message: 'La date de signature ne peut pas être postérieure à aujourd’hui (17/01/2026).',
      });
      expectAccepted(councilsDone, on(signature, d(12), { date: d(12) }));
    });
  });

  describe('the start of the convention', () => {
    it('is the proposed start when both signatures precede it', () => {
      const events = pathToActive(DAY, { startDate: d(60) });
      expect(run(events).context.startDate).toBe(d(60));
    });

    it('is the last signature when it is later than the proposed start', () => {
      const events = pathToActive(DAY, { startDate: d(8) }); // signatures on DAY + 10 and DAY + 11
      expect(run(events).context.startDate).toBe(d(11));
    });
  });

  describe('a proposal', () => {
    const approved = run(plain.slice(0, 6));
    const proposal = plain[6] as Extract<AdhesionEvent, { type: 'ISSUE_PROPOSAL' }>;

    it('does not start in the past', () => {
      expectBreach(approved, on(proposal, d(6), { startDate: d(5) }), {
        field: 'startDate',
        code: 'start_date_in_past',
        message: 'La date de début ne peut pas précéder aujourd’hui (11/01/2026).',
      });
      expectAccepted(approved, on(proposal, d(6), { startDate: d(6) }));
    });

    it('is not valid until a past day', () => {
      expectBreach(approved, on(proposal, d(6), { validUntil: d(5) }), {
        field: 'validUntil',
        code: 'valid_until_in_past',
        message: 'La proposition ne peut pas être valable jusqu’à une date passée : au plus tôt aujourd’hui (11/01/2026).',
      });
      expectAccepted(approved, on(proposal, d(6), { validUntil: d(6) }));
    });
  });

  describe('a notice', () => {
    const start = '2026-03-06';
    const active = activeState(start, { noticePeriodMonths: 6 });
    const notice = (effectiveDate: CivilDate): AdhesionEvent => ({ type: 'GIVE_NOTICE', party: 'epci', reason: 'Motif d’intérêt général', effectiveDate, at: at('2026-04-01') });

    it('respects the notice period', () => {
      expectBreach(active, notice('2026-09-30'), {
        field: 'effectiveDate',
        code: 'notice_too_short',
        message: 'Le préavis est de 6 mois : la résiliation ne peut pas prendre effet avant le 01/10/2026.',
      });
      expectAccepted(active, notice('2026-10-01'));
    });

    it('takes effect inside the term', () => {
      const end = anniversary(start, 3);
      expect(termEnd(active.context)).toBe(end);
      expectBreach(active, notice(addDays(end, 1)), {
        field: 'effectiveDate',
        code: 'notice_after_term',
        message: 'La résiliation ne peut pas prendre effet après le terme de la convention (06/03/2029).',
      });
      expectAccepted(active, notice(end));
    });
  });

  it('gives a form the tightest bounds of each date field, from the same rules', () => {
    const afterOpinion = run(withCst.slice(0, 9));
    expect(dateBounds(afterOpinion.context, 'RECORD_DELIBERATION', d(12))).toEqual({ date: { min: d(8), max: d(12) } });
    expect(dateBounds(run(plain.slice(0, 10)).context, 'SIGN', d(12))).toEqual({ date: { min: d(9), max: d(12) } });
    expect(dateBounds(initialState().context, 'ISSUE_PROPOSAL', d(0))).toEqual({ startDate: { min: d(0) }, validUntil: { min: d(0) } });
    expect(dateBounds(activeState('2026-03-06').context, 'GIVE_NOTICE', '2026-04-01')).toEqual({ effectiveDate: { min: '2026-10-01', max: '2029-03-06' } });
    expect(dateBounds(initialState().context, 'ACKNOWLEDGE', d(0))).toEqual({});
  });

  it('lists as allowed only events whose example the machine accepts, dates included, at every step of a journey', () => {
    const journeys = [plain, withCst];
    for (const events of journeys) {
      let state = initialState();
      const states = [state];
      for (const event of events) {
        state = run([event], state);
        states.push(state);
      }
      for (const reached of states) {
        const day = parisDay(events, states.indexOf(reached));
        for (const role of ROLES) {
          for (const type of allowedEvents(reached, role, at(day))) {
            const sample = sampleEvent(type, role, restoreSnapshot(reached), at(day));
            expect({ type, violations: dateViolations(reached.context, sample) }).toEqual({ type, violations: [] });
            expect({ type, accepted: applyEvent(reached, sample).accepted }).toEqual({ type, accepted: true });
          }
        }
      }
    }
  });
});

/** The day of the event that follows the `index`-th state (or the day after the last event). */
function parisDay(events: readonly AdhesionEvent[], index: number): CivilDate {
  const next = events[index] ?? events.at(-1)!;
  return parisDateOf(next.at);
}
