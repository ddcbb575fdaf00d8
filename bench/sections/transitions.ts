// Part 1–3 of the bench: transitions over HTTP and in-process on each database, with the references
// measured in the same run (a bare route of the same adapter, raw loops on the same database).
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.js';
import { dropRedisPrefix } from '../../test/support/redis.js';
import { cannonBare, cannonGet, cannonTransitions, type CannonRun } from '../lib/cannon.js';
import { BENCH, progress } from '../lib/config.js';
import { Helper } from '../lib/proc.js';
import { fmt, sleep, spread, type Spread } from '../lib/stats.js';
import { type StudySlot } from '../lib/transitions.js';

export interface LoadFigure {
  perSecond: Spread;
  p50: Spread;
  p99: Spread;
  /** Share of answers that were not 2xx, over all runs. */
  non2xxShare: number;
  errors: number;
}

export interface PrototypeFigure {
  name: string;
  /** The paired runs as is, each just before a run of the variant. */
  baseHttp10: LoadFigure;
  http10: LoadFigure;
  /** Median and range of (variant ÷ as is) over the pairs. */
  httpGain: Spread;
  baseInProcess10?: LoadFigure;
  inProcess10?: LoadFigure;
  inProcessGain?: Spread;
}

export interface TransitionResults {
  database: DatabaseKind;
  adhesions: number;
  http: Record<string, LoadFigure>;
  inProcess: Record<string, LoadFigure>;
  /** The proposals, prototyped in the running api (cumulative), at 10 connections / 10 in flight. */
  prototypes: PrototypeFigure[];
  /** cas, tx: the references of issue 13; own: the statements of a real command replayed raw (the data model's ceiling). */
  raw: { cas: Record<string, LoadFigure>; tx: Record<string, LoadFigure>; own?: Record<string, LoadFigure> };
  /** Outbox rows not yet marked processed by the api's relay right after the load: does it keep up? */
  outboxPendingAfterLoad: number;
  /** One command at a time, 300 of them: wall time per command, and the SQL it issued (count, time). */
  statements: StatementProfile;
  /** Microseconds per call of the pieces of a request, without the database. */
  micro: Record<string, number>;
  /** Peak RSS of the api process after the HTTP runs only (the in-process and raw loops come later in it). */
  apiPeakHttpMiB: number | null;
  apiPeakMiB: number | null;
}

export interface StatementProfile {
  commandMs: number;
  /** CPU time of the api process per command (user + system), the relay included. */
  cpuMs?: number;
  statements: Record<string, { perCommand: number; msPerCommand: number }>;
}

function figure(runs: Array<{ perSecond: number; p50: number; p99: number; total?: number; non2xx?: number; errors?: number; failures?: number; commands?: number }>): LoadFigure {
  const total = runs.reduce((n, r) => n + (r.total ?? r.commands ?? 0), 0);
  const non2xx = runs.reduce((n, r) => n + (r.non2xx ?? r.failures ?? 0), 0);
  return {
    perSecond: spread(runs.map((r) => r.perSecond)),
    p50: spread(runs.map((r) => r.p50)),
    p99: spread(runs.map((r) => r.p99)),
    non2xxShare: total ? non2xx / total : 0,
    errors: runs.reduce((n, r) => n + (r.errors ?? 0), 0),
  };
}

const line = (r: { perSecond: number; p50: number; p99: number }) => `${fmt(r.perSecond)}/s p50 ${fmt(r.p50)} ms p99 ${fmt(r.p99)} ms`;

export async function benchTransitions(kind: DatabaseKind): Promise<TransitionResults> {
  const database = await createTestDatabase(kind);
  const prefix = `${BENCH.runId}_${kind}`;
  const api = Helper.fork('server.js', { DATABASE_URL: database.url, REDIS_PREFIX: prefix, REDIS_URL: BENCH.redisUrl, JWT_SECRET: BENCH.jwtSecret }, BENCH.apiHeapMiB);
  try {
    const { port } = await api.request<{ port: number }>('start');
    const { slots, tokens } = await api.request<{ slots: StudySlot[]; tokens: { dgs: string; secretaries: Record<string, string> } }>('fixtures');
    progress(`${kind}: api on port ${port}, ${slots.length} adhesions in study`);

    // Each run starts from an empty outbox: a relay backlog left by the previous run would slow this one.
    const httpRun = async (connections: number, durationS = BENCH.durationS) => {
      await api.request('drainOutbox');
      const current = await api.request<StudySlot[]>('states');
      const run = await cannonTransitions({ port, connections, durationS, slots: current, tokens });
      await sleep(300); // the last answers of the run land before the states are read again
      return run;
    };
    progress(`${kind}: warm-up`);
    await httpRun(10, 3);

    type InRun = { commands: number; failures: number; perSecond: number; p50: number; p99: number; firstFailures: string[] };
    const http: Record<string, LoadFigure> = {};
    for (const connections of BENCH.connections) {
      const runs: CannonRun[] = [];
      for (let i = 0; i < BENCH.runs; i++) {
        const run = await httpRun(connections);
        runs.push(run);
        progress(`${kind} HTTP c=${connections} run ${i + 1}: ${line(run)}, non-2xx ${run.non2xx}/${run.total}, errors ${run.errors}`);
      }
      http[connections] = figure(runs);
    }

    // The api's peak memory under HTTP load alone, before the in-process and raw loops run in its process.
    const apiPeakHttpMiB = api.memory()?.peakMiB ?? null;
    await api.request('inProcess', { concurrency: 10, durationMs: 2000 }); // warm-up
    const inProcess: Record<string, LoadFigure> = {};
    for (const concurrency of BENCH.connections) {
      const runs: InRun[] = [];
      for (let i = 0; i < BENCH.runs; i++) {
        await api.request('drainOutbox');
        const run = await api.request<InRun>('inProcess', { concurrency, durationMs: BENCH.durationS * 1000 });
        runs.push(run);
        progress(`${kind} in-process c=${concurrency} run ${i + 1}: ${line(run)}, failures ${run.failures}${run.firstFailures.length ? ` (${run.firstFailures[0]})` : ''}`);
      }
      inProcess[concurrency] = figure(runs);
    }

    // Did the api's relay keep up? Rows written by the last run (5 s at 50 in flight) not yet marked processed.
    const outboxPendingAfterLoad = await api.request<number>('outboxPending');
    progress(`${kind}: ${outboxPendingAfterLoad} outbox rows not yet relayed right after the load`);

    // Variants of the api at 10 connections / 10 in flight (docs/PERFORMANCE.md). Each run of a variant is
    // paired with a run as is just before it, so that a slow spell of the machine (a checkpoint, another
    // job) hits both: the difference is the median of the pairs' ratios.
    const prototypes: PrototypeFigure[] = [];
    // The api as configured is the baseline; P1 (JWT KeyObject) and P2 (relay in batches, records born
    // processed) are applied in it. The variants measure what they brought and what is left.
    // Diagnostics, not targets: a quick run leaves them out.
    const variants: Array<{ name: string; stringSecret: boolean; relay: boolean; readConnection: boolean; inProcess: boolean }> = BENCH.quick ? [] : [
      { name: 'JWT secret as a string (before P1)', stringSecret: true, relay: true, readConnection: false, inProcess: false },
      { name: 'outbox relay off (what the relay still costs after P2)', stringSecret: false, relay: false, readConnection: false, inProcess: true },
      ...(kind === 'sqlite' ? [{ name: 'a second connection for reads (rejected)', stringSecret: false, relay: true, readConnection: true, inProcess: true }] : []),
    ];
    const shortS = Math.min(3, BENCH.durationS);
    const configure = async (v: { stringSecret: boolean; relay: boolean; readConnection: boolean }) => {
      await api.request('prototype', { stringSecret: v.stringSecret, readConnection: v.readConnection });
      await api.request('relay', { enabled: v.relay });
    };
    const asIs = { stringSecret: false, relay: true, readConnection: false };
    for (const v of variants) {
      const runs = { baseHttp: [] as CannonRun[], http: [] as CannonRun[], baseIn: [] as InRun[], in: [] as InRun[] };
      for (let i = 0; i < BENCH.runs; i++) {
        for (const [config, http, inRuns] of [
          [asIs, runs.baseHttp, runs.baseIn],
          [v, runs.http, runs.in],
        ] as const) {
          await configure(config);
          http.push(await httpRun(10, shortS));
          if (v.inProcess) {
            await api.request('drainOutbox');
            inRuns.push(await api.request<InRun>('inProcess', { concurrency: 10, durationMs: shortS * 1000 }));
          }
        }
        progress(
          `${kind} prototype "${v.name}", pair ${i + 1}: HTTP ${fmt(runs.baseHttp[i].perSecond)} → ${fmt(runs.http[i].perSecond)}/s${v.inProcess ? `; in-process ${fmt(runs.baseIn[i].perSecond)} → ${fmt(runs.in[i].perSecond)}/s` : ''}`,
        );
      }
      const gain = (base: Array<{ perSecond: number }>, with_: Array<{ perSecond: number }>) => spread(with_.map((w, i) => w.perSecond / base[i].perSecond));
      prototypes.push({
        name: v.name,
        baseHttp10: figure(runs.baseHttp),
        http10: figure(runs.http),
        httpGain: gain(runs.baseHttp, runs.http),
        baseInProcess10: v.inProcess ? figure(runs.baseIn) : undefined,
        inProcess10: v.inProcess ? figure(runs.in) : undefined,
        inProcessGain: v.inProcess ? gain(runs.baseIn, runs.in) : undefined,
      });
    }
    await configure(asIs);
    await api.request('drainOutbox');

    type RawRun = { operations: number; misses: number; perSecond: number; p50: number; p99: number };
    const raw: TransitionResults['raw'] = { cas: {}, tx: {} };
    for (const rawKind of ['cas', 'tx'] as const) {
      for (const concurrency of [1, 10]) {
        const runs: RawRun[] = [];
        for (let i = 0; i < BENCH.runs; i++) {
          const run = await api.request<RawRun>('rawLoop', { kind: rawKind, concurrency, durationMs: Math.min(3, BENCH.durationS) * 1000, rows: slots.length });
          runs.push(run);
          progress(`${kind} raw ${rawKind} c=${concurrency} run ${i + 1}: ${line(run)}${run.misses ? `, ${run.misses} misses` : ''}`);
        }
        raw[rawKind][concurrency] = figure(runs.map((r) => ({ ...r, total: r.operations, non2xx: r.misses })));
      }
    }
    // The ceiling of the data model: the statements of a real command replayed without the app around them.
    const own: Record<string, LoadFigure> = {};
    for (const concurrency of [1, 10]) {
      const runs: Array<RawRun & { firstErrors: string[]; statements: string[] }> = [];
      for (let i = 0; i < BENCH.runs; i++) {
        const run = await api.request<RawRun & { firstErrors: string[]; statements: string[] }>('ownStatementsLoop', { concurrency, durationMs: Math.min(3, BENCH.durationS) * 1000 });
        runs.push(run);
        progress(`${kind} the command's own statements c=${concurrency} run ${i + 1}: ${line(run)}${run.misses ? `, ${run.misses} misses (${run.firstErrors.join(' | ')})` : ''}${i === 0 && concurrency === 1 ? `; statements ${run.statements.join(', ')}` : ''}`);
      }
      own[concurrency] = figure(runs.map((r) => ({ ...r, total: r.operations, non2xx: r.misses })));
    }
    raw.own = own;
    const statements = await api.request<StatementProfile>('statements', { commands: 300 });
    const micro = await api.request<Record<string, number>>('micro', { iterations: 2000 });
    progress(`${kind}: µs per call ${JSON.stringify(micro)}`);
    progress(`${kind}: per command ${JSON.stringify(statements)}`);
    const memory = api.memory();
    return {
      database: kind,
      adhesions: slots.length,
      http,
      inProcess,
      prototypes,
      raw,
      outboxPendingAfterLoad,
      statements,
      micro,
      apiPeakHttpMiB,
      apiPeakMiB: memory?.peakMiB ?? null,
    };
  } finally {
    await api.stop();
    await database.drop();
    await dropRedisPrefix(prefix, BENCH.redisUrl);
  }
}

export type BareKind = 'node' | 'express' | 'nest';

export async function benchBare(): Promise<Record<BareKind, Record<string, LoadFigure>>> {
  const out = {} as Record<BareKind, Record<string, LoadFigure>>;
  for (const kind of ['node', 'express', 'nest'] as const) {
    const helper = Helper.fork('bare-server.js', {});
    try {
      const { port } = await helper.request<{ port: number }>('start', { kind });
      await cannonBare({ port, connections: 10, durationS: 2 });
      out[kind] = {};
      for (const connections of BENCH.connections) {
        const runs: CannonRun[] = [];
        for (let i = 0; i < BENCH.runs; i++) {
          const run = await cannonBare({ port, connections, durationS: Math.min(3, BENCH.durationS) });
          runs.push(run);
          progress(`bare ${kind} c=${connections} run ${i + 1}: ${line(run)}`);
        }
        out[kind][connections] = figure(runs);
      }
    } finally {
      await helper.stop();
    }
  }
  return out;
}

/**
 * `BENCH_SECTIONS=command`: the cost of one command alone, for checking a change to the command path in a
 * minute: `commands` commands one at a time in the api process (after as many to warm up), their statements,
 * wall time and CPU time per command, then the CPU per piece. Not part of the report's targets.
 */
export async function benchCommand(kind: DatabaseKind, commands = 2000): Promise<{ database: DatabaseKind; statements: StatementProfile; micro: Record<string, number>; http: { requests: number; non2xx: number; cpuMs: number; statements: Record<string, number> }; reads: Record<string, { requests: number; non2xx: number; cpuMs: number }> }> {
  const database = await createTestDatabase(kind);
  const api = Helper.fork('server.js', { DATABASE_URL: database.url, REDIS_PREFIX: `${BENCH.runId}_${kind}`, REDIS_URL: BENCH.redisUrl, JWT_SECRET: BENCH.jwtSecret }, BENCH.apiHeapMiB);
  try {
    const { port } = await api.request<{ port: number }>('start');
    const { tokens } = await api.request<{ slots: StudySlot[]; tokens: { dgs: string; secretaries: Record<string, string> } }>('fixtures');
    // BENCH_COMMAND_HTTP_ONLY=1 (for a profile of the HTTP path): the in-process commands and the pieces are skipped.
    const httpOnly = process.env.BENCH_COMMAND_HTTP_ONLY === '1';
    if (!httpOnly) await api.request<StatementProfile>('statements', { commands });
    const statements = httpOnly ? { commandMs: 0, statements: {} } : await api.request<StatementProfile>('statements', { commands });
    const micro = httpOnly ? {} : await api.request<Record<string, number>>('micro', { iterations: 2000 });
    // The same commands over HTTP, one connection: the api's CPU per request (the load generator's is its own).
    const http = async () => {
      const slots = await api.request<StudySlot[]>('states');
      await api.request('countStatements', { on: true });
      const before = await api.request<NodeJS.CpuUsage>('cpu');
      const run = await cannonTransitions({ port, connections: 1, durationS: 5, slots, tokens });
      const after = await api.request<NodeJS.CpuUsage>('cpu');
      const counts = await api.request<Record<string, number>>('countStatements', { on: false });
      const perRequest = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Math.round((v / run.total) * 100) / 100]));
      return { requests: run.total, non2xx: run.non2xx, cpuMs: Math.round(((after.user - before.user + after.system - before.system) / 1000 / run.total) * 1000) / 1000, statements: perRequest };
    };
    await http();
    const commandOverHttp = await http();
    // Two GETs with the same api: /health (the HTTP stack, no auth, no database) and one adhesion read by its
    // DGS (auth, the user read, the adhesion read, its response): what a request costs besides the command.
    const slot = (await api.request<StudySlot[]>('states'))[0]!;
    const get = async (path: string, headers?: Record<string, string>) => {
      const before = await api.request<NodeJS.CpuUsage>('cpu');
      const run = await cannonGet({ port, path, headers, connections: 1, durationS: 3 });
      const after = await api.request<NodeJS.CpuUsage>('cpu');
      return { requests: run.total, non2xx: run.non2xx, cpuMs: Math.round(((after.user - before.user + after.system - before.system) / 1000 / run.total) * 1000) / 1000 };
    };
    const reads = {
      // An unknown path: every middleware, the router, and a 404 in the API's error format; nothing else.
      'unknown path (404)': await get('/api/bench-unknown'),
      health: await get('/health'),
      adhesion: await get(`/api/adhesions/${slot.id}`, { authorization: `Bearer ${tokens.dgs}` }),
    };
    return { database: kind, statements, micro, http: commandOverHttp, reads };
  } finally {
    await api.stop();
    await database.drop();
  }
}
