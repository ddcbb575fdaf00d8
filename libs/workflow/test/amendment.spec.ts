// The avenant as a sub-process of a convention in force: each step, the rule on deliberations, the dates of
// the chain, the effective date, the numbering, and the snapshots and trails written before it existed.
import { dateViolations } from '../src/date-rules.js';
import { allowedEvents } from '../src/allowed-events.js';
import { type AdhesionEvent } from '../src/events.js';
import { termsHistory } from '../src/amendment.js';
import { nextDeadline } from '../src/next-deadline.js';
import { applyEvent, leafStates, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { at, pathToActive, run } from './factories.js';

const DAY = '2026-01-05';
const active = () => run(pathToActive(DAY)); // start 2026-03-06, 150 € a unit, 40.5 units
const accepts = (state: PersistedAdhesionState, event: AdhesionEvent) => applyEvent(state, event).accepted;
const amendmentLeaf = (state: PersistedAdhesionState) => leafStates(state.value).find((l) => l.startsWith('active.amendment.'));

/** A 67 % rise of the unit cost, proposed by the EPCI on 1 May 2026, effective on 1 September 2026. */
const rise = (effectiveDate = '2026-09-01', day = '2026-05-01'): AdhesionEvent => ({
  type: 'PROPOSE_AMENDMENT',
  party: 'epci',
  effectiveDate,
  terms: { unitCostCents: 25_000, forecastUnits: 40.5, description: 'Hausse du coût unitaire' },
  at: at(day),
});
const accept = (day = '2026-05-02'): AdhesionEvent => ({ type: 'ACCEPT_AMENDMENT', party: 'commune', at: at(day) });
const deliberate = (party: 'commune' | 'epci', date: string, outcome: 'adopted' | 'refused' = 'adopted'): AdhesionEvent => ({
  type: 'RECORD_AMENDMENT_DELIBERATION',
  party,
  outcome,
  number: `${party}-2026-12`,
  date,
  at: at(date),
});
const sign = (party: 'commune' | 'epci', date: string, day = date): AdhesionEvent => ({
  type: 'SIGN_AMENDMENT',
  party,
  signatoryName: party === 'commune' ? 'M. Martin' : 'Mme Durand',
  signatoryQuality: party === 'commune' ? 'Maire' : 'Présidente',
  date,
  at: at(day),
});
const signedBoth = (effectiveDate = '2026-09-01') =>
  run([rise(effectiveDate), accept(), deliberate('commune', '2026-05-20'), deliberate('epci', '2026-05-25'), sign('commune', '2026-06-01'), sign('epci', '2026-06-02')], active());

describe('an avenant, step by step', () => {
  it('is proposed with its number and effective date, accepted by the other party only, then goes to both councils', () => {
    const proposed = run([rise()], active());
    expect(amendmentLeaf(proposed)).toBe('active.amendment.pending');
    expect(proposed.context.amendment).toMatchObject({ proposedBy: 'epci', number: 1, effectiveDate: '2026-09-01', deliberationsRequired: true });
    expect(accepts(proposed, { type: 'ACCEPT_AMENDMENT', party: 'epci', at: at('2026-05-02') })).toBe(false);
    const accepted = run([accept()], proposed);
    expect(amendmentLeaf(accepted)).toBe('active.amendment.deliberations');
    expect(accepted.context.amendment?.acceptedOn).toBe('2026-05-02');
  });

  it('never applies the new terms on acceptance, nor on the deliberations, nor on one signature', () => {
    const before = active().context.terms;
    let state = active();
    for (const event of [rise('2026-05-01'), accept(), deliberate('commune', '2026-05-20'), deliberate('epci', '2026-05-25'), sign('commune', '2026-06-01')]) {
      state = run([event], state);
      expect(state.context.terms).toEqual(before);
    }
    expect(amendmentLeaf(state)).toBe('active.amendment.signature');
    expect(allowedEvents(state, 'dgs', at('2026-06-02'))).toContain('SIGN_AMENDMENT');
    expect(allowedEvents(state, 'secretary', at('2026-06-02'))).not.toContain('SIGN_AMENDMENT');
  });

  it('goes from the councils to the signatures once both adopted, in either order', () => {
    const accepted = run([rise(), accept()], active());
    const epciFirst = run([deliberate('epci', '2026-05-10'), deliberate('commune', '2026-05-11')], accepted);
    expect(amendmentLeaf(epciFirst)).toBe('active.amendment.signature');
    const once = run([deliberate('epci', '2026-05-10')], accepted);
    expect(accepts(once, deliberate('epci', '2026-05-11'))).toBe(false);
  });

  it('is dropped when a council refuses it, the terms unchanged', () => {
    const refused = run([rise(), accept(), deliberate('commune', '2026-05-20', 'refused')], active());
    expect(amendmentLeaf(refused)).toBe('active.amendment.none');
    expect(refused.context.amendment).toBeNull();
    expect(refused.context.terms?.unitCostCents).toBe(15_000);
  });

  it('is refused by the other party, with a reason, and nothing changes', () => {
    const refused = run([rise(), { type: 'REFUSE_AMENDMENT', party: 'commune', reason: 'Hausse trop forte', at: at('2026-05-03') }], active());
    expect(amendmentLeaf(refused)).toBe('active.amendment.none');
    expect(refused.context).toMatchObject({ amendment: null, terms: { unitCostCents: 15_000 } });
    expect(refused.context.amendments).toBeUndefined();
  });

  it('skips the councils when only the forecast changes, and keeps the payment terms left out', () => {
    const forecastOnly: AdhesionEvent = {
      type: 'PROPOSE_AMENDMENT',
      party: 'commune',
      effectiveDate: '2026-06-01',
      terms: { unitCostCents: 15_000, forecastUnits: 60, description: 'Conditions de la proposition acceptée' },
      at: at('2026-05-01'),
    };
    const accepted = run([forecastOnly, { type: 'ACCEPT_AMENDMENT', party: 'epci', at: at('2026-05-02') }], active());
    expect(amendmentLeaf(accepted)).toBe('active.amendment.signature');
    const applied = run([sign('commune', '2026-06-03'), sign('epci', '2026-06-03')], accepted);
    expect(applied.context.terms).toEqual({ ...active().context.terms, forecastUnits: 60 });
  });

  it('needs the councils for a change of scope (options) alone', () => {
    const scope: AdhesionEvent = { type: 'PROPOSE_AMENDMENT', party: 'commune', effectiveDate: '2026-06-01', options: ['DP', 'PC'], at: at('2026-05-01') };
    const proposed = run([scope], active());
    expect(proposed.context.amendment).toMatchObject({ options: ['DP', 'PC'], deliberationsRequired: true, terms: active().context.terms });
  });
});

describe('when the new terms apply', () => {
  it('waits, signed, until the effective date, delivered as a time event, and never before', () => {
    const signed = signedBoth('2026-09-01');
    expect(amendmentLeaf(signed)).toBe('active.amendment.scheduled');
    expect(signed.context.terms?.unitCostCents).toBe(15_000);
    expect(nextDeadline(signed)).toEqual({ kind: 'AMENDMENT_EFFECTIVE', dueOn: '2026-09-01', cycle: 1 });
    expect(accepts(signed, { type: 'AMENDMENT_EFFECTIVE', at: at('2026-08-31', 23) })).toBe(false);
    const applied = run([{ type: 'AMENDMENT_EFFECTIVE', at: at('2026-09-01', 0) }], signed);
    expect(amendmentLeaf(applied)).toBe('active.amendment.none');
    expect(applied.context.terms).toMatchObject({ unitCostCents: 25_000, description: 'Hausse du coût unitaire' });
    expect(applied.context.amendments).toEqual([expect.objectContaining({ number: 1, appliedOn: '2026-09-01', effectiveDate: '2026-09-01' })]);
    // Back to the term's own deadline.
    expect(nextDeadline(applied)?.kind).toBe('RENEWAL_WINDOW_OPENED');
  });

  it('applies at the last signature when the effective date has come before it (never retroactively)', () => {
    const applied = signedBoth('2026-05-15');
    expect(amendmentLeaf(applied)).toBe('active.amendment.none');
    expect(applied.context.terms?.unitCostCents).toBe(25_000);
    expect(applied.context.amendments?.[0]).toMatchObject({ effectiveDate: '2026-05-15', appliedOn: '2026-06-02' });
  });

  it('lets the term’s own deadline come first when it is earlier', () => {
    const signed = signedBoth('2027-02-01'); // the renewal window opens on 2026-12-06
    expect(nextDeadline(signed)).toMatchObject({ kind: 'RENEWAL_WINDOW_OPENED' });
    const due = run([{ type: 'RENEWAL_WINDOW_OPENED', at: at('2026-12-06', 0) }], signed);
    expect(nextDeadline(due)).toEqual({ kind: 'AMENDMENT_EFFECTIVE', dueOn: '2027-02-01', cycle: 1 });
  });

  it('numbers the avenants of one convention 1, 2, … (a refused one takes no number)', () => {
    const first = run([{ type: 'AMENDMENT_EFFECTIVE', at: at('2026-09-01', 0) }], signedBoth());
    const refused = run([rise('2026-10-01', '2026-09-02'), { type: 'REFUSE_AMENDMENT', party: 'commune', at: at('2026-09-03') }], first);
    const second = run([rise('2026-10-01', '2026-09-04')], refused);
    expect(second.context.amendment?.number).toBe(2);
  });
});

describe('the terms in force over time', () => {
  it('are the convention’s from its start, then each applied avenant’s from its day, for the money', () => {
    const original = active().context.terms!;
    const first = run([{ type: 'AMENDMENT_EFFECTIVE', at: at('2026-09-01', 0) }], signedBoth());
    const forecastOnly: AdhesionEvent = { type: 'PROPOSE_AMENDMENT', party: 'commune', effectiveDate: '2026-11-01', terms: { ...first.context.terms!, forecastUnits: 60 }, at: at('2026-10-01') };
    const second = run([forecastOnly, { type: 'ACCEPT_AMENDMENT', party: 'epci', at: at('2026-10-02') }, sign('commune', '2026-10-03'), sign('epci', '2026-10-03'), { type: 'AMENDMENT_EFFECTIVE', at: at('2026-11-01', 0) }], first);
    expect(second.context.amendments?.map((a) => a.appliedOn)).toEqual(['2026-09-01', '2026-11-01']);
    expect(termsHistory(second.context)).toEqual([
      { from: '2026-03-06', terms: original },
      { from: '2026-09-01', terms: { ...original, unitCostCents: 25_000, description: 'Hausse du coût unitaire' } },
      { from: '2026-11-01', terms: { ...original, unitCostCents: 25_000, description: 'Hausse du coût unitaire', forecastUnits: 60 } },
    ]);
    expect(termsHistory(active().context)).toEqual([{ from: '2026-03-06', terms: original }]);
  });
});

describe('the dates of an avenant', () => {
  it('refuses an effective date before the day, or at or after the end of the term, with a French sentence', () => {
    const state = active();
    expect(accepts(state, rise('2026-04-30'))).toBe(false);
    expect(accepts(state, rise('2029-03-06'))).toBe(false);
    expect(accepts(state, rise('2029-03-05'))).toBe(true);
    expect(dateViolations(state.context, rise('2026-04-30'))).toEqual([
      { field: 'effectiveDate', code: 'amendment_effective_in_past', message: 'La date d’effet de l’avenant ne peut pas précéder le jour de sa proposition (01/05/2026).' },
    ]);
    expect(dateViolations(state.context, rise('2029-03-06'))).toEqual([
      { field: 'effectiveDate', code: 'amendment_after_term', message: 'La date d’effet de l’avenant ne peut pas suivre le dernier jour de la convention (05/03/2029).' },
    ]);
  });

  it('refuses a deliberation before the acceptance, and a signature before the deliberations', () => {
    const accepted = run([rise(), accept('2026-05-10')], active());
    const early = { ...deliberate('commune', '2026-05-09'), at: at('2026-05-11') } as AdhesionEvent;
    expect(accepts(accepted, early)).toBe(false);
    expect(dateViolations(accepted.context, early)).toEqual([
      { field: 'date', code: 'amendment_deliberation_before_acceptance', message: 'La date de la délibération ne peut pas précéder l’acceptation de l’avenant (10/05/2026).' },
    ]);
    const deliberated = run([deliberate('commune', '2026-05-20'), deliberate('epci', '2026-05-25')], accepted);
    expect(accepts(deliberated, sign('commune', '2026-05-24', '2026-05-26'))).toBe(false);
    expect(accepts(deliberated, sign('commune', '2026-05-27', '2026-05-26'))).toBe(false); // in the future
    expect(accepts(deliberated, sign('commune', '2026-05-25', '2026-05-26'))).toBe(true);
  });
});

describe('the amendments written before the sub-process', () => {
  it('restores a stored old pending amendment, whose acceptance now goes through the councils and signatures', () => {
    const base = active();
    const stored = {
      machineVersion: 1,
      value: { active: { term: 'inForce', amendment: 'pending' } },
      context: { ...base.context, amendment: { proposedBy: 'epci', terms: { unitCostCents: 25_000, forecastUnits: 40.5, description: 'Ancien avenant' } } },
    };
    const snapshot = restoreSnapshot(stored);
    expect(snapshot.status).toBe('active');
    const accepted = run([accept()], stored as PersistedAdhesionState);
    expect(amendmentLeaf(accepted)).toBe('active.amendment.deliberations');
    expect(accepted.context.terms?.unitCostCents).toBe(15_000);
    expect(accepted.context.amendment?.number).toBe(1);
    const signed = run([deliberate('commune', '2026-05-20'), deliberate('epci', '2026-05-25'), sign('commune', '2026-06-01'), sign('epci', '2026-06-02')], accepted);
    // No effective date: from the last signature.
    expect(signed.context.amendments?.[0]).toMatchObject({ number: 1, appliedOn: '2026-06-02' });
    expect(signed.context.terms?.unitCostCents).toBe(25_000);
  });

  it('refuses a new proposal without an effective date', () => {
    const old = { type: 'PROPOSE_AMENDMENT', party: 'epci', terms: { unitCostCents: 25_000, forecastUnits: 1, description: 'x' }, at: at('2026-05-01') } as unknown as AdhesionEvent;
    expect(accepts(active(), old)).toBe(false);
  });
});
