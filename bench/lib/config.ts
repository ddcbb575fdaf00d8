// The bench's knobs, all from the environment, with defaults that keep a full run under ~20 minutes here.
import { randomBytes } from 'node:crypto';

const list = (value: string | undefined, fallback: string) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const int = (value: string | undefined, fallback: number) => (value ? Number.parseInt(value, 10) : fallback);

/**
 * `npm run bench -- --quick`: the same target table in under 3 minutes, for checking a change. One run of 2 s
 * per figure at 10 connections (1.5 s per list), no variants of the api, a 20,000-adhesion dataset with a
 * 6,000 storm; every knob still wins.
 */
const QUICK = process.argv.includes('--quick');
const quick = (full: string, fast: string) => (QUICK ? fast : full);

export const BENCH = {
  quick: QUICK,
  /** Runs per figure; the table shows their median and range. */
  runs: int(process.env.BENCH_RUNS, QUICK ? 1 : 3),
  /** Seconds per HTTP or in-process run. */
  durationS: int(process.env.BENCH_DURATION, QUICK ? 2 : 5),
  connections: list(process.env.BENCH_CONNECTIONS, quick('1,10,50', '10')).map(Number),
  databases: list(process.env.BENCH_DATABASES, 'sqlite,postgres') as Array<'sqlite' | 'postgres'>,
  sections: list(process.env.BENCH_SECTIONS, 'transitions,references,scale'),
  /** Adhesions in the scale part. */
  scale: int(process.env.BENCH_SCALE, QUICK ? 20_000 : 300_000),
  scaleDatabases: list(process.env.BENCH_SCALE_DATABASES, 'postgres') as Array<'sqlite' | 'postgres'>,
  /**
   * Adhesions due in the storm (anniversary 1 January), out of `scale`. Default: the mix's full 60 % (180,000
   * of 300,000: the target of issue 13 is the full storm); 6,000 in a quick run. BENCH_STORM sets another count.
   */
  storm: process.env.BENCH_STORM ? int(process.env.BENCH_STORM, 0) : Math.min(Math.round(int(process.env.BENCH_SCALE, QUICK ? 20_000 : 300_000) * 0.6), QUICK ? 6_000 : Number.MAX_SAFE_INTEGER),
  /**
   * BENCH_STORM_MODE=parallel runs the proposal's prototype instead of TimeSweep's steps as they are: the
   * deadlines delivered 8 at a time, the messages sent 32 at a time (through the same public methods).
   */
  stormMode: (process.env.BENCH_STORM_MODE === 'parallel' ? 'parallel' : 'as-is') as 'as-is' | 'parallel',
  /** The storm stops waiting after this many seconds and reports what it reached. */
  stormBudgetS: int(process.env.BENCH_STORM_BUDGET, 900),
  /** Parts of the scale section: reads (over HTTP), sql (the list SQL as is and as proposed), storm. */
  scaleParts: list(process.env.BENCH_SCALE_PARTS, 'reads,sql,storm'),
  /** The api's V8 old space (--max-old-space-size), 192 MiB as its start scripts and the Dockerfile set it (P8); BENCH_API_HEAP=0: uncapped. */
  apiHeapMiB: int(process.env.BENCH_API_HEAP, 192) || undefined,
  /** `--max-old-space-size` of the storm worker, 256 MiB as `start:worker` sets it (decision 15); 0: V8's own limit. */
  stormWorkerHeapMiB: int(process.env.BENCH_WORKER_HEAP, 256) || undefined,
  redisUrl: process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  jwtSecret: `bench-${randomBytes(16).toString('hex')}`,
  runId: `bench${Date.now().toString(36)}`,
  output: process.env.BENCH_OUTPUT ?? (QUICK ? 'bench/results/quick.json' : 'bench/results/latest.json'),
};

/** One line of progress on stderr, so that stdout stays the Markdown report. */
export function progress(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[${t}] ${message}\n`);
}
