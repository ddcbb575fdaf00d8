// Scale-out drill (docs/SCALING.md): two api processes and two workers on one PostgreSQL and one Redis.
// A mixed load goes through both apis: alternating events on shared adhesions (If-Match and an
// Idempotency-Key on each), the same event sent through both apis at once (one must win, the other get
// 409), and every acknowledged request retried through the other api with its key (it must be replayed,
// not applied again). Meanwhile both workers share a storm of reminders. Then: no acknowledged event
// lost, none applied twice, every state = replay of its trail, each reminder sent once.
import { randomBytes } from 'node:crypto';
import { type ChildProcess } from 'node:child_process';
import { checkAgainstAuditTrail, ImportReferenceUseCase } from '#application';
import { EtalabReferenceSource, openDatabase, TypeOrmUnitOfWork } from '#persistence';
import { insertActiveAdhesions, insertRecipients, startDateWithAnniversaryIn } from '../../test/support/bulk.js';
import { createTestDatabase } from '../../test/support/databases.js';
import { dropRedisPrefix } from '../../test/support/redis.js';
import { freePort, killAndWait, spawnMain, waitFor, waitForHttp } from '../lib/proc.js';
import { startSmtpCounter } from '../lib/smtp-counter.js';
import { sleep } from '../lib/stats.js';
import { other, STUDY_BODIES, type StudyEvent } from '../lib/transitions.js';

export interface ScaleOutOutcome {
  apis: number;
  workers: number;
  acknowledged: number;
  replayedThroughOtherApi: number;
  racePairs: number;
  raceBothWon: number;
  raceBothLost: number;
  auditRows: number;
  eventsAppliedTwice: number;
  lost: number;
  replayFailures: number;
  storm: { adhesions: number; expected: number; received: number; distinct: number; duplicates: number; sent: number };
  failures: string[];
}

const EMAILS = { avrille: 'secretaire@mairie-avrille.fr', trelaze: 'secretaire@mairie-trelaze.fr', dgs: 'dgs@angersloiremetropole.fr' } as const;
type User = keyof typeof EMAILS;

export async function scaleOutDrill(options: { loadMs?: number; stormAdhesions?: number; log?: (line: string) => void } = {}): Promise<ScaleOutOutcome> {
  const loadMs = options.loadMs ?? 8_000;
  const n = options.stormAdhesions ?? 500;
  const log = options.log ?? (() => undefined);
  const database = await createTestDatabase('postgres');
  const prefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_o${randomBytes(3).toString('hex')}`;
  const jwtSecret = randomBytes(24).toString('hex');
  const smtp = await startSmtpCounter();
  const processes: ChildProcess[] = [];
  const dataSource = await openDatabase({ type: 'postgres', url: database.url });
  const outcome: ScaleOutOutcome = {
    apis: 2,
    workers: 2,
    acknowledged: 0,
    replayedThroughOtherApi: 0,
    racePairs: 0,
    raceBothWon: 0,
    raceBothLost: 0,
    auditRows: 0,
    eventsAppliedTwice: 0,
    lost: 0,
    replayFailures: 0,
    storm: { adhesions: n, expected: 2 * n, received: 0, distinct: 0, duplicates: 0, sent: 0 },
    failures: [],
  };
  const common = { NODE_ENV: 'test', DATABASE_URL: database.url, REDIS_PREFIX: prefix, JWT_SECRET: jwtSecret, LOGIN_RATE_LIMIT: '1000', SMTP_URL: smtp.url };
  try {
    const uow = new TypeOrmUnitOfWork(dataSource);
    await new ImportReferenceUseCase(uow, new EtalabReferenceSource()).all();
    // The first api migrates and seeds the demo; the others start once it listens (docs/SCALING.md).
    const ports = [await freePort(), await freePort()];
    const startApi = async (i: number) => {
      const child = spawnMain('api', { ...common, PORT: String(ports[i]), ALACARTE_ROLE: 'api', ALACARTE_SEED_DEMO: 'true' }, `api-${i + 1}`);
      processes.push(child);
      await waitForHttp(ports[i], 60_000, child);
    };
    await startApi(0);
    await startApi(1);
    const tokens = {} as Record<User, string>;
    // The demo's passwords are random: the api that seeded them shows them on its demo route.
    const demo = (await (await fetch(`http://127.0.0.1:${ports[0]}/api/auth/demo-accounts`)).json()) as Array<{ email: string; password: string }>;
    for (const [user, email] of Object.entries(EMAILS) as Array<[User, string]>) {
      const res = await fetch(`http://127.0.0.1:${ports[0]}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: demo.find((u) => u.email === email)!.password }),
      });
      tokens[user] = ((await res.json()) as { accessToken: string }).accessToken;
    }
    const send = async (api: number, method: string, path: string, user: User, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${ports[api]}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, replayed: res.headers.get('idempotent-replayed') === 'true', body: (await res.json()) as Record<string, unknown> };
    };

    // The study adhesions, created through one api or the other.
    const study: Array<{ id: string; commune: 'avrille' | 'trelaze'; version: number; next: StudyEvent }> = [];
    const services = ['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'INFORMATIQUE', 'ARCHIVES', 'RGPD'];
    for (const commune of ['avrille', 'trelaze'] as const) {
      for (const [i, service] of services.entries()) {
        const insee = commune === 'avrille' ? '49015' : '49353';
        const created = await send(i % 2, 'POST', '/api/adhesions', commune, { communeInsee: insee, serviceCode: service, forecastUnits: 5 });
        await send((i + 1) % 2, 'POST', `/api/adhesions/${created.body.id}/events`, commune, { type: 'SUBMIT' });
        const ack = await send(i % 2, 'POST', `/api/adhesions/${created.body.id}/events`, 'dgs', { type: 'ACKNOWLEDGE' });
        study.push({ id: created.body.id as string, commune, version: ack.body.version as number, next: 'REQUEST_INFO' });
      }
    }

    // The storm for the workers: anniversary in 20 days, two messages per adhesion.
    // (Their EPCIs get their catalogues and unit costs there: withCatalogues.)
    const stormIds = await insertActiveAdhesions(uow.entities, n, 'ARCHIVES', startDateWithAnniversaryIn(20));
    await insertRecipients(uow.entities, stormIds);
    for (let i = 0; i < 2; i++) {
      processes.push(
        spawnMain('worker', { ...common, ALACARTE_SEED_DEMO: 'false', SWEEP_EVERY_SECONDS: '2', SCHEDULER_CHECK_SECONDS: '2', NOTIFY_LEASE_SECONDS: '5' }, `worker-${i + 1}`),
      );
    }

    // The load, through both apis.
    const acked: Array<{ id: string; version: number; event: string }> = [];
    let stop = false;
    const idle = [...study];
    let seq = 0;
    const loop = async (api: number) => {
      while (!stop) {
        const s = idle.shift();
        if (!s) {
          await sleep(1);
          continue;
        }
        const user: User = s.next === 'REQUEST_INFO' ? 'dgs' : s.commune;
        const key = `o-${seq++}-${randomBytes(3).toString('hex')}`;
        const headers = { 'if-match': String(s.version), 'idempotency-key': key };
        if (seq % 10 === 0) {
          // The same event through both apis at the same instant: exactly one may apply it.
          outcome.racePairs++;
          const [a, b] = await Promise.all([
            send(0, 'POST', `/api/adhesions/${s.id}/events`, user, STUDY_BODIES[s.next], { 'if-match': String(s.version) }),
            send(1, 'POST', `/api/adhesions/${s.id}/events`, user, STUDY_BODIES[s.next], { 'if-match': String(s.version) }),
          ]);
          const won = [a, b].filter((r) => r.status === 200);
          if (won.length === 2) outcome.raceBothWon++;
          if (won.length === 0) outcome.raceBothLost++;
          for (const w of won) acked.push({ id: s.id, version: w.body.version as number, event: s.next });
          if (won.length) {
            s.version = won[0].body.version as number;
            s.next = other(s.next);
          }
        } else {
          const res = await send(api, 'POST', `/api/adhesions/${s.id}/events`, user, STUDY_BODIES[s.next], headers);
          if (res.status === 200) {
            acked.push({ id: s.id, version: res.body.version as number, event: s.next });
            // The client retries through the other api (a lost answer, a load balancer's retry): replayed, not applied.
            const again = await send(1 - api, 'POST', `/api/adhesions/${s.id}/events`, user, STUDY_BODIES[s.next], headers);
            if (again.status === 200 && again.replayed && again.body.version === res.body.version) outcome.replayedThroughOtherApi++;
            else outcome.failures.push(`retry of ${key} through the other api: ${again.status}, replayed ${again.replayed}`);
            s.version = res.body.version as number;
            s.next = other(s.next);
          } else {
            outcome.failures.push(`${s.next} on ${s.id}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          }
        }
        idle.push(s);
      }
    };
    const running = Promise.all([0, 1, 0, 1, 0, 1].map(loop));
    await sleep(loadMs);
    stop = true;
    await running;
    outcome.acknowledged = acked.length;
    log(`scale-out: ${acked.length} events acknowledged through two apis, ${outcome.racePairs} races, ${outcome.replayedThroughOtherApi} retries replayed`);

    const sent = async () => Number(((await dataSource.query(`SELECT count(*) AS n FROM notification_ledger WHERE status = 'sent'`)) as Array<{ n: string }>)[0].n);
    await waitFor(async () => (await sent()) >= 2 * n && smtp.received >= 2 * n, 180_000, 'the storm sent by two workers', 200);
    await sleep(4_000);

    const audit = (await dataSource.query(`SELECT adhesion_id, sequence, event FROM audit_event`)) as Array<{ adhesion_id: string; sequence: number; event: string }>;
    const auditKey = new Map(audit.map((a) => [`${a.adhesion_id}#${Number(a.sequence)}`, a.event]));
    outcome.auditRows = audit.length;
    outcome.lost = acked.filter((a) => auditKey.get(`${a.id}#${a.version}`) !== a.event).length;
    // Applied twice: more study events in the trail than acknowledged (each acknowledged once, retries replayed).
    const studyIds = new Set(study.map((s) => s.id));
    const studyEvents = audit.filter((a) => studyIds.has(a.adhesion_id) && (a.event === 'REQUEST_INFO' || a.event === 'PROVIDE_INFO')).length;
    outcome.eventsAppliedTwice = Math.max(0, studyEvents - acked.length);
    const checks = await uow.read((r) => checkAgainstAuditTrail(r, study.map((s) => s.id)));
    for (let i = 0; i < stormIds.length; i += 200) checks.push(...(await uow.read((r) => checkAgainstAuditTrail(r, stormIds.slice(i, i + 200)))));
    outcome.replayFailures = checks.filter((c) => !c.ok).length;
    outcome.storm = { adhesions: n, expected: 2 * n, received: smtp.received, distinct: smtp.ids.size, duplicates: smtp.duplicates(), sent: await sent() };

    const f = outcome.failures;
    if (outcome.lost) f.push(`${outcome.lost} acknowledged events missing from the trail`);
    if (outcome.eventsAppliedTwice) f.push(`${outcome.eventsAppliedTwice} events applied more often than acknowledged`);
    if (outcome.raceBothWon) f.push(`${outcome.raceBothWon} races where both apis applied the same event`);
    if (outcome.replayFailures) f.push(`${outcome.replayFailures} states differ from the replay of their trail`);
    if (outcome.storm.distinct !== 2 * n) f.push(`${outcome.storm.distinct} distinct messages, ${2 * n} expected`);
    if (outcome.storm.duplicates) f.push(`${outcome.storm.duplicates} messages sent twice by the two workers`);
    return outcome;
  } finally {
    for (const child of processes) await killAndWait(child, 'SIGTERM');
    await smtp.close();
    await dataSource.destroy();
    await database.drop();
    await dropRedisPrefix(prefix);
  }
}
