// Fault drill: an api process killed with SIGKILL under load, several times over, on one database.
// What must hold after every kill (and the api must start again on the same database):
// - every write that was answered 2xx is in the database, with its audit row (and its stored
//   Idempotency-Key answer, sent on every write);
// - each adhesion's stored state and version equal the replay of its audit trail;
// - nothing half-written: an outbox row for each audit row, no idempotency answer without its write;
// - SQLite: PRAGMA integrity_check says ok, and the file opens (WAL recovered) with the same guarantees.
// Shared by apps/api/test/drills.e2e-spec.ts (npm test) and bench/drill.ts (npm run drill, longer).
import { randomBytes } from 'node:crypto';
import { type ChildProcess } from 'node:child_process';
import { type DataSource } from 'typeorm';
import { checkAgainstAuditTrail } from '#application';
import { openDatabase, TypeOrmUnitOfWork } from '#persistence';
import { createTestDatabase, type DatabaseKind } from '../../test/support/databases.js';
import { dropRedisPrefix } from '../../test/support/redis.js';
import { freePort, killAndWait, spawnMain, waitForHttp } from '../lib/proc.js';
import { nextStudyEvent, other, STUDY_BODIES, type StudyEvent } from '../lib/transitions.js';

export interface ApiKillOptions {
  rounds?: number;
  /** How long the load runs before each kill. */
  loadMs?: number;
  /**
   * Each round loads for `loadMs`, and then on until this many writes were acknowledged (at most 30 s more):
   * on a busy machine the kill still cuts a real load off, whatever its pace.
   */
  minAcknowledgedPerRound?: number;
  /** Concurrent clients. */
  clients?: number;
  log?: (line: string) => void;
}

export interface ApiKillOutcome {
  database: DatabaseKind;
  rounds: number;
  clients: number;
  /** Writes answered 2xx (creates and events), over all rounds. */
  acknowledged: number;
  /** Requests that were in flight when the process died (no answer). */
  cutOff: number;
  adhesions: number;
  auditRows: number;
  integrity: string[];
  failures: string[];
}

const EMAILS = { avrille: 'secretaire@mairie-avrille.fr', trelaze: 'secretaire@mairie-trelaze.fr', dgs: 'dgs@angersloiremetropole.fr' } as const;
const INSEE = { avrille: '49015', trelaze: '49353' } as const;
const SERVICES = ['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'INFORMATIQUE', 'ARCHIVES', 'RGPD'];

interface Acked {
  adhesionId: string;
  version: number;
  event: string;
  user: keyof typeof EMAILS;
  key: string;
}

class Client {
  constructor(
    readonly port: number,
    readonly tokens: Record<keyof typeof EMAILS, string>,
  ) {}
  async send(method: string, path: string, user: keyof typeof EMAILS, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.tokens[user]}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
}

export async function apiKillDrill(kind: DatabaseKind, options: ApiKillOptions = {}): Promise<ApiKillOutcome> {
  const rounds = options.rounds ?? 2;
  const loadMs = options.loadMs ?? 1500;
  const clients = options.clients ?? 12;
  const log = options.log ?? (() => undefined);
  const database = await createTestDatabase(kind);
  const prefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_k${randomBytes(3).toString('hex')}`;
  const jwtSecret = randomBytes(24).toString('hex');
  const outcome: ApiKillOutcome = { database: kind, rounds, clients, acknowledged: 0, cutOff: 0, adhesions: 0, auditRows: 0, integrity: [], failures: [] };
  const acked: Acked[] = [];
  let api: ChildProcess | null = null;
  // The demo's passwords are random: the api that seeded them shows them on its demo route (read once).
  let demo: Array<{ email: string; password: string }> | null = null;

  const startApi = async () => {
    const port = await freePort();
    const child = spawnMain(
      'api',
      {
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        PORT: String(port),
        REDIS_PREFIX: prefix,
        ALACARTE_ROLE: 'api',
        ALACARTE_SEED_DEMO: 'true',
        JWT_SECRET: jwtSecret,
        LOGIN_RATE_LIMIT: '1000',
      },
      `api-${kind}`,
    );
    await waitForHttp(port, 60_000, child);
    const tokens = {} as Record<keyof typeof EMAILS, string>;
    demo ??= (await (await fetch(`http://127.0.0.1:${port}/api/auth/demo-accounts`)).json()) as Array<{ email: string; password: string }>;
    for (const [user, email] of Object.entries(EMAILS) as Array<[keyof typeof EMAILS, string]>) {
      const password = demo.find((u) => u.email === email)!.password;
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
      tokens[user] = ((await res.json()) as { accessToken: string }).accessToken;
    }
    return { child, client: new Client(port, tokens) };
  };

  try {
    // Round 0: the api, the study adhesions (Trélazé × 8 services, Avrillé × 4); Avrillé's other 4 services churn.
    let { child, client } = await startApi();
    api = child;
    const study: Array<{ id: string; commune: 'avrille' | 'trelaze'; version: number; next: StudyEvent }> = [];
    for (const [commune, services] of [
      ['trelaze', SERVICES],
      ['avrille', SERVICES.slice(0, 4)],
    ] as const) {
      for (const service of services) {
        const created = await client.send('POST', '/api/adhesions', commune, { communeInsee: INSEE[commune], serviceCode: service, forecastUnits: 10 });
        if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
        const id = created.body.id as string;
        await client.send('POST', `/api/adhesions/${id}/events`, commune, { type: 'SUBMIT' });
        const ack = await client.send('POST', `/api/adhesions/${id}/events`, 'dgs', { type: 'ACKNOWLEDGE' });
        study.push({ id, commune, version: ack.body.version as number, next: 'REQUEST_INFO' });
      }
    }
    const churnServices = SERVICES.slice(4);

    for (let round = 1; round <= rounds; round++) {
      if (round > 1) {
        ({ child, client } = await startApi());
        api = child;
        // Where each adhesion stands now (a write cut off by the kill may or may not have committed).
        for (const s of study) {
          const res = await client.send('GET', `/api/adhesions/${s.id}`, 'dgs');
          s.version = res.body.version as number;
          s.next = nextStudyEvent((res.body.stateDetail as Array<{ id: string }>).map((d) => d.id).join('|')) ?? s.next;
        }
      }
      let stop = false;
      let cutOff = 0;
      const idle = [...study];
      let keySeq = 0;
      const key = () => `drill-${round}-${keySeq++}-${randomBytes(3).toString('hex')}`;
      const record = (res: { status: number; body: Record<string, unknown> }, user: keyof typeof EMAILS, k: string, event: string) => {
        if (res.status >= 200 && res.status < 300) acked.push({ adhesionId: res.body.id as string, version: res.body.version as number, event, user, key: k });
      };
      const studyLoop = async () => {
        while (!stop) {
          const s = idle.shift();
          if (!s) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            continue;
          }
          const user = s.next === 'REQUEST_INFO' ? 'dgs' : s.commune;
          const k = key();
          try {
            const res = await client.send('POST', `/api/adhesions/${s.id}/events`, user, STUDY_BODIES[s.next], { 'if-match': String(s.version), 'idempotency-key': k });
            record(res, user, k, s.next);
            if (res.status === 200) {
              s.version = res.body.version as number;
              s.next = other(s.next);
            }
            idle.push(s);
          } catch {
            cutOff++;
            return; // the process is gone
          }
        }
      };
      const churnLoop = async (service: string) => {
        while (!stop) {
          try {
            let k = key();
            const created = await client.send('POST', '/api/adhesions', 'avrille', { communeInsee: INSEE.avrille, serviceCode: service, forecastUnits: 3 }, { 'idempotency-key': k });
            record(created, 'avrille', k, 'CREATED');
            if (created.status !== 201) {
              // The pair is still live after a kill cut the last withdrawal short: find it and withdraw it.
              const list = await client.send('GET', `/api/adhesions?commune=${INSEE.avrille}&service=${service}&state=draft`, 'avrille');
              for (const item of (list.body.items as Array<{ id: string }>) ?? []) {
                await client.send('POST', `/api/adhesions/${item.id}/events`, 'avrille', { type: 'WITHDRAW', reason: 'Reprise après incident' });
              }
              const submitted = await client.send('GET', `/api/adhesions?commune=${INSEE.avrille}&service=${service}&state=submitted`, 'avrille');
              for (const item of (submitted.body.items as Array<{ id: string }>) ?? []) {
                await client.send('POST', `/api/adhesions/${item.id}/events`, 'avrille', { type: 'WITHDRAW', reason: 'Reprise après incident' });
              }
              continue;
            }
            const id = created.body.id as string;
            k = key();
            const submitted = await client.send('POST', `/api/adhesions/${id}/events`, 'avrille', { type: 'SUBMIT' }, { 'if-match': '1', 'idempotency-key': k });
            record(submitted, 'avrille', k, 'SUBMIT');
            k = key();
            const withdrawn = await client.send('POST', `/api/adhesions/${id}/events`, 'avrille', { type: 'WITHDRAW', reason: 'Exercice' }, { 'if-match': '2', 'idempotency-key': k });
            record(withdrawn, 'avrille', k, 'WITHDRAW');
          } catch {
            cutOff++;
            return;
          }
        }
      };
      const before = acked.length;
      const loops = [...Array.from({ length: Math.max(1, clients - churnServices.length) }, studyLoop), ...churnServices.map(churnLoop)];
      const running = Promise.all(loops);
      await new Promise((resolve) => setTimeout(resolve, loadMs));
      const cap = Date.now() + 30_000;
      while (acked.length - before < (options.minAcknowledgedPerRound ?? 0) && Date.now() < cap) await new Promise((resolve) => setTimeout(resolve, 50));
      await killAndWait(child, 'SIGKILL');
      api = null;
      stop = true;
      await running;
      outcome.cutOff += cutOff;
      log(`${kind} round ${round}: ${acked.length - before} writes acknowledged, ${cutOff} requests cut off by SIGKILL`);
      const problems = await verify(kind, database.url, acked, outcome);
      outcome.failures.push(...problems.map((p) => `round ${round}: ${p}`));
      if (problems.length) break;
    }
    outcome.acknowledged = acked.length;
    return outcome;
  } finally {
    if (api) await killAndWait(api, 'SIGKILL');
    await database.drop();
    await dropRedisPrefix(prefix);
  }
}

/** Opens the database as the next process would, and checks every guarantee. Returns the problems found. */
async function verify(kind: DatabaseKind, url: string, acked: Acked[], outcome: ApiKillOutcome): Promise<string[]> {
  const problems: string[] = [];
  let dataSource: DataSource;
  try {
    dataSource = await openDatabase(kind === 'postgres' ? { type: 'postgres', url } : { type: 'sqlite', path: url.slice('sqlite:'.length) });
  } catch (error) {
    return [`the database does not open: ${(error as Error).message}`];
  }
  try {
    if (kind === 'sqlite') {
      const rows = (await dataSource.query('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
      const result = rows.map((r) => r.integrity_check).join('; ');
      outcome.integrity.push(result);
      if (result !== 'ok') problems.push(`PRAGMA integrity_check: ${result}`);
    }
    const audit = (await dataSource.query(`SELECT adhesion_id, sequence, event FROM audit_event`)) as Array<{ adhesion_id: string; sequence: number; event: string }>;
    const auditKey = new Map(audit.map((a) => [`${a.adhesion_id}#${Number(a.sequence)}`, a.event]));
    for (const a of acked) {
      const event = auditKey.get(`${a.adhesionId}#${a.version}`);
      if (event !== a.event) problems.push(`acknowledged ${a.event} v${a.version} of ${a.adhesionId} has ${event ? `audit ${event}` : 'no audit row'}`);
    }
    const users = (await dataSource.query(`SELECT id, email FROM app_user`)) as Array<{ id: string; email: string }>;
    const userId = new Map(users.map((u) => [u.email, u.id]));
    const keys = (await dataSource.query(`SELECT user_id, key, body FROM idempotency_key`)) as Array<{ user_id: string; key: string; body: string }>;
    const stored = new Set(keys.map((k) => `${k.user_id}#${k.key}`));
    for (const a of acked) {
      if (!stored.has(`${userId.get(EMAILS[a.user])}#${a.key}`)) problems.push(`acknowledged ${a.event} of ${a.adhesionId} has no stored Idempotency-Key answer`);
    }
    // An idempotency answer without the write it answers would be half-written.
    for (const k of keys) {
      const body = JSON.parse(k.body) as { id?: string; version?: number };
      if (body.id && body.version !== undefined && !auditKey.has(`${body.id}#${body.version}`)) problems.push(`Idempotency-Key ${k.key} answers v${body.version} of ${body.id}, which has no audit row`);
    }
    // One outbox row (adhesion.created or adhesion.transitioned) per audit row.
    const outbox = (await dataSource.query(
      `SELECT adhesion_id, count(*) AS n FROM outbox WHERE kind IN ('adhesion.created', 'adhesion.transitioned') GROUP BY adhesion_id`,
    )) as Array<{ adhesion_id: string; n: string }>;
    const outboxCount = new Map(outbox.map((o) => [o.adhesion_id, Number(o.n)]));
    const auditCount = new Map<string, number>();
    for (const a of audit) if (a.event !== 'DRAFT_UPDATED') auditCount.set(a.adhesion_id, (auditCount.get(a.adhesion_id) ?? 0) + 1);
    for (const [id, n] of auditCount) {
      if ((outboxCount.get(id) ?? 0) !== n) problems.push(`${id}: ${n} audit rows but ${outboxCount.get(id) ?? 0} outbox rows`);
    }
    const checks = await new TypeOrmUnitOfWork(dataSource).read((r) => checkAgainstAuditTrail(r));
    for (const c of checks.filter((c) => !c.ok)) problems.push(`${c.id}: stored state is not the replay of its trail (${c.problem})`);
    outcome.adhesions = checks.length;
    outcome.auditRows = audit.length;
  } finally {
    await dataSource.destroy();
  }
  return problems.slice(0, 20);
}
