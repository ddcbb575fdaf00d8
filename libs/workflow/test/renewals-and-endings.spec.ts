// Renewals and endings: the EPCI's refusal of a renewal, the termination by mutual agreement, and the renewal
// of a convention at its term by a successor adhesion that skips the study and starts the day the term ends.
import { addDays, anniversary } from '#domain';
import { type AdhesionEvent } from '../src/events.js';
import { nextDeadline } from '../src/next-deadline.js';
import { maySend } from '../src/permissions.js';
import { allowedEvents } from '../src/allowed-events.js';
import { conventionCoverage } from '../src/coverage.js';
import { applyEvent, initialState, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { at, pathToActive, run } from './factories.js';

const DAY = '2026-01-05';
const START = '2026-03-06';
const WINDOW = '2026-12-06'; // 90 days before the first anniversary, 2027-03-06
const accepts = (state: PersistedAdhesionState, event: AdhesionEvent) => applyEvent(state, event).accepted;
const active = () => run(pathToActive(DAY)); // start date 2026-03-06
const due = () => run([{ type: 'RENEWAL_WINDOW_OPENED', at: at(WINDOW, 0) }], active());
const refuse = (day: string, reason = 'Le service ne sera plus assuré par l’EPCI') => ({ type: 'REFUSE_RENEWAL', reason, at: at(day) }) as AdhesionEvent;

describe('the EPCI declines a renewal', () => {
  it('only within the window: not while in force before it opens, nor once validated', () => {
    expect(accepts(active(), refuse('2026-11-01'))).toBe(false);
    expect(accepts(due(), refuse(addDays(WINDOW, 1)))).toBe(true);
    const confirmed = run([{ type: 'CONFIRM_RENEWAL', plannedUnits: 40, at: at(addDays(WINDOW, 2)) }], due());
    expect(accepts(confirmed, refuse(addDays(WINDOW, 3)))).toBe(true);
    const validated = run([{ type: 'VALIDATE_RENEWAL', at: at(addDays(WINDOW, 3)) }], confirmed);
    expect(accepts(validated, refuse(addDays(WINDOW, 4)))).toBe(false);
  });

  it('requires a reason, and only the DGS may send it', () => {
    expect(accepts(due(), refuse(addDays(WINDOW, 1), ''))).toBe(false);
    expect(accepts(due(), { type: 'REFUSE_RENEWAL', at: at(addDays(WINDOW, 1)) } as AdhesionEvent)).toBe(false);
    expect(maySend('dgs', { type: 'REFUSE_RENEWAL' })).toBe(true);
    expect(maySend('secretary', { type: 'REFUSE_RENEWAL' })).toBe(false);
    expect(allowedEvents(due(), 'dgs', at(addDays(WINDOW, 1)))).toContain('REFUSE_RENEWAL');
  });

  it('runs to the anniversary, then lapses, with the reason kept', () => {
    const refused = run([refuse(addDays(WINDOW, 1))], due());
    expect(refused.value).toEqual({ active: { term: 'renewalRefused', amendment: 'none' } });
    expect(refused.context.closingReason).toBe('Le service ne sera plus assuré par l’EPCI');
    expect(nextDeadline(refused)).toEqual({ kind: 'ANNIVERSARY_PASSED', dueOn: '2027-03-06', cycle: 1 });
    expect(conventionCoverage(refused)).toEqual({ from: START, until: '2027-03-06' });
    // The commune can no longer confirm what the EPCI refused.
    expect(accepts(refused, { type: 'CONFIRM_RENEWAL', plannedUnits: 40, at: at(addDays(WINDOW, 2)) })).toBe(false);
    expect(accepts(refused, { type: 'ANNIVERSARY_PASSED', at: at('2027-03-05', 23) })).toBe(false);
    expect(run([{ type: 'ANNIVERSARY_PASSED', at: at('2027-03-06', 0) }], refused).value).toBe('lapsed');
  });
});

describe('termination by mutual agreement', () => {
  const propose = (party: 'commune' | 'epci', effectiveDate: string, day = '2026-05-01') =>
    ({ type: 'PROPOSE_TERMINATION', party, reason: 'La commune rejoint un service départemental', effectiveDate, at: at(day) }) as AdhesionEvent;
  const proposed = () => run([propose('commune', '2026-07-01')], active());

  it('needs the other party: the proposer cannot agree with itself', () => {
    const state = proposed();
    expect(state.context.termination).toEqual({ proposedBy: 'commune', reason: 'La commune rejoint un service départemental', effectiveDate: '2026-07-01', proposedOn: '2026-05-01' });
    expect(accepts(state, { type: 'ACCEPT_TERMINATION', party: 'commune', at: at('2026-05-02') })).toBe(false);
    expect(allowedEvents(state, 'secretary', at('2026-05-02'))).not.toContain('ACCEPT_TERMINATION');
    expect(allowedEvents(state, 'dgs', at('2026-05-02'))).toContain('ACCEPT_TERMINATION');
    // One proposal at a time.
    expect(accepts(state, propose('epci', '2026-08-01', '2026-05-02'))).toBe(false);
    // Nothing changes in the term until the other party agrees.
    expect(state.value).toEqual({ active: { term: 'inForce', amendment: 'none' } });
  });

  it('ends on the agreed date, with no notice period, and not a day before', () => {
    const agreed = run([{ type: 'ACCEPT_TERMINATION', party: 'epci', at: at('2026-05-03') }], proposed());
    expect(agreed.value).toEqual({ active: { term: 'terminationAgreed', amendment: 'none' } });
    expect(agreed.context.termination?.agreedOn).toBe('2026-05-03');
    expect(agreed.context.closingReason).toBe('La commune rejoint un service départemental');
    expect(nextDeadline(agreed)).toEqual({ kind: 'TERMINATION_EFFECTIVE', dueOn: '2026-07-01', cycle: 1 });
    expect(conventionCoverage(agreed)).toEqual({ from: START, until: '2026-07-01' });
    expect(accepts(agreed, { type: 'TERMINATION_EFFECTIVE', at: at('2026-06-30', 23) })).toBe(false);
    const ended = run([{ type: 'TERMINATION_EFFECTIVE', at: at('2026-07-01', 0) }], agreed);
    expect(ended.value).toBe('terminated');
    expect(conventionCoverage(ended)).toEqual({ from: START, until: '2026-07-01' });
  });

  it('is dropped when the other party refuses, and may be proposed again', () => {
    const refused = run([{ type: 'REFUSE_TERMINATION', party: 'epci', at: at('2026-05-03') }], proposed());
    expect(refused.context.termination).toBeNull();
    expect(nextDeadline(refused)?.kind).toBe('RENEWAL_WINDOW_OPENED');
    expect(accepts(refused, propose('epci', '2026-09-01', '2026-05-04'))).toBe(true);
  });

  it('takes a date within the current contract year, not in the past, and not under notice', () => {
    expect(accepts(active(), propose('commune', '2026-04-30'))).toBe(false);
    expect(accepts(active(), propose('commune', '2027-03-06'))).toBe(true);
    expect(accepts(active(), propose('commune', '2027-03-07'))).toBe(false);
    const notice = run(
      [{ type: 'GIVE_NOTICE', party: 'epci', reason: 'Réorganisation des services', effectiveDate: '2026-11-01', at: at('2026-05-01') }],
      active(),
    );
    expect(accepts(notice, propose('commune', '2026-07-01', '2026-05-02'))).toBe(false);
  });

  it('cannot be accepted once its date has passed; a new one may then be proposed', () => {
    const state = proposed();
    expect(accepts(state, { type: 'ACCEPT_TERMINATION', party: 'epci', at: at('2026-07-02') })).toBe(false);
    expect(accepts(state, propose('epci', '2026-08-01', '2026-07-02'))).toBe(true);
  });

  it('keeps a stored snapshot without the new fields restoring and behaving as before', () => {
    const stored = active();
    const { termination: _t, renewalOf: _r, ...old } = stored.context;
    const restored = restoreSnapshot({ value: stored.value, context: old });
    expect(restored.context.termination).toBeUndefined();
    expect(accepts(stored, propose('commune', '2026-07-01'))).toBe(true);
  });
});

describe('renewing a convention at its term', () => {
  const termEnd = anniversary(START, 3); // 2029-03-06
  const successor = (study?: true) =>
    initialState({ renewalOf: { startDate: termEnd, ...(study ? { study } : {}), draft: { unitCostCents: 15_000, forecastUnits: 40.5 } } });
  const submitted = (study?: true) =>
    run(
      [
        { type: 'SUBMIT', at: at('2028-09-01') },
        { type: 'ACKNOWLEDGE', at: at('2028-09-02') },
      ],
      successor(study),
    );

  it('skips the study unless the DGS asked for one', () => {
    expect(submitted().value).toEqual({ proposal: 'drafting' });
    expect(submitted(true).value).toEqual({ study: 'inProgress' });
    expect(run([{ type: 'SUBMIT', at: at(DAY) }, { type: 'ACKNOWLEDGE', at: at(DAY) }]).value).toEqual({ study: 'inProgress' });
  });

  it('proposes a start on the day the old term ends, so that the two conventions follow each other', () => {
    const proposal = (startDate: string) =>
      ({ type: 'ISSUE_PROPOSAL', unitCostCents: 15_000, forecastUnits: 40.5, startDate, validUntil: '2028-10-31', at: at('2028-09-03') }) as AdhesionEvent;
    expect(accepts(submitted(), proposal(addDays(termEnd, 1)))).toBe(false);
    expect(accepts(submitted(), proposal(addDays(termEnd, -1)))).toBe(false);
    const issued = run([proposal(termEnd)], submitted());
    expect(issued.context.proposal?.startDate).toBe(termEnd);
  });

  it('offers the DGS the proposal of a renewal, whose only start is the term, months away', () => {
    expect(allowedEvents(submitted(), 'dgs', at('2028-09-03'))).toContain('ISSUE_PROPOSAL');
  });
});
