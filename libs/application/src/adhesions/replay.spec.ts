// The trails written before the avenant was a sub-process still replay to the state they stored: a proposal
// without an effective date, and its acceptance that applied the terms at once.
import { initialState, pathToActive, runEvents, stateKey, type AdhesionEvent } from '#workflow';
import { replayAuditTrail } from './replay.js';

const DAY = '2026-01-05';

function trail(events: Array<AdhesionEvent | Record<string, unknown>>, states: string[]) {
  return [
    { sequence: 1, event: 'CREATED', payload: { input: {} }, toState: 'draft' },
    ...events.map((payload, i) => ({ sequence: i + 2, event: String(payload.type), payload: payload as Record<string, unknown>, toState: states[i] })),
  ];
}

describe('replaying the amendments of old trails', () => {
  const path = pathToActive(DAY, { unitCostCents: 15_000, forecastUnits: 40 });
  const active = runEvents(path, initialState());
  const pathStates = path.map((_, i) => stateKey(runEvents(path.slice(0, i + 1), initialState()).value));
  const oldTerms = { unitCostCents: 25_000, forecastUnits: 40, description: 'Ancien avenant' };
  const proposal = { type: 'PROPOSE_AMENDMENT', party: 'epci', terms: oldTerms, at: '2026-05-01T08:00:00.000Z' };
  const acceptance = { type: 'ACCEPT_AMENDMENT', party: 'commune', at: '2026-05-02T08:00:00.000Z' };

  it('replays an old proposal accepted in one click to the terms it applied, as the old machine stored them', () => {
    const replayed = replayAuditTrail(
      trail([...path, proposal, acceptance], [...pathStates, 'active.amendment.pending|active.term.inForce', 'active.amendment.none|active.term.inForce']),
    );
    const stored = { value: active.value, context: { ...active.context, terms: oldTerms, amendment: null } };
    expect(JSON.stringify(replayed.value)).toBe(JSON.stringify(stored.value));
    expect(JSON.stringify(replayed.context)).toBe(JSON.stringify(stored.context));
  });

  it('replays an old proposal still pending, and its acceptance since through the new steps', () => {
    const pending = replayAuditTrail(trail([...path, proposal], [...pathStates, 'active.amendment.pending|active.term.inForce']));
    expect(pending.context.amendment).toEqual({ proposedBy: 'epci', terms: oldTerms });
    const accepted = replayAuditTrail(
      trail([...path, proposal, acceptance], [...pathStates, 'active.amendment.pending|active.term.inForce', 'active.amendment.deliberations|active.term.inForce']),
    );
    expect(accepted.value).toEqual({ active: { term: 'inForce', amendment: 'deliberations' } });
    expect(accepted.context.terms?.unitCostCents).toBe(15_000);
  });
});
