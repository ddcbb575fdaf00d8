// Part 4 of the bench: all of France, 300,000 adhesions, the reads at that size, and the 1 January storm.
import { statSync } from 'node:fs';
import { JwtService } from '@nestjs/jwt';
import { JWT_AUDIENCE, JWT_ISSUER, JWT_LIFETIME_SECONDS } from '../../apps/api/src/auth/auth.service.js';
import { type DataSource } from 'typeorm';
import { checkAgainstAuditTrail, ImportReferenceUseCase, type Actor } from '#application';
import { EtalabReferenceSource, openDatabase, TypeOrmUnitOfWork } from '#persistence';
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.js';
import { dropRedisPrefix } from '../../test/support/redis.js';
import { giveCatalogues, insertNationalDataset, STORM, type BulkReport } from '../lib/bulk.js';
import { BENCH, progress } from '../lib/config.js';
import { httpLoad, type LoadResult } from '../lib/http-load.js';
import { keysetSqlDiagnostics, listSqlDiagnostics, type ListSpec, type ListSqlFigure, type StatementFigure } from '../lib/list-sql.js';
import { processMemory } from '../lib/machine.js';
import { freePort, Helper, killAndWait, spawnMain, waitForHttp } from '../lib/proc.js';
import { startSmtpCounter } from '../lib/smtp-counter.js';
import { fmt, sleep, spread, type Spread } from '../lib/stats.js';

export interface ReadFigure {
  label: string;
  path: string;
  concurrency: number;
  p50: Spread;
  p95: Spread;
  p99: Spread;
  perSecond: Spread;
  non2xx: number;
  /** `total` of the first answer, for the list queries. */
  matches?: number;
}

export interface StormPhase {
  seconds: number;
  count: number;
  perSecond: number;
}

export interface ScaleResults {
  database: DatabaseKind;
  adhesions: number;
  auditRows: number;
  users: number;
  byProfile: Record<string, number>;
  databaseSizeMiB: number | null;
  phases: { importFrance: { seconds: number; epcis: number; communes: number }; bulkInsert: { seconds: number; rowsPerSecond: number } };
  reads: ReadFigure[];
  /** The list requests' SQL on the database alone: as the api sends it, and as proposed (docs/PERFORMANCE.md). */
  listSql: ListSqlFigure[];
  /** The national page 100 by last update, statement by statement: by number (offset) and by cursor (P4's keyset). */
  keysetSql?: { offset: StatementFigure[]; cursor: StatementFigure[]; sameRows: boolean } | null;
  storm: {
    /** as-is: the product's TimeSweep.run, timed from the inside; parallel: the proposal's prototype, step by step (BENCH_STORM_MODE). */
    mode: 'as-is' | 'parallel';
    /** The storm ran with P6's indexes on app_user (always, since the migration 1764320000000). */
    userIndexes: boolean;
    /** BENCH_SCALE_PARTS without `storm`. */
    skipped: boolean;
    adhesions: number;
    finished: boolean;
    deadlines?: StormPhase;
    reminders?: StormPhase;
    delivery?: StormPhase & { received: number; duplicates: number };
    relayDrain?: { seconds: number; moved: number };
    sweepSeconds?: number;
    /** As is: when the first message went out, and when the whole sweep (decided and sent) ended, from its start. */
    firstSentSeconds?: number;
    wholeSeconds?: number;
    resweep?: { seconds: number; report: Record<string, number> };
    progressAtBudget?: { applied: number; decided: number; sent: number; seconds: number };
    replayCheck: { checked: number; failures: number };
    windowEventsOnce: boolean | null;
  };
  memoryPeakMiB: { api: number | null; worker: number | null; bench: number | null };
}

async function sizeMiB(kind: DatabaseKind, dataSource: DataSource, path: string): Promise<number | null> {
  try {
    if (kind === 'postgres') {
      const [{ size }] = (await dataSource.query(`SELECT pg_database_size(current_database()) AS size`)) as Array<{ size: string }>;
      return Math.round(Number(size) / 2 ** 20);
    }
    return Math.round(statSync(path).size / 2 ** 20);
  } catch {
    return null;
  }
}

export async function benchScale(kind: DatabaseKind): Promise<ScaleResults> {
  const database = await createTestDatabase(kind);
  const prefix = `${BENCH.runId}_scale_${kind}`;
  const config = kind === 'postgres' ? ({ type: 'postgres', url: database.url } as const) : ({ type: 'sqlite', path: database.url.slice('sqlite:'.length) } as const);
  let dataSource = await openDatabase(config);
  let api: ReturnType<typeof spawnMain> | null = null;
  let worker: Helper | null = null;
  const smtp = await startSmtpCounter();
  try {
    const uow = new TypeOrmUnitOfWork(dataSource);
    progress(`scale ${kind}: importing all of France`);
    let t0 = performance.now();
    const imported = await new ImportReferenceUseCase(uow, new EtalabReferenceSource()).all();
    const importFrance = { seconds: (performance.now() - t0) / 1000, epcis: imported.epcis, communes: imported.communes };
    // Each EPCI its copy of the template catalogue and its unit costs of 2026 (not part of either timed phase).
    t0 = performance.now();
    const catalogues = await giveCatalogues(dataSource, 2026);
    progress(
      `scale ${kind}: France imported in ${fmt(importFrance.seconds)} s (${imported.communes} communes, ${imported.epcis} EPCIs); catalogues of ${catalogues.epcis} EPCIs in ${fmt((performance.now() - t0) / 1000)} s; inserting ${fmt(BENCH.scale)} adhesions`,
    );
    t0 = performance.now();
    const data: BulkReport = await insertNationalDataset(dataSource, BENCH.scale, { storm: BENCH.storm });
    const bulkSeconds = (performance.now() - t0) / 1000;
    const databaseSizeMiB = await sizeMiB(kind, dataSource, config.type === 'sqlite' ? config.path : '');
    progress(
      `scale ${kind}: ${fmt(data.adhesions)} adhesions, ${fmt(data.auditRows)} audit rows, ${fmt(data.users)} users in ${fmt(bulkSeconds)} s; ${fmt(data.storm)} in the storm; database ${databaseSizeMiB} MiB`,
    );
    if (kind === 'sqlite') {
      await dataSource.destroy(); // one process on the file at a time while the api measures
    }

    // The api, as in production: its own process, role api.
    const port = await freePort();
    api = spawnMain(
      'api',
      {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        PORT: String(port),
        REDIS_URL: BENCH.redisUrl,
        REDIS_PREFIX: prefix,
        JWT_SECRET: BENCH.jwtSecret,
        ALACARTE_ROLE: 'api',
        ALACARTE_SEED_DEMO: 'false',
        ...(BENCH.apiHeapMiB ? { NODE_OPTIONS: `--max-old-space-size=${BENCH.apiHeapMiB}` } : {}),
      },
      `api-${kind}`,
      // BENCH_PROFILE: a V8 CPU profile of the api too, written when it stops.
      process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    );
    await waitForHttp(port, 120_000, api);
    const jwt = new JwtService({ secret: BENCH.jwtSecret, signOptions: { expiresIn: JWT_LIFETIME_SECONDS, audience: JWT_AUDIENCE, issuer: JWT_ISSUER } });
    // Users made by the bench's bulk insert: session version 0.
    const token = (sub: string, role: string) => ({ authorization: `Bearer ${jwt.sign({ sub, role, sv: 0 })}` });
    const dgs = token(data.probes.dgs.id, 'dgs');
    const admin = token(data.probes.admin.id, 'admin');
    const secretary = token(data.probes.secretary.id, 'secretary');
    const actors = {
      dgs: { userId: data.probes.dgs.id, role: 'dgs', communeInsee: null, epciSiren: data.probes.dgs.epci, pole: null } as Actor,
      admin: { userId: data.probes.admin.id, role: 'admin', communeInsee: null, epciSiren: null, pole: null } as Actor,
      secretary: { userId: data.probes.secretary.id, role: 'secretary', communeInsee: data.probes.secretary.commune, epciSiren: null, pole: null } as Actor,
    };
    const specs: Array<ListSpec & { headers: Record<string, string> }> = [
      { label: `list, DGS of the largest EPCI (${data.probes.dgs.adhesions} adhesions), active ADS`, query: { state: 'active', service: 'ADS' }, actor: actors.dgs, headers: dgs },
      { label: 'list, DGS, deadline before 1 January, by deadline', query: { deadlineBefore: '2027-01-01', sort: 'nextDeadline' }, actor: actors.dgs, headers: dgs },
      { label: 'list, secretary, her commune', query: {}, actor: actors.secretary, headers: secretary },
      { label: 'list, admin, national, active PAIE', query: { state: 'active', service: 'PAIE' }, actor: actors.admin, headers: admin },
      { label: 'list, admin, national, due before 4 October (the storm)', query: { deadlineBefore: '2026-10-04', pageSize: '50' }, actor: actors.admin, headers: admin },
      { label: 'list, admin, national, page 100 by last update', query: { sort: '-updatedAt', page: '100' }, actor: actors.admin, headers: admin },
    ];
    const lists = specs.map((spec) => ({ label: spec.label, path: `/api/adhesions${Object.keys(spec.query).length ? `?${new URLSearchParams(spec.query)}` : ''}`, headers: spec.headers }));
    // P4's keyset: the same page 100 by last update, read after the cursor that page 99 ends with (`?after=`)
    // instead of skipping 99 pages: what the web app sends for a next page. The cursor carries page 99's count,
    // so this request runs no count: the page's statement is all it reads.
    if (BENCH.scaleParts.includes('reads')) {
      const page99 = await fetch(`http://127.0.0.1:${port}/api/adhesions?${new URLSearchParams({ sort: '-updatedAt', page: '99' })}`, { headers: admin });
      const { nextCursor } = (await page99.json()) as { nextCursor?: string | null };
      if (nextCursor) {
        lists.push({ label: 'list, admin, national, page 100 by last update, by cursor', path: `/api/adhesions?${new URLSearchParams({ sort: '-updatedAt', after: nextCursor })}`, headers: admin });
      } else progress(`scale ${kind}: no cursor after page 99 by last update (${page99.status}): the keyset variant is not measured`);
    }
    const reads: ReadFigure[] = [];
    const measure = async (label: string, path: string | ((i: number) => string), headers: Record<string, string>, concurrency: number) => {
      const next = (i: number) => ({ method: 'GET' as const, path: typeof path === 'string' ? path : path(i), headers });
      await httpLoad({ port, concurrency, count: 20, next });
      const runs: LoadResult[] = [];
      for (let r = 0; r < BENCH.runs; r++) runs.push(await httpLoad({ port, concurrency, durationMs: BENCH.quick ? 1500 : 3000, next }));
      let matches: number | undefined;
      if (typeof path === 'string') {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
        matches = ((await res.json()) as { total?: number }).total;
      }
      const figure: ReadFigure = {
        label,
        path: typeof path === 'string' ? path : '/api/adhesions/:id',
        concurrency,
        p50: spread(runs.map((r) => r.p50)),
        p95: spread(runs.map((r) => r.p95)),
        p99: spread(runs.map((r) => r.p99)),
        perSecond: spread(runs.map((r) => r.perSecond)),
        non2xx: runs.reduce((n, r) => n + r.non2xx + r.errors, 0),
        matches,
      };
      reads.push(figure);
      progress(`scale ${kind}: ${label} @${concurrency}: p50 ${fmt(figure.p50.median)} ms, p95 ${fmt(figure.p95.median)} ms, ${fmt(figure.perSecond.median)}/s${matches !== undefined ? `, ${matches} matches` : ''}${figure.non2xx ? `, ${figure.non2xx} non-2xx` : ''}`);
    };
    for (const concurrency of BENCH.scaleParts.includes('reads') ? [1, 10] : []) {
      for (const list of lists) await measure(list.label, list.path, list.headers, concurrency);
      await measure('detail, admin, random adhesions', (i) => `/api/adhesions/${data.sampleIds[i % data.sampleIds.length]}`, admin, concurrency);
    }
    const apiPeak = processMemory(api.pid!)?.peakMiB ?? null;
    await killAndWait(api, 'SIGTERM');
    api = null;

    // The same list requests on the database alone: as the api sends them, and as proposed.
    if (kind === 'sqlite') dataSource = await openDatabase(config);
    progress(`scale ${kind}: timing the list SQL as is and as proposed`);
    const listSql = BENCH.scaleParts.includes('sql') ? await listSqlDiagnostics(config, dataSource, specs) : [];
    for (const f of listSql) progress(`scale ${kind}: SQL of "${f.label}": as is ${fmt(f.asIsMs)} ms, proposed ${fmt(f.proposedMs)} ms, with indexes ${fmt(f.proposedIndexedMs)} ms, same rows ${f.sameRows}`);
    const deep = specs.find((spec) => spec.query.page === '100');
    const keysetSql = BENCH.scaleParts.includes('sql') && deep ? await keysetSqlDiagnostics(config, dataSource, deep.actor, deep.query) : null;
    if (keysetSql) {
      const say = (figures: StatementFigure[]) => figures.map((f) => `${f.kind} ${fmt(f.ms)} ms`).join(' + ');
      progress(`scale ${kind}: SQL of "${deep!.label}": by number ${say(keysetSql.offset)}; by cursor ${say(keysetSql.cursor)}; same rows ${keysetSql.sameRows}`);
    }
    if (kind === 'sqlite') await dataSource.destroy();

    // The storm.
    if (kind === 'sqlite') dataSource = await openDatabase(config);
    // P6's indexes on app_user are the migration 1764320000000's now: fresh statistics for the planner.
    await dataSource.query('ANALYZE app_user');
    worker = Helper.fork('storm-worker.js', { DATABASE_URL: database.url, REDIS_URL: BENCH.redisUrl, REDIS_PREFIX: prefix, SMTP_URL: smtp.url }, BENCH.stormWorkerHeapMiB);
    worker.on((message) => {
      if (message.event === 'phase') progress(`scale ${kind}: storm phase ${String(message.name)} done in ${fmt(Number(message.seconds))} s: ${JSON.stringify(message.result)}`);
    });
    await worker.request('start');
    if (kind === 'sqlite') {
      await dataSource.destroy();
    }
    progress(`scale ${kind}: the storm of ${STORM.windowOpens} (${fmt(data.storm)} adhesions), budget ${BENCH.stormBudgetS} s`);
    const started = performance.now();
    const ticker = setInterval(() => progress(`scale ${kind}: storm at ${fmt((performance.now() - started) / 1000)} s, ${fmt(smtp.received)} messages received`), 30_000);
    type Phase<T> = { seconds: number; result: T };
    type StormReply = {
      deadlines: Phase<{ applied: number; refused: number }>;
      reminders: Phase<{ decided: number; superseded: number }>;
      delivery: Phase<{ sent: number; failed: number }>;
      relay: Phase<number>;
      resweep: Phase<Record<string, number>>;
      memory: { peakMiB: number } | null;
      firstSentSeconds?: number;
      wholeSeconds?: number;
    };
    const reply = BENCH.scaleParts.includes('storm')
      ? await Promise.race([worker.request<StormReply>('storm', { at: STORM.instant, mode: BENCH.stormMode }), sleep(BENCH.stormBudgetS * 1000).then(() => null)])
      : null;
    clearInterval(ticker);
    const elapsed = (performance.now() - started) / 1000;
    let workerPeak = worker.memory()?.peakMiB ?? null;
    if (kind === 'sqlite' || !dataSource.isInitialized) dataSource = await openDatabase(config);
    const count = async (sql: string) => Number(((await dataSource.query(sql)) as Array<{ n: string }>)[0].n);
    const storm: ScaleResults['storm'] = { mode: BENCH.stormMode, userIndexes: true, skipped: !BENCH.scaleParts.includes('storm'), adhesions: data.storm, finished: !!reply, replayCheck: { checked: 0, failures: 0 }, windowEventsOnce: null };
    if (reply) {
      await sleep(500);
      workerPeak = reply.memory?.peakMiB ?? workerPeak;
      const phase = (p: Phase<unknown>, n: number): StormPhase => ({ seconds: p.seconds, count: n, perSecond: n / p.seconds });
      storm.deadlines = phase(reply.deadlines, reply.deadlines.result.applied);
      storm.reminders = phase(reply.reminders, reply.reminders.result.decided);
      storm.delivery = { ...phase(reply.delivery, reply.delivery.result.sent), received: smtp.received, duplicates: smtp.duplicates() };
      storm.relayDrain = { seconds: reply.relay.seconds, moved: reply.relay.result };
      storm.sweepSeconds = reply.deadlines.seconds + reply.reminders.seconds;
      storm.firstSentSeconds = reply.firstSentSeconds;
      storm.wholeSeconds = reply.wholeSeconds;
      storm.resweep = { seconds: reply.resweep.seconds, report: reply.resweep.result };
    } else if (BENCH.scaleParts.includes('storm')) {
      storm.progressAtBudget = {
        applied: await count(`SELECT count(*) AS n FROM audit_event WHERE event = 'RENEWAL_WINDOW_OPENED' AND at >= '2026-10-01'`),
        decided: await count(`SELECT count(*) AS n FROM notification_ledger`),
        sent: await count(`SELECT count(*) AS n FROM notification_ledger WHERE status = 'sent'`),
        seconds: elapsed,
      };
      progress(`scale ${kind}: the storm did not finish within ${BENCH.stormBudgetS} s: ${JSON.stringify(storm.progressAtBudget)}`);
      await killAndWait(worker.child);
    }
    // Each window event once, and the stored states still equal the replay of their trails (a sample).
    const windows = await count(`SELECT count(*) AS n FROM (SELECT adhesion_id FROM audit_event WHERE event = 'RENEWAL_WINDOW_OPENED' AND at >= '2026-10-01' GROUP BY adhesion_id HAVING count(*) > 1) d`);
    storm.windowEventsOnce = windows === 0;
    const sample = [...data.stormIds.slice(0, 500), ...data.sampleIds.slice(0, 500)];
    // By chunks, each its own read (on SQLite, a read holds the process's one lane while it runs).
    const reader = new TypeOrmUnitOfWork(dataSource);
    for (let i = 0; i < sample.length; i += 200) {
      const checks = await reader.read((r) => checkAgainstAuditTrail(r, sample.slice(i, i + 200)));
      storm.replayCheck.checked += checks.length;
      storm.replayCheck.failures += checks.filter((c) => !c.ok).length;
    }
    progress(`scale ${kind}: replay check of ${storm.replayCheck.checked} adhesions: ${storm.replayCheck.failures} failures; window events once: ${storm.windowEventsOnce}`);
    return {
      database: kind,
      adhesions: data.adhesions,
      auditRows: data.auditRows,
      users: data.users,
      byProfile: data.byProfile,
      databaseSizeMiB,
      phases: { importFrance, bulkInsert: { seconds: bulkSeconds, rowsPerSecond: (data.adhesions + data.auditRows) / bulkSeconds } },
      reads,
      listSql,
      keysetSql,
      storm,
      memoryPeakMiB: { api: apiPeak, worker: workerPeak, bench: processMemory()?.peakMiB ?? null },
    };
  } finally {
    if (api) await killAndWait(api);
    await worker?.stop();
    await smtp.close();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    await dropRedisPrefix(prefix, BENCH.redisUrl);
  }
}
