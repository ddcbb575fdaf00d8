// Properties over random event sequences (fast-check): the rules of DESIGN.md hold whatever happens,
// in whatever order, at whatever time.
import fc from 'fast-check';
import { transition } from 'xstate';
import { addDays, parisMidnight, type CivilDate } from '#domain';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { allowedEvents } from '../src/allowed-events.js';
import { type AdhesionEvent, type EventType, type Role } from '../src/events.js';
import { maySend } from '../src/permissions.js';
import { applyEvent, initialState, leafStates, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { candidates } from './candidates.js';
import { pathToActive, run } from './factories.js';

const START: CivilDate = '2026-01-05';
const ADVANCES = [0, 0, 1, 3, 7, 30, 60, 120, 200] as const;

interface Step {
  advance: number;
  pick: number;
  /** random: any candidate; guided: one the machine accepts; wait: only let time pass, as the scheduler would. */
  mode: 'random' | 'guided' | 'wait';
}
const stepArb: fc.Arbitrary<Step> = fc.record({
  advance: fc.constantFrom(...ADVANCES),
  pick: fc.nat({ max: 10_000 }),
  mode: fc.constantFrom('random', 'guided', 'guided', 'wait'),
});
const TIME_EVENTS = new Set(['RENEWAL_WINDOW_OPENED', 'ANNIVERSARY_PASSED', 'PROPOSAL_EXPIRED', 'NOTICE_EFFECTIVE', 'TERM_ENDED']);

interface Run {
  accepted: AdhesionEvent[];
  /** Leaf states after each accepted event. */
  trail: string[][];
  final: PersistedAdhesionState;
  checks: Array<() => void>;
}

/**
 * Drives the machine with a random sequence: each step moves the clock, then sends either any candidate
 * (unguided: most are refused) or one the machine accepts (guided, so that runs get far into the lifecycle).
 * Two copies run side by side: one live snapshot, one round-tripped through JSON at every step.
 */
function drive(
  { steps, fromActive }: Scenario,
  onStep?: (state: PersistedAdhesionState, at: string) => void,
): Run {
  let day = START;
  const accepted: AdhesionEvent[] = fromActive ? pathToActive(START) : [];
  let stored = accepted.length ? run(accepted) : initialState();
  let live = adhesionMachine.resolveState(stored);
  const trail: string[][] = accepted.map(() => []);
  if (fromActive) {
    trail[trail.length - 1] = leafStates(stored.value);
    day = addDays(START, 12);
  }
  for (const step of steps) {
    day = addDays(day, step.advance);
    const at = new Date(parisMidnight(day).getTime() + 10 * 3_600_000).toISOString();
    onStep?.(stored, at);
    const all = candidates(at, stored.context.noticePeriodMonths).map((c) => c.event);
    const pool =
      step.mode === 'random'
        ? all
        : all.filter((event) => live.can(event) && (step.mode === 'guided' || TIME_EVENTS.has(event.type)));
    if (pool.length === 0) continue;
    const event = pool[step.pick % pool.length];
    const result = applyEvent(JSON.parse(JSON.stringify(stored)) as PersistedAdhesionState, event);
    const liveAccepts = live.can(event);
    expect(result.accepted).toBe(liveAccepts);
    if (!result.accepted) continue;
    live = transition(adhesionMachine, live, event)[0];
    stored = result.next;
    expect(stored.value).toEqual(live.value);
    expect(JSON.parse(JSON.stringify(stored.context))).toEqual(JSON.parse(JSON.stringify(live.context)));
    accepted.push(event);
    trail.push(leafStates(stored.value));
  }
  return { accepted, trail, final: stored, checks: [] };
}

const RUNS = { numRuns: 1_500 };
interface Scenario {
  steps: Step[];
  /** Start the random part from a convention just entered into force, so runs reach renewals. */
  fromActive: boolean;
}
const sequences: fc.Arbitrary<Scenario> = fc.record({
  steps: fc.array(stepArb, { minLength: 5, maxLength: 80 }),
  fromActive: fc.boolean(),
});

describe('the adhesion lifecycle, driven by random event sequences', () => {
  it('is never active without both deliberations adopted and both signatures', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const outcome = drive(steps);
        outcome.trail.forEach((leaves, index) => {
          if (!leaves.some((leaf) => leaf.startsWith('active.'))) return;
          const before = outcome.accepted.slice(0, index + 1);
          const adopted = (party: string) =>
            before.some((e) => e.type === 'RECORD_DELIBERATION' && e.party === party && e.outcome === 'adopted');
          const signed = (party: string) => before.some((e) => e.type === 'SIGN' && e.party === party);
          expect([adopted('commune'), adopted('epci'), signed('commune'), signed('epci')]).toEqual([true, true, true, true]);
        });
      }),
      RUNS,
    );
  });

  it('is never back in force after an anniversary without a confirmation and a validation in that cycle', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const outcome = drive(steps);
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
      RUNS,
    );
  });

  it('behaves identically when its snapshot is round-tripped through JSON at every step', () => {
    // drive() asserts it at each step: the live and the JSON copies accept the same events and agree.
    fc.assert(fc.property(sequences, (steps) => void drive(steps)), RUNS);
  });

  it('reaches the same state when its accepted events are replayed from the initial state', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const outcome = drive(steps);
        let replayed = initialState();
        for (const event of outcome.accepted) {
          const result = applyEvent(replayed, event);
          expect(result.accepted).toBe(true);
          if (result.accepted) replayed = result.next;
        }
        expect(replayed).toEqual(outcome.final);
      }),
      RUNS,
    );
  });

  it('lists in allowedEvents exactly the events the machine accepts from each role', () => {
    const roles: Role[] = ['secretary', 'agent', 'dgs', 'system'];
    fc.assert(
      fc.property(sequences, (steps) => {
        drive(steps, (state, at) => {
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
      { numRuns: 500 },
    );
  });

  it('gets far enough in random runs to exercise renewals and every ending', () => {
    const finals = new Set<string>();
    let renewals = 0;
    fc.assert(
      fc.property(sequences, (steps) => {
        const outcome = drive({ ...steps, steps: steps.steps.map((s) => ({ ...s, mode: s.mode === 'random' ? 'guided' : s.mode })) });
        finals.add(leafStates(outcome.final.value)[0].split('.')[0]);
        renewals += outcome.accepted.filter((e) => e.type === 'VALIDATE_RENEWAL').length;
      }),
      { numRuns: 2_000, seed: 42 },
    );
    expect(renewals).toBeGreaterThan(0);
    expect([...finals]).toEqual(expect.arrayContaining(['active', 'lapsed', 'terminated', 'declined', 'withdrawn']));
  });
});
