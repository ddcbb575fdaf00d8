// The bench's knobs, all from the environment, with defaults that keep a full run under ~20 minutes here.
import { randomBytes } from 'node:crypto';

const list = (value: string | undefined, fallback: string) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const int = (value: string | undefined, fallback: number) => (value ? Number.parseInt(value, 10) : fallback);

export const BENCH = {
  /** Runs per figure; the table shows their median and range. */
  runs: int(process.env.BENCH_RUNS, 3),
  /** Seconds per HTTP or in-process run. */
  durationS: int(process.env.BENCH_DURATION, 5),
  connections: list(process.env.BENCH_CONNECTIONS, '1,10,50').map(Number),
  databases: list(process.env.BENCH_DATABASES, 'sqlite,postgres') as Array<'sqlite' | 'postgres'>,
  sections: list(process.env.BENCH_SECTIONS, 'transitions,references,scale'),
  /** Adhesions in the scale part. */
  scale: int(process.env.BENCH_SCALE, 300_000),
  scaleDatabases: list(process.env.BENCH_SCALE_DATABASES, 'postgres') as Array<'sqlite' | 'postgres'>,
  /**
   * Adhesions due in the storm (anniversary 1 January), out of `scale`. Default: the mix's 60 %, at most
   * 30,000, the largest storm that fits a ~20-minute run on a 2-core machine; BENCH_STORM=180000 is the
   * full share of a 300,000 dataset (about 40 minutes here).
   */
  storm: process.env.BENCH_STORM ? int(process.env.BENCH_STORM, 0) : Math.min(Math.round(int(process.env.BENCH_SCALE, 300_000) * 0.6), 30_000),
  /**
   * BENCH_STORM_MODE=parallel runs the proposal's prototype instead of TimeSweep's steps as they are: the
   * deadlines delivered 8 at a time, the messages sent 32 at a time (through the same public methods).
   */
  stormMode: (process.env.BENCH_STORM_MODE === 'parallel' ? 'parallel' : 'as-is') as 'as-is' | 'parallel',
  /**
   * BENCH_STORM_INDEXES=1 adds the indexes of proposal P6 before the storm: app_user (commune_insee) and
   * app_user (epci_siren), which the dispatcher's recipient lookups scan without.
   */
  stormIndexes: process.env.BENCH_STORM_INDEXES === '1',
  /** The storm stops waiting after this many seconds and reports what it reached. */
  stormBudgetS: int(process.env.BENCH_STORM_BUDGET, 900),
  /** Parts of the scale section: reads (over HTTP), sql (the list SQL as is and as proposed), storm. */
  scaleParts: list(process.env.BENCH_SCALE_PARTS, 'reads,sql,storm'),
  /** BENCH_API_HEAP=<MiB>: caps the api's V8 old space (--max-old-space-size), to see its true footprint. */
  apiHeapMiB: process.env.BENCH_API_HEAP ? int(process.env.BENCH_API_HEAP, 0) : undefined,
  redisUrl: process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  jwtSecret: `bench-${randomBytes(16).toString('hex')}`,
  runId: `bench${Date.now().toString(36)}`,
  output: process.env.BENCH_OUTPUT ?? 'bench/results/latest.json',
};

/** One line of progress on stderr, so that stdout stays the Markdown report. */
export function progress(message: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[${t}] ${message}\n`);
}
