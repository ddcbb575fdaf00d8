// applyEvent computes with one inert scope made once (snapshot.ts), not XState's `transition()`, which builds a
// throw-away actor at every call: it must give exactly what `transition()` gives, whatever ran before it.
import { transition } from 'xstate';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { applyEvent, initialState, persist, restoreSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { type AdhesionEvent } from '../src/events.js';
import { pathToActive } from './factories.js';

describe('applyEvent', () => {
  it('gives what XState’s transition() gives, step by step, for two adhesions taken in turns', () => {
    const paths: AdhesionEvent[][] = [pathToActive('2026-01-05'), pathToActive('2026-02-02', { staffImpact: true })];
    const states: PersistedAdhesionState[] = [initialState(), initialState({ noticePeriodMonths: 6, renewalWindowDays: 60, cstAlways: true })];
    const longest = Math.max(...paths.map((p) => p.length));
    let steps = 0;
    for (let i = 0; i < longest; i++) {
      for (const k of [0, 1]) {
        const event = paths[k][i];
        if (!event) continue;
        const result = applyEvent(states[k], event);
        const [expected] = transition(adhesionMachine, restoreSnapshot(states[k]), event);
        expect(result.accepted).toBe(true);
        if (!result.accepted) return;
        expect(result.next).toEqual(persist(expected));
        expect(result.snapshot.value).toEqual(expected.value);
        states[k] = result.next;
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(15);
    expect(states.map((s) => s.value)).toEqual(states.map(() => expect.objectContaining({ active: expect.anything() })));
  });

  it('refuses an event the state does not take, and leaves the state as it was', () => {
    const draft = initialState();
    expect(applyEvent(draft, { type: 'ACKNOWLEDGE', at: '2026-01-05T09:00:00.000Z' } as AdhesionEvent)).toEqual({ accepted: false });
    expect(draft).toEqual(initialState());
  });
});
