// autocannon, in the bench process, against a server in another process.
import autocannon from 'autocannon';
import { other, SlotPool, STUDY_BODIES, type StudySlot } from './transitions.js';

export interface CannonRun {
  perSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  durationS: number;
}

function summarise(result: autocannon.Result): CannonRun {
  const ok = result['2xx'];
  const total = ok + result.non2xx;
  return {
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    durationS: result.duration,
  };
}

/**
 * Transitions over HTTP: every request a full command on an adhesion that no other request in flight
 * touches, authenticated (bearer token of the DGS or of the commune's secretary) with If-Match.
 */
export async function cannonTransitions(options: {
  port: number;
  connections: number;
  durationS: number;
  slots: StudySlot[];
  tokens: { dgs: string; secretaries: Record<string, string> };
}): Promise<CannonRun> {
  const pool = new SlotPool(options.slots);
  type Context = { slot?: StudySlot };
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: autocannon.Request, context: object) => {
          const slot = pool.take();
          (context as Context).slot = slot;
          const token = slot.next === 'REQUEST_INFO' ? options.tokens.dgs : options.tokens.secretaries[slot.insee];
          return {
            ...request,
            method: 'POST',
            path: `/api/adhesions/${slot.id}/events`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'if-match': String(slot.version) },
            body: JSON.stringify(STUDY_BODIES[slot.next]),
          };
        },
        onResponse: (status: number, body: string, context: object) => {
          const slot = (context as Context).slot!;
          if (status === 200) {
            slot.version = (JSON.parse(body) as { version: number }).version;
            slot.next = other(slot.next);
          }
          pool.give(slot);
        },
      } as autocannon.Request,
    ],
  });
  return summarise(result);
}

/** The references: the same request shape against a bare route answering a constant. */
export async function cannonBare(options: { port: number; connections: number; durationS: number }): Promise<CannonRun> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}/api/adhesions/0b6f3c1e-0000-4000-8000-000000000000/events`,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'if-match': '1' },
    body: JSON.stringify(STUDY_BODIES.REQUEST_INFO),
  });
  return summarise(result);
}

/** GETs of one path, with these headers: the cost of a read, or of the stack alone (`/health`). */
export async function cannonGet(options: { port: number; path: string; headers?: Record<string, string>; connections: number; durationS: number }): Promise<CannonRun> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}${options.path}`,
    connections: options.connections,
    duration: options.durationS,
    pipelining: 1,
    headers: options.headers ?? {},
  });
  return summarise(result);
}
