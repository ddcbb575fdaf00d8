// Model-based: @xstate/graph explores the machine with every event variant; every state must be
// reachable, and every shortest path must replay, step by step, through the persisted (JSON) form.
import { type AnyStateNode } from 'xstate';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { applyEvent, initialState, leafStates, type AdhesionSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { type AdhesionEvent } from '../src/events.js';
import { explore, serialize } from './explore.js';

function leafNodes(node: AnyStateNode): string[] {
  const children = Object.values(node.states as Record<string, AnyStateNode>);
  if (children.length === 0) return [node.path.join('.')];
  return children.flatMap(leafNodes);
}

describe('the adhesion machine, explored as a graph', () => {
  const paths = explore();

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
    // A shortest path is the shortest path to its last-but-one state plus one step: replaying each path's
    // last step from its prefix's replayed form replays every step of every path, each once.
    const replayed = new Map<string, PersistedAdhesionState>();
    let fromPrefix = 0;
    for (const path of [...paths].sort((a, b) => a.steps.length - b.steps.length)) {
      const steps = path.steps.slice(1);
      // Each step holds the state its event led to: the prefix ends at the last-but-one step's state.
      const prefixKey = path.steps.length >= 2 ? serialize(path.steps[path.steps.length - 2].state as AdhesionSnapshot) : null;
      let stored: PersistedAdhesionState = initialState();
      let todo = steps;
      const prefix = prefixKey === null ? undefined : replayed.get(prefixKey);
      if (prefix) {
        stored = prefix;
        todo = steps.slice(-1);
        fromPrefix++;
      }
      for (const step of todo) {
        const result = applyEvent(JSON.parse(JSON.stringify(stored)), step.event as AdhesionEvent);
        expect(result.accepted).toBe(true);
        if (result.accepted) stored = result.next;
      }
      expect(stored.value).toEqual(path.state.value);
      expect(serialize(adhesionMachine.resolveState(stored))).toEqual(serialize(path.state));
      replayed.set(serialize(path.state), stored);
    }
    expect(fromPrefix).toBeGreaterThan(paths.length / 2);
  });

  it('has no wildcard transition, so that trying only the events the active states handle misses no path', () => {
    const descriptors = (node: AnyStateNode): string[] => [...node.ownEvents, ...Object.values(node.states as Record<string, AnyStateNode>).flatMap(descriptors)];
    const all = descriptors(adhesionMachine.root);
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((type) => type.includes('*'))).toEqual([]);
  });

  it('reaches every final state through the shortest paths', () => {
    const finals = new Set(paths.filter((p) => p.state.status === 'done').map((p) => leafStates(p.state.value)[0]));
    expect([...finals].sort()).toEqual(['declined', 'ended', 'expired', 'lapsed', 'rejected', 'terminated', 'withdrawn']);
  });
});
