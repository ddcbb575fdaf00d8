// The rules of the lifecycle, one scenario each.
import { addDays, addMonths, anniversary } from '#domain';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { allowedEvents } from '../src/allowed-events.js';
import { describeWorkflow } from '../src/describe.js';
import { EVENT_PAYLOADS, EVENT_TYPES, parseEvent, type AdhesionEvent } from '../src/events.js';
import { EVENT_FIELDS, EVENT_LABELS_FR, STATE_LABELS_FR } from '../src/labels.fr.js';
import { nextDeadline } from '../src/next-deadline.js';
import { maySend } from '../src/permissions.js';
import {
  applyEvent,
  initialState,
  leafStates,
  MACHINE_VERSION,
  migrateSnapshot,
  restoreSnapshot,
  topState,
  type PersistedAdhesionState,
} from '../src/snapshot.js';
import { SnapshotIncompatible } from '../src/errors.js';
import { at, pathToActive, run } from './factories.js';

const DAY = '2026-01-05';
const accepts = (state: PersistedAdhesionState, event: AdhesionEvent) => applyEvent(state, event).accepted;
const active = () => run(pathToActive(DAY)); // start date 2026-03-06

describe('from request to convention', () => {
  it('enters force on the proposed start date, in year 1, with the proposal’s terms', () => {
    const state = active();
    expect(state.value).toEqual({ active: { term: 'inForce', amendment: 'none' } });
    expect(state.context).toMatchObject({ startDate: '2026-03-06', year: 1, terms: { unitCostCents: 15_000, forecastUnits: 40.5 } });
  });

  it('starts on the later signature when the convention is signed after the proposed start date', () => {
    const events = pathToActive(DAY, { startDate: addDays(DAY, 7) });
    const lastSignature = (events.at(-1) as { date: string }).date;
    expect(lastSignature > addDays(DAY, 7)).toBe(true);
    expect(run(events).context.startDate).toBe(lastSignature);
  });

  it('accepts the two deliberations and the two signatures in either order', () => {
    const events = pathToActive(DAY);
    // The EPCI deliberates first and the mayor signs first: the events keep their own dates, in the other order.
    const later = (event: AdhesionEvent, days: number) => ({ ...event, at: at(addDays(DAY, days)) }) as AdhesionEvent;
    const reordered = [...events.slice(0, 8), later(events[9], 10), later(events[8], 10), later(events[11], 12), later(events[10], 12)];
    expect(topState(run(reordered).value)).toBe('active');
  });

  it.each(['commune', 'epci'] as const)('is declined when the %s council refuses', (party) => {
    const beforeCouncils = run(pathToActive(DAY).slice(0, 8));
    const refusal: AdhesionEvent = { type: 'RECORD_DELIBERATION', party, outcome: 'refused', number: 'R-1', date: addDays(DAY, 9), at: at(addDays(DAY, 9)) };
    const result = applyEvent(beforeCouncils, refusal);
    expect(result.accepted && result.next.value).toBe('declined');
  });

  it('asks the comité social territorial first when staff are affected', () => {
    const events = pathToActive(DAY, { staffImpact: true });
    const accepted = run(events.slice(0, 8));
    expect(leafStates(accepted.value)).toEqual(['deliberations.cstOpinion']);
    expect(accepts(accepted, events[9])).toBe(false); // the commune cannot deliberate before the opinion
    expect(topState(run(events).value)).toBe('active');
  });

  it('refuses the same council deliberating twice, and a deliberation dated in the future', () => {
    const events = pathToActive(DAY);
    const afterCommune = run(events.slice(0, 9));
    expect(accepts(afterCommune, events[8])).toBe(false);
    const future: AdhesionEvent = { ...(events[9] as Extract<AdhesionEvent, { type: 'RECORD_DELIBERATION' }>), date: addDays(DAY, 30) };
    expect(accepts(afterCommune, future)).toBe(false);
  });

  it('expires a proposal only after its validity date', () => {
    const proposed = run(pathToActive(DAY).slice(0, 7)); // valid until DAY + 40
    expect(accepts(proposed, { type: 'PROPOSAL_EXPIRED', at: at(addDays(DAY, 40), 23) })).toBe(false);
    const result = applyEvent(proposed, { type: 'PROPOSAL_EXPIRED', at: at(addDays(DAY, 41), 0) });
    expect(result.accepted && result.next.value).toBe('expired');
  });

  it('refuses an event whose payload is invalid, whatever the state', () => {
    const submitted = run(pathToActive(DAY).slice(0, 1));
    expect(accepts(submitted, { type: 'DECLARE_INADMISSIBLE', reason: '  ', at: at(DAY) } as AdhesionEvent)).toBe(false);
    expect(accepts(submitted, { type: 'ACKNOWLEDGE', at: 'not a date' })).toBe(false);
  });
});

describe('the yearly express renewal', () => {
  const window1 = '2026-12-06'; // 90 days before 2027-03-06
  const renew = (state: PersistedAdhesionState, windowDay: string) =>
    run(
      [
        { type: 'RENEWAL_WINDOW_OPENED', at: at(windowDay, 0) },
        { type: 'CONFIRM_RENEWAL', plannedUnits: 44, at: at(addDays(windowDay, 5)) },
        { type: 'VALIDATE_RENEWAL', at: at(addDays(windowDay, 6)) },
      ],
      state,
    );

  it('opens the renewal window 90 days before the anniversary, not a day earlier', () => {
    const state = active();
    expect(accepts(state, { type: 'RENEWAL_WINDOW_OPENED', at: at(addDays(window1, -1), 23) })).toBe(false);
    expect(accepts(state, { type: 'RENEWAL_WINDOW_OPENED', at: at(window1, 0) })).toBe(true);
  });

  it('refuses a confirmation while the window is closed', () => {
    expect(accepts(active(), { type: 'CONFIRM_RENEWAL', plannedUnits: 44, at: at(window1) })).toBe(false);
  });

  it('moves to the next year with the planned units once confirmed and validated', () => {
    const renewed = renew(active(), window1);
    expect(renewed.context).toMatchObject({ year: 2, terms: { forecastUnits: 44 }, renewal: null });
    expect(nextDeadline(renewed)).toEqual({ kind: 'RENEWAL_WINDOW_OPENED', dueOn: '2027-12-07', cycle: 2 });
  });

  it('lapses when the anniversary passes without the DGS’s validation', () => {
    const confirmed = run(
      [
        { type: 'RENEWAL_WINDOW_OPENED', at: at(window1, 0) },
        { type: 'CONFIRM_RENEWAL', plannedUnits: 44, at: at(addDays(window1, 5)) },
      ],
      active(),
    );
    expect(nextDeadline(confirmed)).toEqual({ kind: 'ANNIVERSARY_PASSED', dueOn: '2027-03-06', cycle: 1 });
    expect(accepts(confirmed, { type: 'ANNIVERSARY_PASSED', at: at('2027-03-05', 23) })).toBe(false);
    const result = applyEvent(confirmed, { type: 'ANNIVERSARY_PASSED', at: at('2027-03-06', 0) });
    expect(result.accepted && result.next.value).toBe('lapsed');
  });

  it('ends the term after year 3 and never before', () => {
    const year2 = renew(active(), window1);
    expect(accepts(year2, { type: 'TERM_ENDED', at: at('2030-01-01') })).toBe(false);
    const year3 = renew(year2, '2027-12-07'); // 2028 is a leap year
    expect(year3.context.year).toBe(3);
    expect(accepts(year3, { type: 'RENEWAL_WINDOW_OPENED', at: at('2028-12-06') })).toBe(false);
    expect(nextDeadline(year3)).toEqual({ kind: 'TERM_ENDED', dueOn: anniversary('2026-03-06', 3), cycle: 3 });
    expect(accepts(year3, { type: 'TERM_ENDED', at: at('2029-03-05') })).toBe(false);
    const result = applyEvent(year3, { type: 'TERM_ENDED', at: at('2029-03-06', 0) });
    expect(result.accepted && result.next.value).toBe('ended');
  });

  it('ignores a second delivery of the same time event', () => {
    const due = run([{ type: 'RENEWAL_WINDOW_OPENED', at: at(window1, 0) }], active());
    expect(accepts(due, { type: 'RENEWAL_WINDOW_OPENED', at: at(window1, 1) })).toBe(false);
  });
});

describe('notice and amendments', () => {
  it('refuses a notice shorter than the notice period and a reason too short to be one', () => {
    const state = active();
    const today = '2026-04-10';
    const event = (effectiveDate: string, reason = 'Rupture de l’équilibre économique') =>
      ({ type: 'GIVE_NOTICE', party: 'commune', reason, effectiveDate, at: at(today) }) as AdhesionEvent;
    expect(accepts(state, event(addDays(addMonths(today, 6), -1)))).toBe(false);
    expect(accepts(state, event(addMonths(today, 6), 'non'))).toBe(false);
    const given = applyEvent(state, event(addMonths(today, 6)));
    expect(given.accepted && given.next.context.notice).toMatchObject({ party: 'commune', effectiveDate: '2026-10-10' });
    if (!given.accepted) return;
    expect(nextDeadline(given.next)).toEqual({ kind: 'NOTICE_EFFECTIVE', dueOn: '2026-10-10', cycle: 1 });
    const done = applyEvent(given.next, { type: 'NOTICE_EFFECTIVE', at: at('2026-10-10', 0) });
    expect(done.accepted && done.next.value).toBe('terminated');
  });

  it('honours a service’s own notice period', () => {
    const state = run(pathToActive(DAY), initialState({ noticePeriodMonths: 3 }));
    const event = { type: 'GIVE_NOTICE', party: 'epci', reason: 'Réorganisation des services', effectiveDate: '2026-07-10', at: at('2026-04-10') } as AdhesionEvent;
    expect(accepts(state, event)).toBe(true);
  });

  it('keeps the renewal calendar running while an amendment is under discussion', () => {
    const proposed = run(
      [{ type: 'PROPOSE_AMENDMENT', party: 'commune', effectiveDate: '2027-01-01', terms: { unitCostCents: 1, forecastUnits: 1, description: 'x' }, at: at('2026-11-01') }],
      active(),
    );
    const due = run([{ type: 'RENEWAL_WINDOW_OPENED', at: at('2026-12-06', 0) }], proposed);
    expect(due.value).toEqual({ active: { term: 'renewalDue', amendment: 'pending' } });
  });
});

describe('roles and permissions', () => {
  it('lets each role act only for its own party', () => {
    const event = { type: 'SIGN', party: 'epci' } as const;
    expect(maySend('dgs', event)).toBe(true);
    expect(maySend('secretary', event)).toBe(false);
    expect(maySend('agent', { type: 'SUBMIT_STUDY' })).toBe(true);
    expect(maySend('secretary', { type: 'ACKNOWLEDGE' })).toBe(false);
    expect(maySend('dgs', { type: 'ANNIVERSARY_PASSED' })).toBe(false);
  });

  it('offers the secretary her deliberation and the DGS theirs, then only what remains', () => {
    const events = pathToActive(DAY);
    const councils = run(events.slice(0, 8));
    const when = at(addDays(DAY, 9));
    expect(allowedEvents(councils, 'secretary', when)).toEqual(['RECORD_DELIBERATION']);
    expect(allowedEvents(councils, 'dgs', when)).toEqual(['RECORD_DELIBERATION']);
    const afterCommune = run(events.slice(0, 9));
    expect(allowedEvents(afterCommune, 'secretary', when)).toEqual([]);
    expect(allowedEvents(afterCommune, 'agent', when)).toEqual([]);
  });
});

describe('stored snapshots', () => {
  it('migrates a snapshot written before versions were stored, and it behaves the same', () => {
    const current = run(pathToActive(DAY).slice(0, 3));
    const older = { value: current.value, context: current.context }; // version 0: no machineVersion field
    const migrated = migrateSnapshot(JSON.parse(JSON.stringify(older)));
    expect(migrated.machineVersion).toBe(MACHINE_VERSION);
    const next = pathToActive(DAY)[3];
    expect(applyEvent(migrated, next)).toEqual(applyEvent(current, next));
  });

  it('refuses a snapshot from a newer machine and a state that no longer exists', () => {
    const state = initialState();
    expect(() => migrateSnapshot({ ...state, machineVersion: MACHINE_VERSION + 1 })).toThrow(SnapshotIncompatible);
    expect(() => restoreSnapshot({ ...state, value: 'awaitingFax' })).toThrow(SnapshotIncompatible);
    expect(() => restoreSnapshot({ ...state, value: { study: 'daydreaming' } })).toThrow(SnapshotIncompatible);
    expect(() => restoreSnapshot(null)).toThrow(SnapshotIncompatible);
  });
});

describe('the machine as data', () => {
  it('labels every state and every event in French', () => {
    const description = describeWorkflow();
    for (const state of description.states) expect(STATE_LABELS_FR[state.id]).toEqual(expect.any(String));
    for (const type of EVENT_TYPES) expect(EVENT_LABELS_FR[type]).toEqual(expect.any(String));
    expect(description.mermaid.startsWith('stateDiagram-v2')).toBe(true);
    expect(description.mermaid).toContain('deliberations_councils_commune_pending --> declined : RECORD_DELIBERATION');
  });

  it('describes the fields of each event as its schema requires them', () => {
    for (const type of EVENT_TYPES) {
      const shape = EVENT_PAYLOADS[type].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      const schemaFields = Object.keys(shape).filter((name) => name !== 'party').sort();
      expect([type, EVENT_FIELDS[type].map((f) => f.name).sort()]).toEqual([type, schemaFields]);
      for (const field of EVENT_FIELDS[type]) {
        expect([type, field.name, field.required]).toEqual([type, field.name, !shape[field.name].safeParse(undefined).success]);
      }
    }
  });

  it('names the invalid fields of a payload with stable codes', () => {
    const parsed = parseEvent('ISSUE_PROPOSAL', { unitCostCents: 12.5, startDate: '2027-02-30' }, '2026-01-01T00:00:00Z');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toEqual(
      expect.arrayContaining([
        { field: 'unitCostCents', code: 'invalid_type' },
        { field: 'forecastUnits', code: 'required' },
        { field: 'startDate', code: 'invalid_date' },
        { field: 'validUntil', code: 'required' },
      ]),
    );
  });

  it('has no timers: nothing in the machine fires by itself', () => {
    expect(JSON.stringify(adhesionMachine.definition)).not.toContain('xstate.after');
  });
});

describe('the comité social territorial, by the service’s legal basis', () => {
  const accepted = (cstAlways: boolean) => run(pathToActive(DAY).slice(0, 8), initialState({ cstAlways }));

  it('is consulted for a service commun even when the study finds no staff affected', () => {
    const state = accepted(true);
    expect(JSON.stringify(state.value)).toContain('cstOpinion');
    const deliberation = pathToActive(DAY)[8];
    expect(applyEvent(state, deliberation).accepted).toBe(false);
  });

  it('is not consulted for a mise à disposition when no staff are affected', () => {
    expect(JSON.stringify(accepted(false).value)).not.toContain('cstOpinion');
  });

  it('leaves the context of an adhesion without the rule exactly as it was stored before the rule existed', () => {
    expect('cstAlways' in initialState({}).context).toBe(false);
    expect(initialState({ cstAlways: true }).context.cstAlways).toBe(true);
  });
});

describe('the EPCI’s council in the labels', () => {
  it('is « conseil métropolitain » for a métropole and keeps « communautaire » otherwise', async () => {
    const { stateLabelFr } = await import('../src/labels.fr.js');
    expect(stateLabelFr('deliberations.councils.epci.pending', 'conseil métropolitain')).toBe('Délibération du conseil métropolitain attendue');
    expect(stateLabelFr('deliberations.councils.epci', 'conseil métropolitain')).toBe('Conseil métropolitain');
    expect(stateLabelFr('deliberations.councils.epci.adopted')).toBe('Délibération du conseil communautaire adoptée');
    expect(stateLabelFr('deliberations.councils.commune.pending', 'conseil métropolitain')).toBe('Délibération du conseil municipal attendue');
  });
});
