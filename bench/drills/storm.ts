// Fault drills in the middle of a reminder storm (npm run drill): real worker processes from dist, a
// real SMTP sink, faults injected while the storm runs. After each: every deadline delivered once,
// every reminder decided once and sent (its Message-ID received), states = replay of their trails.
// SMTP cannot be part of a database transaction: a message accepted by the SMTP server in the instant
// before a crash, not yet marked sent, is sent again by the next worker under the same Message-ID
// (so mail clients recognise it); the drill reports how many.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { type ChildProcess } from 'node:child_process';
import { type DataSource } from 'typeorm';
import { checkAgainstAuditTrail, ImportReferenceUseCase } from '#application';
import { EtalabReferenceSource, openDatabase, TypeOrmUnitOfWork } from '#persistence';
import { insertActiveAdhesions, insertRecipients, startDateWithAnniversaryIn } from '../../test/support/bulk.js';
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.js';
import { dropRedisPrefix, OwnRedis, TEST_REDIS_URL } from '../../test/support/redis.js';
import { freePort, killAndWait, spawnMain, waitFor, waitForHttp } from '../lib/proc.js';
import { startSmtpCounter } from '../lib/smtp-counter.js';
import { sleep } from '../lib/stats.js';

export type StormFault = 'worker-sigkill' | 'redis-restart' | 'postgres-connections-killed' | 'single-process-sigkill';

export interface StormDrillOutcome {
  fault: StormFault;
  database: DatabaseKind;
  adhesions: number;
  expectedMessages: number;
  faults: string[];
  seconds: number;
  deadlinesApplied: number;
  deadlinesTwice: number;
  ledgerRows: number;
  ledgerSent: number;
  received: number;
  distinct: number;
  duplicates: number;
  replayFailures: number;
  integrity?: string;
  failures: string[];
}

const APP_NAME = 'alacarte-drill-worker';

export async function stormDrill(fault: StormFault, options: { adhesions?: number; log?: (line: string) => void } = {}): Promise<StormDrillOutcome> {
  const kind: DatabaseKind = fault === 'single-process-sigkill' ? 'sqlite' : 'postgres';
  const n = options.adhesions ?? 1000;
  const log = options.log ?? (() => undefined);
  const database = await createTestDatabase(kind);
  const sqlitePath = database.url.slice('sqlite:'.length);
  const config = kind === 'postgres' ? ({ type: 'postgres', url: database.url } as const) : ({ type: 'sqlite', path: sqlitePath } as const);
  const prefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_s${randomBytes(3).toString('hex')}`;
  const smtp = await startSmtpCounter();
  const ownRedis = fault === 'redis-restart' ? await OwnRedis.start() : null;
  const redisUrl = ownRedis?.url ?? TEST_REDIS_URL;
  const processes: ChildProcess[] = [];
  let dataSource: DataSource = await openDatabase(config);
  const outcome: StormDrillOutcome = {
    fault,
    database: kind,
    adhesions: n,
    expectedMessages: 2 * n,
    faults: [],
    seconds: 0,
    deadlinesApplied: 0,
    deadlinesTwice: 0,
    ledgerRows: 0,
    ledgerSent: 0,
    received: 0,
    distinct: 0,
    duplicates: 0,
    replayFailures: 0,
    failures: [],
  };
  try {
    const uow = new TypeOrmUnitOfWork(dataSource);
    await new ImportReferenceUseCase(uow, new EtalabReferenceSource()).all();
    // Anniversary in 20 days: each adhesion's renewal window is due (a deadline), then a reminder to the
    // commune (30 days; 90 and 60 superseded) and an escalation to the DGS: two messages each. The EPCIs of
    // these communes get their catalogues and unit costs there (withCatalogues).
    const ids = await insertActiveAdhesions(uow.entities, n, 'PAIE', startDateWithAnniversaryIn(20));
    await insertRecipients(uow.entities, ids);
    if (kind === 'sqlite') await dataSource.destroy();

    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      SMTP_URL: smtp.url,
      SWEEP_EVERY_SECONDS: '2',
      SCHEDULER_CHECK_SECONDS: '2',
      NOTIFY_LEASE_SECONDS: '2',
      ALACARTE_SEED_DEMO: 'false',
      PGAPPNAME: APP_NAME,
    };
    let started = 0;
    const start = async () => {
      started++;
      if (kind === 'sqlite') {
        // SQLite is one process: the api and the worker together (npm start), as on a single machine.
        const port = await freePort();
        const child = spawnMain('api', { ...env, ALACARTE_ROLE: 'all', PORT: String(port) }, `all-${started}`);
        processes.push(child);
        // Not waiting for HTTP: the start-up sweep begins before the server listens.
        void waitForHttp(port, 60_000, child).catch(() => undefined);
        return child;
      }
      const child = spawnMain('worker', env, `worker-${started}`);
      processes.push(child);
      return child;
    };

    // Progress, read from the outside: on SQLite through a read-only connection of better-sqlite3 (WAL
    // lets a reader in another process see each commit without blocking the writer).
    type ReadOnly = { prepare(sql: string): { get(): { n: number } } };
    const reader =
      kind === 'sqlite' ? (new (createRequire(import.meta.url)('better-sqlite3') as new (path: string, o: object) => ReadOnly)(sqlitePath, { readonly: true, fileMustExist: true })) : null;
    const count = async (sql: string) =>
      reader ? Number(reader.prepare(sql).get().n) : Number(((await dataSource.query(sql)) as Array<{ n: string | number }>)[0].n);
    const windowsOpened = () => count(`SELECT count(*) AS n FROM audit_event WHERE event = 'RENEWAL_WINDOW_OPENED'`);
    const sent = () => count(`SELECT count(*) AS n FROM notification_ledger WHERE status = 'sent'`);

    const t0 = performance.now();
    let current = await start();
    // Fault 1 during the deadlines, fault 2 during the sending.
    const injections: Array<{ when: () => Promise<boolean>; label: string }> = [
      { when: async () => (await windowsOpened()) >= n / 4, label: 'during the deadlines' },
      { when: async () => smtp.received >= (2 * n) / 3, label: 'during the sending' },
    ];
    for (const injection of injections) {
      await waitFor(injection.when, 240_000, `the storm ${injection.label}`, 50);
      const at = `${injection.label} (${await windowsOpened()} windows, ${smtp.received} messages)`;
      switch (fault) {
        case 'worker-sigkill':
        case 'single-process-sigkill':
          await killAndWait(current, 'SIGKILL');
          outcome.faults.push(`SIGKILL ${at}`);
          current = await start();
          break;
        case 'redis-restart':
          await ownRedis!.down();
          await sleep(3_000);
          await ownRedis!.up();
          outcome.faults.push(`Redis killed ${at}, back empty 3 s later`);
          break;
        case 'postgres-connections-killed': {
          const killed = await count(`SELECT count(*) AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${APP_NAME}') t`);
          outcome.faults.push(`${killed} PostgreSQL connections of the worker terminated ${at}`);
          break;
        }
      }
      log(`${fault}: ${outcome.faults[outcome.faults.length - 1]}`);
    }
    await waitFor(async () => (await sent()) >= 2 * n && smtp.received >= 2 * n, 240_000, 'every reminder sent', 200);
    outcome.seconds = (performance.now() - t0) / 1000;
    await sleep(4_000); // a duplicate would arrive within a lease (2 s) and a sweep (2 s)
    for (const child of processes) await killAndWait(child, 'SIGTERM');
    (reader as { close?: () => void } | null)?.close?.();

    if (kind === 'sqlite') dataSource = await openDatabase(config);
    const q = async (sql: string) => Number(((await dataSource.query(sql)) as Array<{ n: string | number }>)[0].n);
    if (kind === 'sqlite') outcome.integrity = ((await dataSource.query('PRAGMA integrity_check')) as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    outcome.deadlinesApplied = await q(`SELECT count(DISTINCT adhesion_id) AS n FROM audit_event WHERE event = 'RENEWAL_WINDOW_OPENED'`);
    outcome.deadlinesTwice = await q(`SELECT count(*) AS n FROM (SELECT adhesion_id FROM audit_event WHERE event = 'RENEWAL_WINDOW_OPENED' GROUP BY adhesion_id HAVING count(*) > 1) d`);
    outcome.ledgerRows = await q(`SELECT count(*) AS n FROM notification_ledger WHERE status <> 'superseded'`);
    outcome.ledgerSent = await q(`SELECT count(*) AS n FROM notification_ledger WHERE status = 'sent'`);
    outcome.received = smtp.received;
    outcome.distinct = smtp.ids.size;
    outcome.duplicates = smtp.duplicates();
    // By chunks, each its own read (on SQLite, a read holds the process's one lane while it runs).
    const ports = new TypeOrmUnitOfWork(dataSource);
    for (let i = 0; i < ids.length; i += 200) {
      const checks = await ports.read((r) => checkAgainstAuditTrail(r, ids.slice(i, i + 200)));
      outcome.replayFailures += checks.filter((c) => !c.ok).length;
    }

    const f = outcome.failures;
    if (outcome.deadlinesApplied !== n) f.push(`${outcome.deadlinesApplied} of ${n} deadlines delivered`);
    if (outcome.deadlinesTwice) f.push(`${outcome.deadlinesTwice} deadlines delivered twice`);
    if (outcome.ledgerRows !== 2 * n) f.push(`${outcome.ledgerRows} reminders decided, ${2 * n} expected`);
    if (outcome.ledgerSent !== 2 * n) f.push(`${outcome.ledgerSent} of ${2 * n} reminders marked sent`);
    if (outcome.distinct !== 2 * n) f.push(`${outcome.distinct} distinct messages received, ${2 * n} expected`);
    if (outcome.replayFailures) f.push(`${outcome.replayFailures} adhesions differ from the replay of their trail`);
    if (outcome.integrity !== undefined && outcome.integrity !== 'ok') f.push(`integrity_check: ${outcome.integrity}`);
    return outcome;
  } finally {
    for (const child of processes) await killAndWait(child, 'SIGKILL');
    await smtp.close();
    await ownRedis?.down();
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    if (!ownRedis) await dropRedisPrefix(prefix);
  }
}
