// Properties over random event sequences (fast-check): the rules of DESIGN.md hold whatever happens,
// in whatever order, at whatever time. The runs start anywhere in the life of a convention (from a new draft
// to its third year) and are pushed forward, so that a hundred of them (the default) reach every ending; the
// boundary cases (two renewals and the term, a lapse after a confirmation, an expiry, a refusal, a notice, the
// CST) are written down as examples and always run first. DEEP_PROPERTIES=1 (npm run test:deep) runs the full
// counts.
import fc from 'fast-check';
import { transition } from 'xstate';
import { addDays, daysBetween, parisDateOf, parisMidnight, type CivilDate } from '#domain';
import { runs } from '../../../test/support/properties.js';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { allowedEvents } from '../src/allowed-events.js';
import { type AdhesionEvent, type EventType, type Role } from '../src/events.js';
import { maySend } from '../src/permissions.js';
import { parisInstant } from '../src/path-to-active.js';
import { applyEvent, initialState, leafStates, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { candidates } from './candidates.js';
import { pathToActive } from './factories.js';

const START: CivilDate = '2026-01-05';
/**
 * The life of a convention renewed twice, where runs start: the path to force, one event a day from START
 * (the last signature on START + 11; in force from 2026-03-06, valid until 2026-02-14), then the renewals,
 * in the windows that open 90 days before the anniversaries of 2027-03-06 and 2028-03-06. The term ends on
 * 2029-03-06.
 */
const PATH = pathToActive(START);
const ACTIVE = PATH.length;
const LIFE: AdhesionEvent[] = [
  ...PATH,
  { type: 'RENEWAL_WINDOW_OPENED', at: parisInstant('2026-12-06') },
  { type: 'CONFIRM_RENEWAL', plannedUnits: 44, at: parisInstant('2026-12-10') },
  { type: 'VALIDATE_RENEWAL', at: parisInstant('2026-12-11') },
  { type: 'RENEWAL_WINDOW_OPENED', at: parisInstant('2027-12-07') },
  { type: 'CONFIRM_RENEWAL', plannedUnits: 46, at: parisInstant('2027-12-08') },
  { type: 'VALIDATE_RENEWAL', at: parisInstant('2027-12-09') },
];
/** The day after the `start` first events of LIFE. */
const dayAfter = (start: number): CivilDate => (start === 0 ? START : addDays(parisDateOf(LIFE[start - 1].at), 1));
const ADVANCES = [0, 0, 1, 3, 7, 30, 60, 120, 200] as const;

interface Step {
  advance: number;
  pick: number;
  /**
   * random: any candidate (most are refused); guided: one the machine accepts; forward: one the machine accepts
   * that does not end the adhesion (so that runs get far into the lifecycle); wait: only let time pass, as the
   * scheduler would.
   */
  mode: 'random' | 'guided' | 'forward' | 'wait';
  /** Examples only: the accepted candidates that have these fields. */
  match?: Partial<AdhesionEvent>;
}
const stepArb: fc.Arbitrary<Step> = fc.record({
  advance: fc.constantFrom(...ADVANCES),
  pick: fc.nat({ max: 10_000 }),
  mode: fc.constantFrom('random', 'guided', 'forward', 'forward', 'wait'),
});
const TIME_EVENTS = new Set(['RENEWAL_WINDOW_OPENED', 'ANNIVERSARY_PASSED', 'PROPOSAL_EXPIRED', 'NOTICE_EFFECTIVE', 'TERM_ENDED']);

interface Scenario {
  /** How many events of LIFE are played before the random part: 0, a new draft; ACTIVE, a convention just in force. */
  start: number;
  steps: Step[];
}
const sequences: fc.Arbitrary<Scenario> = fc.record({
  start: fc.oneof({ weight: 1, arbitrary: fc.constant(ACTIVE) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: LIFE.length }) }),
  steps: fc.array(stepArb, { minLength: 5, maxLength: 80 }),
});

interface Run {
  accepted: AdhesionEvent[];
  /** Leaf states after each accepted event. */
  trail: string[][];
  final: PersistedAdhesionState;
  /** The steps of an example that found no accepted candidate matching theirs (none for generated steps). */
  missed: string[];
}

/** The candidate events at an instant, built once: runs meet the same instants again and again. */
const candidateCache = new Map<string, AdhesionEvent[]>();
function candidateEvents(at: string, noticePeriodMonths: number): AdhesionEvent[] {
  const key = `${at} ${noticePeriodMonths}`;
  let events = candidateCache.get(key);
  if (!events) candidateCache.set(key, (events = candidates(at, noticePeriodMonths).map((c) => c.event)));
  return events;
}

/** expect(actual).toEqual(expected) on their JSON forms; Jest's matcher only runs when the texts differ. */
function expectSameJson(actual: unknown, expected: unknown): void {
  const [a, b] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== b) expect(JSON.parse(a)).toEqual(JSON.parse(b));
}

const matches = (event: AdhesionEvent, match: Partial<AdhesionEvent>) =>
  Object.entries(match).every(([key, value]) => (event as unknown as Record<string, unknown>)[key] === value);

/**
 * Drives the machine with a sequence: each step moves the clock, then sends either any candidate (unguided:
 * most are refused) or one the machine accepts. Two copies run side by side: one live snapshot, one
 * round-tripped through JSON at every step.
 */
function drive({ start, steps }: Scenario, onStep?: (state: PersistedAdhesionState, at: string) => void): Run {
  const accepted: AdhesionEvent[] = [];
  const trail: string[][] = [];
  let stored = initialState();
  for (const event of LIFE.slice(0, start)) {
    const result = applyEvent(stored, event);
    if (!result.accepted) throw new Error(`${event.type} of the life of a convention refused`);
    stored = result.next;
    accepted.push(event);
    trail.push(leafStates(stored.value));
  }
  let live = adhesionMachine.resolveState(stored);
  let day = dayAfter(start);
  const missed: string[] = [];
  let stepsInFinalState = 0;
  for (const step of steps) {
    // A final state accepts nothing: one step checks it (onStep, the refusal by both copies), more would repeat it.
    if (live.status === 'done' && stepsInFinalState++ > 0) break;
    day = addDays(day, step.advance);
    const at = new Date(parisMidnight(day).getTime() + 10 * 3_600_000).toISOString();
    onStep?.(stored, at);
    const all = candidateEvents(at, stored.context.noticePeriodMonths);
    let pool =
      step.mode === 'random'
        ? all
        : all.filter((event) => (step.mode !== 'wait' || TIME_EVENTS.has(event.type)) && live.can(event));
    if (step.mode === 'forward') pool = pool.filter((event) => transition(adhesionMachine, live, event)[0].status !== 'done');
    if (step.match) pool = pool.filter((event) => matches(event, step.match!));
    if (pool.length === 0) {
      if (step.match) missed.push(`${day} ${JSON.stringify(step.match)}`);
      continue;
    }
    const event = pool[step.pick % pool.length];
    const result = applyEvent(JSON.parse(JSON.stringify(stored)) as PersistedAdhesionState, event);
    const liveAccepts = step.mode === 'random' ? live.can(event) : true; // the other pools hold only what it accepts
    if (result.accepted !== liveAccepts) expect(result.accepted).toBe(liveAccepts);
    if (!result.accepted) continue;
    live = transition(adhesionMachine, live, event)[0];
    stored = result.next;
    expectSameJson(stored.value, live.value);
    expectSameJson(stored.context, live.context);
    accepted.push(event);
    trail.push(leafStates(stored.value));
  }
  return { accepted, trail, final: stored, missed };
}

/** An example: after `start` events of LIFE, the accepted candidate matching each step, on its date (10:00 Paris). */
function plan(start: number, ...steps: Array<[CivilDate, Partial<AdhesionEvent>]>): Scenario {
  let day = dayAfter(start);
  return {
    start,
    steps: steps.map(([date, match]) => {
      const advance = daysBetween(day, date);
      day = date;
      return { advance, pick: 0, mode: 'guided', match };
    }),
  };
}

const EXAMPLES: Array<[name: string, scenario: Scenario, ending: string]> = [
  [
    'renewed twice, then the term ends after year 3',
    plan(
      ACTIVE,
      ['2026-12-06', { type: 'RENEWAL_WINDOW_OPENED' }],
      ['2026-12-10', { type: 'CONFIRM_RENEWAL' }],
      ['2026-12-11', { type: 'VALIDATE_RENEWAL' }],
      ['2027-12-07', { type: 'RENEWAL_WINDOW_OPENED' }],
      ['2027-12-08', { type: 'CONFIRM_RENEWAL' }],
      ['2027-12-09', { type: 'VALIDATE_RENEWAL' }],
      ['2029-03-06', { type: 'TERM_ENDED' }],
    ),
    'ended',
  ],
  [
    'confirmed but not validated: lapses on the anniversary',
    plan(ACTIVE, ['2026-12-06', { type: 'RENEWAL_WINDOW_OPENED' }], ['2026-12-10', { type: 'CONFIRM_RENEWAL' }], ['2027-03-06', { type: 'ANNIVERSARY_PASSED' }]),
    'lapsed',
  ],
  [
    'renewed once, declined in year 2: lapses on the second anniversary',
    plan(
      ACTIVE,
      ['2026-12-06', { type: 'RENEWAL_WINDOW_OPENED' }],
      ['2026-12-06', { type: 'CONFIRM_RENEWAL' }],
      ['2026-12-06', { type: 'VALIDATE_RENEWAL' }],
      ['2027-12-07', { type: 'RENEWAL_WINDOW_OPENED' }],
      ['2027-12-08', { type: 'DECLINE_RENEWAL' }],
      ['2028-03-06', { type: 'ANNIVERSARY_PASSED' }],
    ),
    'lapsed',
  ],
  [
    'an amendment accepted while the renewal is due, then renewed',
    plan(
      ACTIVE,
      ['2026-11-01', { type: 'PROPOSE_AMENDMENT', party: 'commune' }],
      ['2026-12-06', { type: 'RENEWAL_WINDOW_OPENED' }],
      ['2026-12-07', { type: 'ACCEPT_AMENDMENT', party: 'epci' }],
      ['2026-12-08', { type: 'CONFIRM_RENEWAL' }],
      ['2026-12-09', { type: 'VALIDATE_RENEWAL' }],
    ),
    'active',
  ],
  [
    'a notice, effective on its date',
    plan(ACTIVE, ['2026-04-10', { type: 'GIVE_NOTICE', party: 'epci' }], ['2026-10-10', { type: 'NOTICE_EFFECTIVE' }]),
    'terminated',
  ],
  ['a proposal left to expire', plan(7, ['2026-02-15', { type: 'PROPOSAL_EXPIRED' }]), 'expired'],
  [
    'the EPCI adopts, then the commune refuses',
    plan(8, ['2026-01-13', { type: 'RECORD_DELIBERATION', party: 'epci', outcome: 'adopted' }], ['2026-01-14', { type: 'RECORD_DELIBERATION', party: 'commune', outcome: 'refused' }]),
    'declined',
  ],
  [
    'agents affected: the CST gives its opinion before the councils, then both sign',
    plan(
      4,
      ['2026-01-09', { type: 'SUBMIT_STUDY', staffImpact: true }],
      ['2026-01-10', { type: 'APPROVE_STUDY' }],
      ['2026-01-11', { type: 'ISSUE_PROPOSAL' }],
      ['2026-01-12', { type: 'ACCEPT_PROPOSAL' }],
      ['2026-01-13', { type: 'RECORD_CST_OPINION', opinion: 'favourable' }],
      ['2026-01-14', { type: 'RECORD_DELIBERATION', party: 'epci', outcome: 'adopted' }],
      ['2026-01-15', { type: 'RECORD_DELIBERATION', party: 'commune', outcome: 'adopted' }],
      ['2026-01-16', { type: 'SIGN', party: 'epci' }],
      ['2026-01-17', { type: 'SIGN', party: 'commune' }],
    ),
    'active',
  ],
  [
    'a question of the study answered, then a rejection',
    plan(1, ['2026-01-06', { type: 'ACKNOWLEDGE' }], ['2026-01-07', { type: 'REQUEST_INFO' }], ['2026-01-08', { type: 'PROVIDE_INFO' }], ['2026-01-09', { type: 'REJECT' }]),
    'rejected',
  ],
];
const examples = EXAMPLES.map(([, scenario]): [Scenario] => [scenario]);

describe('the adhesion lifecycle, driven by random event sequences', () => {
  it('is never active without both deliberations adopted and both signatures', () => {
    fc.assert(
      fc.property(sequences, (scenario) => {
        const outcome = drive(scenario);
        outcome.trail.forEach((leaves, index) => {
          if (!leaves.some((leaf) => leaf.startsWith('active.'))) return;
          const before = outcome.accepted.slice(0, index + 1);
          const adopted = (party: string) =>
            before.some((e) => e.type === 'RECORD_DELIBERATION' && e.party === party && e.outcome === 'adopted');
          const signed = (party: string) => before.some((e) => e.type === 'SIGN' && e.party === party);
          expect([adopted('commune'), adopted('epci'), signed('commune'), signed('epci')]).toEqual([true, true, true, true]);
        });
      }),
      runs(1_500, { examples }),
    );
  });

  it('is never back in force after an anniversary without a confirmation and a validation in that cycle', () => {
    fc.assert(
      fc.property(sequences, (scenario) => {
        const outcome = drive(scenario);
        let windowIndex = -1;
        outcome.accepted.forEach((event, index) => {
          if (event.type === 'RENEWAL_WINDOW_OPENED') windowIndex = index;
          if (event.type === 'ANNIVERSARY_PASSED') expect(outcome.trail[index]).toEqual(['lapsed']);
          if (event.type === 'VALIDATE_RENEWAL') {
            const cycle = outcome.accepted.slice(windowIndex + 1, index).map((e) => e.type);
            expect(windowIndex).toBeGreaterThanOrEqual(0);
            expect(cycle).toContain('CONFIRM_RENEWAL');
          }
        });
        const validations = outcome.accepted.filter((e) => e.type === 'VALIDATE_RENEWAL').length;
        if (outcome.final.context.year > 0) expect(outcome.final.context.year).toBe(1 + validations);
      }),
      runs(1_500, { examples }),
    );
  });

  it('behaves identically when its snapshot is round-tripped through JSON at every step', () => {
    // drive() asserts it at each step: the live and the JSON copies accept the same events and agree.
    fc.assert(fc.property(sequences, (scenario) => void drive(scenario)), runs(1_500, { examples }));
  });

  it('reaches the same state when its accepted events are replayed from the initial state', () => {
    fc.assert(
      fc.property(sequences, (scenario) => {
        const outcome = drive(scenario);
        let replayed = initialState();
        for (const event of outcome.accepted) {
          const result = applyEvent(replayed, event);
          expect(result.accepted).toBe(true);
          if (result.accepted) replayed = result.next;
        }
        expect(replayed).toEqual(outcome.final);
      }),
      runs(1_500, { examples }),
    );
  });

  it('lists in allowedEvents exactly the events the machine accepts from each role', () => {
    const roles: Role[] = ['secretary', 'agent', 'dgs', 'system'];
    fc.assert(
      fc.property(sequences, (scenario) => {
        drive(scenario, (state, at) => {
          const snapshot = restoreSnapshot(state);
          const all = candidates(at, state.context.noticePeriodMonths);
          for (const role of roles) {
            const accepted = new Set<EventType>(
              all.filter((c) => maySend(role, c.event) && snapshot.can(c.event)).map((c) => c.event.type),
            );
            expect(new Set(allowedEvents(snapshot, role, at))).toEqual(accepted);
          }
        });
      }),
      runs(500, { examples }),
    );
  });

  it('plays each written example to its end', () => {
    for (const [name, scenario, ending] of EXAMPLES) {
      const outcome = drive(scenario);
      const reached = leafStates(outcome.final.value)[0].split('.')[0];
      expect([name, outcome.missed, outcome.accepted.length, reached]).toEqual([name, [], scenario.start + scenario.steps.length, ending]);
    }
  });

  it('gets far enough in its random runs, without the examples, to renew and to reach every ending', () => {
    const finals = new Set<string>();
    let renewals = 0;
    fc.assert(
      fc.property(sequences, (scenario) => {
        const outcome = drive(scenario);
        finals.add(leafStates(outcome.final.value)[0].split('.')[0]);
        renewals += outcome.accepted.filter((e) => e.type === 'VALIDATE_RENEWAL').length;
      }),
      runs(2_000, { seed: 42 }),
    );
    expect(renewals).toBeGreaterThan(0);
    // An expiry is rarer (a proposal left to lapse in time): the examples hold one.
    expect([...finals]).toEqual(expect.arrayContaining(['active', 'lapsed', 'terminated', 'declined', 'withdrawn', 'rejected', 'ended']));
  });
});
