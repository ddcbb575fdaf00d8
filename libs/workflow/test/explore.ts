// The machine explored as a graph, shared by the model-based and the event-definition tests: from each
// state, every candidate event (valid and invalid payloads, both parties, time events) at each instant a
// rule of that state may depend on. Only the events some active state handles are tried: any other one
// leaves the state as it is, so skipping it changes no path and divides the work by about ten.
import { getShortestPaths } from '@xstate/graph';
import { addDays, anniversary, parisMidnight, renewalWindowOpens, type CivilDate } from '#domain';
import { adhesionMachine } from '../src/adhesion.machine.js';
import { type AdhesionEvent } from '../src/events.js';
import { handledEventTypes, type AdhesionSnapshot } from '../src/snapshot.js';
import { candidates } from './candidates.js';

export const BASE: CivilDate = '2026-01-05';
export const instant = (date: CivilDate) => new Date(parisMidnight(date).getTime() + 10 * 3_600_000).toISOString();

/** The instants worth trying from a state: a working day, and each date a rule may depend on. */
export function instantsFor(snapshot: AdhesionSnapshot): string[] {
  const c = snapshot.context;
  const dates = new Set<CivilDate>([BASE]);
  if (c.proposal) dates.add(addDays(c.proposal.validUntil, 1));
  if (c.startDate) {
    const year = Math.min(c.year, 3);
    dates.add(anniversary(c.startDate, year));
    if (c.year < 3) dates.add(renewalWindowOpens(anniversary(c.startDate, year), c.renewalWindowDays));
  }
  if (c.notice) dates.add(c.notice.effectiveDate);
  if (c.amendment?.effectiveDate) dates.add(c.amendment.effectiveDate);
  if (c.termination) dates.add(c.termination.effectiveDate);
  return [...dates].map(instant);
}

/**
 * The candidate events at an instant, built once per instant: the exploration asks for the same few
 * instants from thousands of states, and the list depends on the instant alone. Frozen, since every
 * state that asks shares them.
 */
const candidatesAt = new Map<string, readonly AdhesionEvent[]>();
function candidateEvents(at: string): readonly AdhesionEvent[] {
  let events = candidatesAt.get(at);
  if (!events) {
    events = candidates(at).map(({ event }) => Object.freeze(event));
    candidatesAt.set(at, events);
  }
  return events;
}

/** Every candidate event that some active state of `snapshot` has a transition for, at each instant. */
export function eventsFor(snapshot: AdhesionSnapshot): AdhesionEvent[] {
  const handled = handledEventTypes(snapshot);
  return instantsFor(snapshot).flatMap((at) => candidateEvents(at).filter((event) => handled.has(event.type)));
}

/** An avenant's step: who proposed it, which councils deliberated and which parties signed. */
const amendmentKey = (a: AdhesionSnapshot['context']['amendment']) =>
  a ? [a.proposedBy, Object.keys(a.deliberations ?? {}).sort(), Object.keys(a.signatures ?? {}).sort()] : null;

/** What tells two states apart: the state, and each part of the context that a rule or a step reads. */
const key = (snapshot: AdhesionSnapshot) =>
  JSON.stringify({
    value: snapshot.value,
    year: snapshot.context.year,
    staff: snapshot.context.study?.staffImpact ?? null,
    notice: snapshot.context.notice !== null,
    amendment: amendmentKey(snapshot.context.amendment),
    termination: snapshot.context.termination?.proposedBy ?? null,
    renewal: snapshot.context.renewal !== null,
    question: snapshot.context.openQuestion !== null,
  });

/** `key`, once per snapshot: @xstate/graph asks it of each snapshot twice (adjacency, then paths). */
const keys = new WeakMap<AdhesionSnapshot, string>();
export function serialize(snapshot: AdhesionSnapshot): string {
  let known = keys.get(snapshot);
  if (known === undefined) {
    known = key(snapshot);
    keys.set(snapshot, known);
  }
  return known;
}

/** The shortest path to each state that `serialize` tells apart. */
export const explore = () => getShortestPaths(adhesionMachine, { events: eventsFor as never, serializeState: serialize as never });
