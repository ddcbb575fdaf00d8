// `npm run bench`: the figures of docs/PERFORMANCE.md, measured on this machine, printed as Markdown and
// written to bench/results/latest.json. Knobs (environment): BENCH_RUNS, BENCH_DURATION, BENCH_CONNECTIONS,
// BENCH_DATABASES, BENCH_SECTIONS (transitions,references,scale), BENCH_SCALE (adhesions, default 300000),
// BENCH_STORM (of which due in the storm), BENCH_STORM_BUDGET (s), BENCH_SCALE_DATABASES (postgres[,sqlite]).
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { BENCH, progress } from './lib/config.js';
import { machineInfo } from './lib/machine.js';
import { benchPeerBpmn, type PeerFigure } from './lib/peer-bpmn.js';
import { ROOT } from './lib/proc.js';
import { evaluateTargets, renderMarkdown, type BenchResults } from './report.js';
import { benchScale, type ScaleResults } from './sections/scale.js';
import { benchBare, benchCommand, benchTransitions, type TransitionResults } from './sections/transitions.js';

process.env.ALACARTE_TEST_RUN = BENCH.runId;

async function versions(): Promise<{ postgres?: string; sqlite?: string; redis?: string }> {
  const out: { postgres?: string; sqlite?: string; redis?: string } = {};
  try {
    const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
    await client.connect();
    out.postgres = ((await client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version;
    await client.end();
  } catch {
    // not reachable
  }
  try {
    type Db = { prepare(sql: string): { get(): { v: string } }; close(): void };
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (path: string) => Db;
    const db = new Database(':memory:');
    out.sqlite = db.prepare('SELECT sqlite_version() AS v').get().v;
    db.close();
  } catch {
    // not installed
  }
  try {
    out.redis = /redis_version:(\S+)/.exec(execFileSync('redis-cli', ['-u', BENCH.redisUrl, 'INFO', 'server'], { encoding: 'utf8' }))?.[1];
  } catch {
    // no redis-cli
  }
  return out;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadStart = os.loadavg();
  progress(`bench ${BENCH.runId}: sections ${BENCH.sections.join(', ')}; databases ${BENCH.databases.join(', ')}; scale ${BENCH.scale} on ${BENCH.scaleDatabases.join(', ')}`);
  if (loadStart[0] > os.cpus().length * 0.5) {
    progress(`warning: the load average is ${loadStart[0].toFixed(2)} on ${os.cpus().length} cores: something else is running, the figures will be low`);
  }
  if (BENCH.sections.includes('command')) {
    // A diagnostic of the command path alone (benchCommand); prints its own lines and skips the report.
    for (const kind of BENCH.databases) {
      const { statements, micro, http, reads } = await benchCommand(kind);
      const sqlMs = Object.values(statements.statements).reduce((n, v) => n + v.msPerCommand, 0);
      process.stdout.write(`${kind}: ${statements.commandMs} ms per command (CPU ${statements.cpuMs} ms, SQL ${sqlMs.toFixed(3)} ms); ${Object.entries(statements.statements).map(([k, v]) => `${k} ×${v.perCommand} (${v.msPerCommand} ms)`).join(', ')}\n`);
      process.stdout.write(`${kind}: over HTTP, one connection: api CPU ${http.cpuMs} ms per request (${http.requests} requests, ${http.non2xx} non-2xx); statements per request ${JSON.stringify(http.statements)}\n`);
      for (const [name, r] of Object.entries(reads)) process.stdout.write(`${kind}: GET ${name}, one connection: api CPU ${r.cpuMs} ms per request (${r.requests} requests, ${r.non2xx} non-2xx)\n`);
      process.stdout.write(`${kind}: µs per piece ${JSON.stringify(micro)}\n`);
    }
    return;
  }
  const transitions: TransitionResults[] = [];
  let bare: BenchResults['bare'] = null;
  const scale: ScaleResults[] = [];
  let peer: PeerFigure | null = null;
  if (BENCH.sections.includes('references')) {
    bare = await benchBare();
    peer = await benchPeerBpmn({ runs: BENCH.runs, durationS: BENCH.durationS });
  }
  if (BENCH.sections.includes('transitions')) {
    for (const kind of BENCH.databases) transitions.push(await benchTransitions(kind));
  }
  if (BENCH.sections.includes('scale')) {
    for (const kind of BENCH.scaleDatabases) scale.push(await benchScale(kind));
  }
  const finished = new Date();
  const partial: Omit<BenchResults, 'targets'> = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: (finished.getTime() - started.getTime()) / 1000,
    machine: { ...machineInfo(), ...(await versions()), loadAverage: { start: loadStart, end: os.loadavg() } },
    settings: { runs: BENCH.runs, durationS: BENCH.durationS, connections: BENCH.connections, scale: BENCH.scale },
    transitions,
    bare,
    peer,
    quick: BENCH.quick,
    scale,
  };
  const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
  const output = resolve(ROOT, BENCH.output);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderMarkdown(results)}\n`);
  progress(`written ${BENCH.output}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
