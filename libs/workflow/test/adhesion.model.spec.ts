// Model-based: @xstate/graph explores the machine with every event variant; every state must be
// reachable, and every shortest path must replay, step by step, through the persisted (JSON) form.
import { getShortestPaths } from '@xstate/graph';
import { type AnyStateNode } from 'xstate';
import { addDays, anniversary, parisMidnight, renewalWindowOpens, type CivilDate } from '#domain';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { applyEvent, initialState, leafStates, type AdhesionSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { type AdhesionEvent } from '../src/events.js';
import { candidates } from './candidates.js';

const BASE: CivilDate = '2026-01-05';
const instant = (date: CivilDate) => new Date(parisMidnight(date).getTime() + 10 * 3_600_000).toISOString();

/** The instants worth trying from a state: a working day, and each date a rule may depend on. */
function instantsFor(snapshot: AdhesionSnapshot): string[] {
  const c = snapshot.context;
  const dates = new Set<CivilDate>([BASE]);
  if (c.proposal) dates.add(addDays(c.proposal.validUntil, 1));
  if (c.startDate) {
    const year = Math.min(c.year, 3);
    dates.add(anniversary(c.startDate, year));
    if (c.year < 3) dates.add(renewalWindowOpens(anniversary(c.startDate, year), c.renewalWindowDays));
  }
  if (c.notice) dates.add(c.notice.effectiveDate);
  if (c.termination) dates.add(c.termination.effectiveDate);
  return [...dates].map(instant);
}

const eventsFor = (snapshot: AdhesionSnapshot): AdhesionEvent[] =>
  instantsFor(snapshot).flatMap((at) => candidates(at).map((candidate) => candidate.event));

const serialize = (snapshot: AdhesionSnapshot) =>
  JSON.stringify({
    value: snapshot.value,
    year: snapshot.context.year,
    staff: snapshot.context.study?.staffImpact ?? null,
    notice: snapshot.context.notice !== null,
    amendment: snapshot.context.amendment?.proposedBy ?? null,
        termination: snapshot.context.termination?.proposedBy ?? null,
    renewal: snapshot.context.renewal !== null,
    question: snapshot.context.openQuestion !== null,
  });

function leafNodes(node: AnyStateNode): string[] {
  const children = Object.values(node.states as Record<string, AnyStateNode>);
  if (children.length === 0) return [node.path.join('.')];
  return children.flatMap(leafNodes);
}

describe('the adhesion machine, explored as a graph', () => {
  const paths = getShortestPaths(adhesionMachine, {
    events: eventsFor as never,
    serializeState: serialize as never,
  });

  it('reaches every state of the machine', () => {
    const reached = new Set<string>();
    for (const path of paths) {
      for (const step of path.steps) leafStates(step.state.value).forEach((leaf) => reached.add(leaf));
      leafStates(path.state.value).forEach((leaf) => reached.add(leaf));
    }
    const all = leafNodes(adhesionMachine.root);
    expect(all.filter((leaf) => !reached.has(leaf))).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it('replays every shortest path through the persisted JSON form', () => {
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      let stored: PersistedAdhesionState = initialState();
      for (const step of path.steps.slice(1)) {
        const result = applyEvent(JSON.parse(JSON.stringify(stored)), step.event as AdhesionEvent);
        expect(result.accepted).toBe(true);
        if (result.accepted) stored = result.next;
      }
      expect(stored.value).toEqual(path.state.value);
      expect(serialize(adhesionMachine.resolveState(stored))).toEqual(serialize(path.state));
    }
  });

  it('reaches every final state through the shortest paths', () => {
    const finals = new Set(paths.filter((p) => p.state.status === 'done').map((p) => leafStates(p.state.value)[0]));
    expect([...finals].sort()).toEqual(['declined', 'ended', 'expired', 'lapsed', 'rejected', 'terminated', 'withdrawn']);
  });
});
