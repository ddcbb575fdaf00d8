// Model-based: @xstate/graph explores the machine with every event variant; every state must be
// reachable, and every shortest path must replay, step by step, through the persisted (JSON) form.
// The event definitions are then checked against every state the exploration found (the rest of their
// checks, which need no exploration, are in event-definitions.spec.ts): one exploration serves both.
import { type AnyStateNode } from 'xstate';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { applyEvent, initialState, leafStates, persist, type AdhesionSnapshot, type PersistedAdhesionState } from '../src/snapshot.js';
import { allowedEvents, sampleEvent } from '../src/allowed-events.js';
import { EVENT_DEFINITIONS, ROLES, type EventType, type Role } from '../src/event-definitions.js';
import { EVENT_PAYLOADS, hasValidPayload, type AdhesionEvent } from '../src/events.js';
import { rolesFor } from '../src/permissions.js';
import { DEEP_PROPERTIES } from '../../../test/support/properties.js';
import { explore, instantsFor, serialize } from './explore.js';

function leafNodes(node: AnyStateNode): string[] {
  const children = Object.values(node.states as Record<string, AnyStateNode>);
  if (children.length === 0) return [node.path.join('.')];
  return children.flatMap(leafNodes);
}

const TYPES = Object.keys(EVENT_DEFINITIONS) as EventType[];

/** A value no field accepts: not a string, number, boolean, enum value or object. */
const WRONG: unknown = [];
/** A list field (an avenant's options) takes an empty list: a string is its wrong value. */
const wrong = (name: string): unknown => (name === 'options' ? 'DP' : WRONG);

/** The shortest path to every state, computed once for the whole file. */
const paths = explore();

describe('the adhesion machine, explored as a graph', () => {
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

describe('the machine and the definitions', () => {
  // Every state worth trying, with the instants its rules depend on: the states of the exploration above.
  const situations = paths.flatMap((path) => {
    const snapshot = path.state as AdhesionSnapshot;
    return instantsFor(snapshot).flatMap((at) =>
      ROLES.flatMap((role: Role) => allowedEvents(snapshot, role, at).map((type) => ({ snapshot, role, at, type }))),
    );
  });

  it('accepts each event’s example in some state, for each role that may send it', () => {
    for (const type of TYPES) {
      for (const role of rolesFor(type)) {
        expect([type, role, situations.some((s) => s.type === type && s.role === role)]).toEqual([type, role, true]);
      }
    }
  });

  it('refuses, wherever it would accept the example, an event whose payload or instant its schema refuses', () => {
    let refused = 0;
    // The default run tries each event in each state value where a role may send it; the deep run
    // (npm run test:deep) in every situation the exploration found (each context and instant).
    const seen = new Set<string>();
    const tried = situations.filter(({ snapshot, role, type }) => {
      const key = JSON.stringify([type, role, snapshot.value]);
      if (seen.has(key)) return DEEP_PROPERTIES;
      seen.add(key);
      return true;
    });
    for (const { snapshot, role, at, type } of tried) {
      const stored = persist(snapshot);
      const example = sampleEvent(type, role, snapshot, at) as AdhesionEvent & Record<string, unknown>;
      expect(applyEvent(stored, example).accepted).toBe(true);
      const variants: Array<Record<string, unknown>> = [
        { ...example, at: 'not a date' },
        { ...example, at: undefined },
        ...Object.keys(EVENT_PAYLOADS[type].shape).map((name) => ({ ...example, [name]: wrong(name) })),
      ];
      for (const variant of variants) {
        expect(hasValidPayload(variant as { type: string })).toBe(false);
        expect([type, Object.keys(variant), applyEvent(stored, variant as AdhesionEvent).accepted]).toEqual([
          type,
          Object.keys(variant),
          false,
        ]);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(TYPES.length);
  });
});
