// The api under test, in a process of its own: built with createApp and loadConfig exactly as main.ts
// does (role api: no worker in it; manual clock), plus the bench's commands over IPC: create the study
// fixtures, run the same commands in-process, run the raw database loops, report memory.
import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import {
  AfterCommit,
  ApplyEventUseCase,
  Clock,
  CreateAdhesionUseCase,
  loadConfig,
  ManualClock,
  toAdhesionResponse,
  UnitOfWork as Ports,
  type Actor,
} from '#application';
import { allowedEvents, applyEvent, restoreSnapshot } from '#workflow';
import { createSecretKey } from 'node:crypto';
import { AdhesionEntity, CommuneEntity, DEMO_EPCI_SIREN, EpciEntity, openDatabase, OutboxEntity, ServiceEntity, TypeOrmUnitOfWork, UnitOfWork, UserEntity } from '#persistence';
import { createApp } from '../apps/api/src/bootstrap.js';
import { claimsOf } from '../apps/api/src/auth/auth.service.js';
import { processMemory } from './lib/machine.js';
import { serveIpc } from './lib/proc.js';
import { Samples } from './lib/stats.js';
import { nextStudyEvent, other, STUDY_BODIES, SlotPool, type StudySlot } from './lib/transitions.js';

let app: INestApplication;
let uow: UnitOfWork;
const actors = { dgs: null as Actor | null, secretaries: new Map<string, Actor>() };
let savedListeners: Array<() => void> | null = null;

async function start(): Promise<{ port: number; dialect: string }> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: process.env.REDIS_PREFIX,
    JWT_SECRET: process.env.JWT_SECRET,
    ALACARTE_ROLE: 'api',
    ALACARTE_CLOCK: 'manual',
    ALACARTE_SEED_DEMO: 'true',
    LOGIN_RATE_LIMIT: '10000',
  });
  app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  (app.get(Clock) as ManualClock).set(new Date('2026-03-02T09:00:00Z'));
  // The entity-level unit of work under the app's own (TypeOrmUnitOfWork): the same instance, so that
  // `prototype` below can give the app's reads a connection of their own by patching its `read`.
  uow = (app.get(Ports) as TypeOrmUnitOfWork).entities;
  const port = (app.getHttpServer().address() as { port: number }).port;
  return { port, dialect: uow.dialect };
}

const actorOf = (user: UserEntity): Actor => ({ userId: user.id, role: user.role, communeInsee: user.communeInsee, epciSiren: user.epciSiren, pole: user.pole });

/** Every commune of the demo EPCI × every service of its catalogue, in study; one secretary per commune; tokens for HTTP. */
async function fixtures(): Promise<{ slots: StudySlot[]; tokens: { dgs: string; secretaries: Record<string, string> } }> {
  const [communes, services, users] = await uow.read(async (m) => [
    await m.find(CommuneEntity, { where: { epciSiren: DEMO_EPCI_SIREN }, order: { insee: 'ASC' } }),
    await m.find(ServiceEntity, { where: { epciSiren: DEMO_EPCI_SIREN }, order: { code: 'ASC' } }),
    await m.find(UserEntity),
  ] as const);
  const dgs = users.find((u) => u.role === 'dgs' && u.epciSiren === DEMO_EPCI_SIREN)!;
  actors.dgs = actorOf(dgs);
  const now = new Date().toISOString();
  const missing = communes
    .filter((c) => !users.some((u) => u.role === 'secretary' && u.communeInsee === c.insee))
    .map((c) => ({
      id: crypto.randomUUID(),
      email: `bench-secretaire-${c.insee}@bench.local`,
      displayName: `Secrétaire ${c.name}`,
      passwordHash: 'not-a-login',
      role: 'secretary' as const,
      communeInsee: c.insee,
      epciSiren: DEMO_EPCI_SIREN,
      pole: null,
      calendarToken: null,
      createdAt: now,
      sessionVersion: 0,
    }));
  if (missing.length) await uow.write((m) => m.insert(UserEntity, missing));
  // Read back, not taken from `missing`: on SQLite, TypeORM's multi-row insert writes the rows it reads back
  // after the insert into the objects given, and it paired them wrongly (a secretary's token named the
  // secretary of another commune, and her commands got 404s).
  const secretaries = await uow.read((m) => m.find(UserEntity, { where: { role: 'secretary' } }));
  for (const s of secretaries) actors.secretaries.set(s.communeInsee!, actorOf(s));

  const create = app.get(CreateAdhesionUseCase);
  const apply = app.get(ApplyEventUseCase);
  const existing = await uow.read((m) => m.count(AdhesionEntity));
  if (existing === 0) {
    for (const commune of communes) {
      const secretary = actors.secretaries.get(commune.insee)!;
      for (const service of services) {
        const created = await create.execute(secretary, { communeInsee: commune.insee, serviceCode: service.code, forecastUnits: 10 });
        await apply.execute(secretary, { adhesionId: created.id, body: { type: 'SUBMIT' } });
        await apply.execute(actors.dgs, { adhesionId: created.id, body: { type: 'ACKNOWLEDGE' } });
      }
    }
  }
  const jwt = app.get(JwtService);
  const tokens = {
    dgs: jwt.sign(claimsOf(dgs)),
    secretaries: Object.fromEntries(secretaries.map((s) => [s.communeInsee!, jwt.sign(claimsOf(s))])),
  };
  return { slots: await states(), tokens };
}

async function states(): Promise<StudySlot[]> {
  const rows = await uow.read((m) => m.find(AdhesionEntity, { select: { id: true, communeInsee: true, version: true, stateDetail: true }, order: { id: 'ASC' } }));
  return rows
    .map((r) => ({ id: r.id, insee: r.communeInsee, version: r.version, next: nextStudyEvent(r.stateDetail) }))
    .filter((r): r is StudySlot => r.next !== null);
}

/**
 * Runs `step` in `concurrency` loops for `durationMs`, each call timed; a call that throws is counted as a
 * failure, its first messages kept.
 */
async function timedLoops(concurrency: number, durationMs: number, step: () => Promise<void>) {
  const samples = new Samples();
  let failures = 0;
  const firstFailures: string[] = [];
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        await step();
      } catch (error) {
        failures++;
        if (firstFailures.length < 3) firstFailures.push((error as Error).message);
      }
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - started;
  // The rate counts the calls that went through; the failures are reported beside it.
  return { operations: samples.length, failures, firstFailures, perSecond: ((samples.length - failures) / elapsed) * 1000, p50: samples.percentile(50), p99: samples.percentile(99) };
}

/** The same commands as over HTTP, through ApplyEventUseCase directly: no HTTP, no auth, no controller. */
async function inProcess(args: { concurrency: number; durationMs: number }) {
  const apply = app.get(ApplyEventUseCase);
  const pool = new SlotPool(await states());
  const run = await timedLoops(args.concurrency, args.durationMs, async () => {
    const slot = pool.take();
    try {
      const actor = slot.next === 'REQUEST_INFO' ? actors.dgs! : actors.secretaries.get(slot.insee)!;
      const result = await apply.execute(actor, { adhesionId: slot.id, body: { ...STUDY_BODIES[slot.next] }, expectedVersion: slot.version });
      slot.version = result.version;
      slot.next = other(slot.next);
    } finally {
      pool.give(slot);
    }
  });
  return { commands: run.operations, failures: run.failures, firstFailures: run.firstFailures, perSecond: run.perSecond, p50: run.p50, p99: run.p99 };
}

/** Switches the api's outbox relay (after each commit) off and on: a diagnostic of its share of the cost. */
function relay(args: { enabled: boolean }) {
  const afterCommit = app.get(AfterCommit) as unknown as { listeners: Array<() => void> };
  if (!args.enabled && savedListeners === null) {
    savedListeners = afterCommit.listeners.splice(0);
  } else if (args.enabled && savedListeners) {
    afterCommit.listeners.push(...savedListeners);
    savedListeners = null;
  }
  return { listeners: afterCommit.listeners.length };
}

/**
 * The references on the same database: a bare compare-and-swap UPDATE (one statement, autocommit), and
 * the same transaction as a command's write in plain SQL (CAS + audit insert + outbox insert), both through
 * the same DataSource; on SQLite the transaction goes through the same UnitOfWork queue as the app's.
 */
async function rawLoop(args: { kind: 'cas' | 'tx'; concurrency: number; durationMs: number; rows: number }) {
  const dataSource = app.get(DataSource);
  const pg = uow.dialect === 'postgres';
  const p = (i: number) => (pg ? `$${i}` : '?');
  await dataSource.query(`DROP TABLE IF EXISTS bench_cas`);
  await dataSource.query(`CREATE TABLE bench_cas (id varchar(36) PRIMARY KEY, version integer NOT NULL, payload text NOT NULL, updated_at varchar(30) NOT NULL)`);
  await dataSource.query(`DROP TABLE IF EXISTS bench_audit`);
  await dataSource.query(
    `CREATE TABLE bench_audit (id varchar(36) PRIMARY KEY, row_id varchar(36) NOT NULL, sequence integer NOT NULL, payload text NOT NULL, at varchar(30) NOT NULL)`,
  );
  await dataSource.query(`CREATE UNIQUE INDEX bench_audit_seq ON bench_audit (row_id, sequence)`);
  await dataSource.query(`DROP TABLE IF EXISTS bench_outbox`);
  await dataSource.query(`CREATE TABLE bench_outbox (id varchar(36) PRIMARY KEY, row_id varchar(36), payload text NOT NULL, created_at varchar(30) NOT NULL, processed_at varchar(30))`);
  await dataSource.query(`CREATE INDEX bench_outbox_pending ON bench_outbox (processed_at, created_at)`);
  const slots = Array.from({ length: args.rows }, () => ({ id: crypto.randomUUID(), version: 1 }));
  for (const s of slots) await dataSource.query(`INSERT INTO bench_cas VALUES (${p(1)}, 1, '{}', ${p(2)})`, [s.id, new Date().toISOString()]);
  const snapshot = JSON.stringify({ value: { study: 'inProgress' }, context: { question: null, padding: 'x'.repeat(600) } });
  const idle = [...slots];
  const cas = `UPDATE bench_cas SET version = version + 1, payload = ${p(1)}, updated_at = ${p(2)} WHERE id = ${p(3)} AND version = ${p(4)}`;
  // One query runner per loop: on PostgreSQL its own pooled connection, as each request gets.
  const runners = Array.from({ length: args.concurrency }, () => dataSource.createQueryRunner());
  const freeRunners = [...runners];
  let misses = 0;
  const run = await timedLoops(args.concurrency, args.durationMs, async () => {
    const slot = idle.shift()!;
    const at = new Date().toISOString();
    try {
      if (args.kind === 'cas') {
        const runner = freeRunners.pop()!;
        const result = await runner.query(cas, [snapshot, at, slot.id, slot.version], true).finally(() => freeRunners.push(runner));
        if (result.affected === 1) slot.version++;
        else misses++;
      } else {
        await uow.write(async (m) => {
          await m.query(cas, [snapshot, at, slot.id, slot.version]);
          await m.query(`INSERT INTO bench_audit VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`, [crypto.randomUUID(), slot.id, slot.version + 1, snapshot, at]);
          await m.query(`INSERT INTO bench_outbox VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, NULL)`, [crypto.randomUUID(), slot.id, '{"event":"X"}', at]);
        });
        slot.version++;
      }
    } finally {
      idle.push(slot);
    }
  });
  await Promise.all(runners.map((r) => r.release()));
  return { operations: run.operations, misses: misses + run.failures, perSecond: run.perSecond, p50: run.p50, p99: run.p99 };
}

/** What a captured value of a command's statement stands for, so that it can be replayed on another adhesion. */
type Role = { kind: 'id' } | { kind: 'version'; plus: number } | { kind: 'uuid'; of: string } | { kind: 'value'; value: unknown };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The command's own statements (text and values), captured from one real command with the relay off: every
 * statement but BEGIN and COMMIT, each value marked as the adhesion's id, its version (or the next), a fresh
 * id (the audit, outbox and ledger rows'), or a value kept as it is (the snapshot, the dates, the payloads).
 */
async function captureCommand(): Promise<{ read: Array<{ sql: string; roles: Role[] }>; write: Array<{ sql: string; roles: Role[] }>; kinds: string[] }> {
  const apply = app.get(ApplyEventUseCase);
  const [slot] = await states();
  const captured: Array<{ kind: string; sql: string; params: unknown[] }> = [];
  relay({ enabled: false });
  const untap = tapStatements((kind, sql, params) => {
    captured.push({ kind, sql, params: [...params] });
    return () => undefined;
  });
  try {
    const actor = slot.next === 'REQUEST_INFO' ? actors.dgs! : actors.secretaries.get(slot.insee)!;
    await apply.execute(actor, { adhesionId: slot.id, body: { ...STUDY_BODIES[slot.next] }, expectedVersion: slot.version });
  } finally {
    untap();
    relay({ enabled: true });
  }
  const roleOf = (value: unknown): Role => {
    if (value === slot.id) return { kind: 'id' };
    if (typeof value === 'number' && value >= slot.version && value <= slot.version + 1) return { kind: 'version', plus: value - slot.version };
    if (typeof value === 'string' && UUID.test(value)) return { kind: 'uuid', of: value };
    return { kind: 'value', value };
  };
  const begin = captured.findIndex((c) => c.kind === 'BEGIN' || c.kind === 'START');
  const commit = captured.findIndex((c) => c.kind === 'COMMIT');
  const toTemplate = (c: { sql: string; params: unknown[] }) => ({ sql: c.sql, roles: c.params.map(roleOf) });
  return {
    read: captured.slice(0, begin).map(toTemplate),
    write: captured.slice(begin + 1, commit).map(toTemplate),
    kinds: captured.slice(0, commit + 1).map((c) => c.kind),
  };
}

/**
 * The ceiling of this data model: the statements of a real command (its read, then its CAS, audit, outbox and
 * ledger rows in one transaction), replayed on the bench's adhesions in turns with no code of the app around
 * them: the values bound as captured, except each adhesion's id and version and fresh row ids. Through the same
 * DataSource and UnitOfWork as the app (on SQLite, its write queue).
 */
async function ownStatementsLoop(args: { concurrency: number; durationMs: number }) {
  const template = await captureCommand();
  const idle = (await states()).map((s) => ({ id: s.id, version: s.version }));
  const bind = (roles: Role[], slot: { id: string; version: number }, fresh: Map<string, string>) =>
    roles.map((role) => {
      if (role.kind === 'id') return slot.id;
      if (role.kind === 'version') return slot.version + role.plus;
      if (role.kind === 'uuid') {
        if (!fresh.has(role.of)) fresh.set(role.of, crypto.randomUUID());
        return fresh.get(role.of);
      }
      return role.value;
    });
  const run = await timedLoops(args.concurrency, args.durationMs, async () => {
    const slot = idle.shift()!;
    const fresh = new Map<string, string>();
    try {
      await uow.read(async (m) => {
        for (const st of template.read) await m.query(st.sql, bind(st.roles, slot, fresh));
      });
      await uow.write(async (m) => {
        for (const st of template.write) await m.query(st.sql, bind(st.roles, slot, fresh));
      });
      slot.version++;
    } finally {
      idle.push(slot);
    }
  });
  // A replayed UPDATE that matched no row would throw nothing: the stored versions must be those counted here.
  const ids = idle.map((slot) => slot.id);
  const stored = new Map(
    ((await uow.read((m) => m.query(`SELECT id, version FROM adhesion WHERE id IN (${ids.map((_, i) => (uow.dialect === 'postgres' ? `$${i + 1}` : '?')).join(', ')})`, ids))) as Array<{ id: string; version: number | string }>).map(
      (row) => [row.id, Number(row.version)],
    ),
  );
  const missed = idle.filter((slot) => stored.get(slot.id) !== slot.version).length;
  if (missed) run.firstFailures.push(`${missed} adhesions whose stored version is not the replay's`);
  return { operations: run.operations, misses: run.failures + missed, firstErrors: run.firstFailures, statements: template.kinds, perSecond: run.perSecond, p50: run.p50, p99: run.p99 };
}

/**
 * Wraps the query runner's `query` (every statement of the api goes through it) so that `seen` is told of each
 * statement, by kind (`SELECT adhesion`, `INSERT audit_event`…), and of its end; returns the undo.
 */
function tapStatements(seen: (kind: string, sql: string, params: unknown[]) => () => void): () => void {
  const runner = app.get(DataSource).createQueryRunner();
  const proto = Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => Promise<unknown> };
  void runner.release();
  const original = proto.query;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const done = seen(statementKind(String(a[0])), String(a[0]), (a[1] as unknown[] | undefined) ?? []);
    const result = original.apply(this, a);
    result.then(done, done);
    return result;
  };
  return () => {
    proto.query = original;
  };
}

function statementKind(text: string): string {
  const sql = text.replace(/\s+/g, ' ').trim();
  const words = sql.split(' ');
  const verb = words[0].toUpperCase();
  const table =
    verb === 'SELECT' ? (/ FROM "?(\w+)"?/i.exec(sql)?.[1] ?? '?') : verb === 'INSERT' ? (/INTO "?(\w+)"?/i.exec(sql)?.[1] ?? '?') : verb === 'UPDATE' ? words[1].replace(/"/g, '') : '';
  return `${verb} ${table}`.trim();
}

/**
 * Diagnostic: the SQL statements one command issues, by kind, counted while `commands` commands run one at a
 * time (the api's relay included, as it runs after each).
 */
async function statements(args: { commands: number }) {
  const counts = new Map<string, number>();
  const times = new Map<string, number>();
  const clock = { started: 0, elapsed: 0 };
  let cpu: NodeJS.CpuUsage | undefined;
  const untap = tapStatements((key) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const t0 = performance.now();
    return () => times.set(key, (times.get(key) ?? 0) + performance.now() - t0);
  });
  try {
    const apply = app.get(ApplyEventUseCase);
    const pool = new SlotPool(await states());
    counts.clear();
    times.clear();
    cpu = process.cpuUsage();
    clock.started = performance.now();
    for (let i = 0; i < args.commands; i++) {
      const slot = pool.take();
      const actor = slot.next === 'REQUEST_INFO' ? actors.dgs! : actors.secretaries.get(slot.insee)!;
      const result = await apply.execute(actor, { adhesionId: slot.id, body: { ...STUDY_BODIES[slot.next] }, expectedVersion: slot.version });
      slot.version = result.version;
      slot.next = other(slot.next);
      pool.give(slot);
      await new Promise((resolve) => setImmediate(resolve));
    }
    clock.elapsed = performance.now() - clock.started;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the relay that follows the last commit
    cpu = process.cpuUsage(cpu!);
  } finally {
    untap();
  }
  const elapsed = clock.elapsed;
  const perCommand = (v: number) => Math.round((v / args.commands) * 1000) / 1000;
  return {
    commandMs: perCommand(elapsed),
    // CPU of the whole api process (user + system) per command: what a busy machine inflates least.
    cpuMs: perCommand((cpu.user + cpu.system) / 1000),
    statements: Object.fromEntries(
      [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, { perCommand: perCommand(v), msPerCommand: perCommand(times.get(k) ?? 0) }]),
    ),
  };
}

/** Counts the statements, by kind, of whatever runs between `countStatements({ on: true })` and `{ on: false }` (HTTP requests). */
let counting: { untap: () => void; counts: Map<string, number> } | null = null;
function countStatements(args: { on: boolean }): Record<string, number> {
  if (args.on && !counting) {
    const counts = new Map<string, number>();
    const noop = () => undefined;
    counting = { counts, untap: tapStatements((key) => (counts.set(key, (counts.get(key) ?? 0) + 1), noop)) };
    return {};
  }
  if (!args.on && counting) {
    counting.untap();
    const out = Object.fromEntries(counting.counts);
    counting = null;
    return out;
  }
  return {};
}

/**
 * Diagnostic: microseconds per call of the pieces of a request, on one adhesion in study (no database):
 * the JWT check with a string secret and with a KeyObject (as the app does since P1), the machine, the response.
 */
async function micro(args: { iterations: number }) {
  const [slot] = await states();
  const [adhesion, communeRow, serviceRow, epciRow] = await uow.read(async (m) => {
    const a = await m.findOneByOrFail(AdhesionEntity, { id: slot.id });
    return [
      a,
      await m.findOneByOrFail(CommuneEntity, { insee: a.communeInsee }),
      await m.findOneByOrFail(ServiceEntity, { epciSiren: a.epciSiren, code: a.serviceCode }),
      await m.findOneByOrFail(EpciEntity, { siren: a.epciSiren }),
    ] as const;
  });
  const secret = 'bench-secret-of-forty-characters-0123456789';
  const withString = new JwtService({ secret });
  const withKey = new JwtService({ secret: createSecretKey(Buffer.from(secret)) as never });
  const token = withString.sign({ sub: actors.dgs!.userId, role: 'dgs' });
  const now = new Date('2026-03-02T09:00:00Z');
  const at = now.toISOString();
  const snapshot = restoreSnapshot(adhesion.snapshot);
  const event = slot.next === 'REQUEST_INFO' ? { type: 'REQUEST_INFO', question: 'Combien ?', at } : { type: 'PROVIDE_INFO', answer: 'Cent vingt.', at };
  const record = { adhesion, commune: communeRow, service: serviceRow, epci: epciRow };
  const time = (work: () => unknown) => {
    for (let i = 0; i < Math.min(200, args.iterations); i++) work();
    const t0 = performance.now();
    for (let i = 0; i < args.iterations; i++) work();
    return Math.round(((performance.now() - t0) / args.iterations) * 1000 * 10) / 10;
  };
  return {
    'JWT verify, string secret (before P1)': time(() => withString.verify(token)),
    'JWT verify, KeyObject secret (as configured since P1)': time(() => withKey.verify(token)),
    'restore the snapshot': time(() => restoreSnapshot(adhesion.snapshot)),
    'machine: applyEvent (can + transition)': time(() => applyEvent(snapshot, event as never)),
    'allowed events of a state (role dgs)': time(() => allowedEvents(snapshot, 'dgs', at)),
    'toAdhesionResponse (with allowedActions)': time(() => toAdhesionResponse(record, 'dgs', now)),
    'JSON of the response': time(() => JSON.stringify(toAdhesionResponse(record, 'dgs', now))),
  };
}

/**
 * Variants of the running api, switched without touching its code, so that each decision comes with a
 * measured difference: the JWT secret as a plain string (as before proposal P1, to measure what P1
 * brought), and on SQLite a second connection for reads (WAL readers see committed data only), taking
 * reads off the write queue. `relay` is the outbox relay switch above.
 */
let readDataSource: DataSource | null = null;
let configuredSecret: unknown;
async function prototype(args: { stringSecret?: boolean; readConnection?: boolean }) {
  const jwt = app.get(JwtService) as unknown as { options: { secret?: unknown } };
  configuredSecret ??= jwt.options.secret;
  if (args.stringSecret !== undefined) jwt.options.secret = args.stringSecret ? process.env.JWT_SECRET : configuredSecret;
  if (args.readConnection !== undefined && uow.dialect === 'sqlite') {
    const patched = uow as unknown as { read?: unknown };
    if (args.readConnection && !readDataSource) {
      readDataSource = await openDatabase({ type: 'sqlite', path: process.env.DATABASE_URL!.slice('sqlite:'.length) });
      const manager = readDataSource.manager;
      patched.read = <T>(work: (m: typeof manager) => Promise<T>) => work(manager);
    } else if (!args.readConnection && readDataSource) {
      delete patched.read; // back to the prototype's method
      await readDataSource.destroy();
      readDataSource = null;
    }
  }
  return { stringSecret: typeof jwt.options.secret === 'string', readConnection: readDataSource !== null };
}

/**
 * Marks every pending outbox row processed (they are `adhesion.transitioned` rows, which nothing
 * consumes), so that a relay still busy with a backlog stops: each variant then starts from the same
 * empty outbox. Returns how many rows were pending.
 */
async function drainOutbox(): Promise<number> {
  const pending = await outboxPending();
  const p = uow.dialect === 'postgres' ? '$1' : '?';
  await uow.write((m) => m.query(`UPDATE outbox SET processed_at = ${p} WHERE processed_at IS NULL`, [new Date().toISOString()]));
  await new Promise((resolve) => setTimeout(resolve, 300)); // the relay in flight reads an empty outbox and stops
  return pending;
}

async function outboxPending(): Promise<number> {
  return uow.read((m) => m.createQueryBuilder(OutboxEntity, 'o').where('o.processed_at IS NULL').getCount());
}

serveIpc({
  start,
  fixtures,
  states,
  inProcess: (args) => inProcess(args as { concurrency: number; durationMs: number }),
  relay: (args) => relay(args as { enabled: boolean }),
  rawLoop: (args) => rawLoop(args as { kind: 'cas' | 'tx'; concurrency: number; durationMs: number; rows: number }),
  ownStatementsLoop: (args) => ownStatementsLoop(args as { concurrency: number; durationMs: number }),
  outboxPending,
  drainOutbox,
  statements: (args) => statements(args as { commands: number }),
  micro: (args) => micro(args as { iterations: number }),
  prototype: (args) => prototype(args as { stringSecret?: boolean; readConnection?: boolean }),
  memory: () => processMemory(),
  cpu: () => process.cpuUsage(),
  countStatements: (args) => countStatements(args as { on: boolean }),
  stop: async () => {
    await app?.close();
    setTimeout(() => process.exit(0), 50);
    return true;
  },
});
