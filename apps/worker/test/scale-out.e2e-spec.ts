// Two api processes and two workers on one PostgreSQL and one Redis: a mixed load through both apis loses
// no event and applies none twice; the reminders of a storm go out once.
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { checkAgainstAuditTrail, type DemoAccount } from '#application';
import { AuditEventEntity, NotificationLedgerEntity, openDatabase, TypeOrmUnitOfWork, UnitOfWork } from '#persistence';
import { seedInstallation } from '../../../test/support/seed.js';
import { insertActiveAdhesions, insertRecipients, startDateWithAnniversaryIn } from '../../../test/support/bulk.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { buildDist, freePort, killAndWait, startProcess, waitFor, waitForApi } from '../../../test/support/processes.js';
import { dropRedisPrefix } from '../../../test/support/redis.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.js';

const run = DATABASE_KINDS.includes('postgres') ? describe : describe.skip;

run('two apis and two workers on one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let uow: UnitOfWork;
  let smtp: SmtpSink;
  let demo: DemoAccount[];
  const processes: ChildProcess[] = [];
  const ports: number[] = [];
  const prefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_s${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    buildDist();
    database = await createTestDatabase('postgres');
    dataSource = await openDatabase({ type: 'postgres', url: database.url });
    uow = new UnitOfWork(dataSource);
    demo = (await seedInstallation(dataSource, { demo: true, allOfFrance: true }))!;
    smtp = await startSmtpSink();
    const env = { DATABASE_URL: database.url, REDIS_PREFIX: prefix, JWT_SECRET: 'scale-out-test-secret-of-enough-length', SMTP_URL: smtp.url, SWEEP_EVERY_SECONDS: '2', NOTIFY_LEASE_SECONDS: '60' };
    for (const name of ['api-a', 'api-b']) {
      const port = await freePort();
      ports.push(port);
      processes.push(startProcess('api', { ...env, ALACARTE_ROLE: 'api', PORT: String(port) }, name));
    }
    await Promise.all(ports.map((port) => waitForApi(port)));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(processes.map((child) => killAndWait(child)));
    await smtp?.close();
    await dataSource?.destroy();
    await database?.drop();
    await dropRedisPrefix(prefix);
  });

  async function api(port: number, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  }

  /** The demo's passwords are random, drawn when seedInstallation seeded it. */
  async function login(port: number, email: string, password = demo.find((a) => a.email === email)!.password): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  it('loses no event and applies none twice under a mixed load through both apis', async () => {
    const [a, b] = ports;
    const secretary = await login(a, 'secretaire@mairie-avrille.fr');
    const dgs = await login(b, 'dgs@angersloiremetropole.fr');
    const services = ['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'ACHATS', 'INFORMATIQUE', 'ARCHIVES', 'RGPD'];
    const ids: string[] = [];
    for (const [i, service] of services.entries()) {
      const created = await api(i % 2 ? a : b, 'POST', '/api/adhesions', secretary, { communeInsee: '49015', serviceCode: service, forecastUnits: 3 });
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    // Every step sent twice at once, once through each api, with the same If-Match: one must win, one 409.
    const steps: Array<[string, Record<string, unknown>]> = [
      [secretary, { type: 'SUBMIT' }],
      [dgs, { type: 'ACKNOWLEDGE' }],
      [dgs, { type: 'REQUEST_INFO', question: 'Volume ?' }],
      [secretary, { type: 'PROVIDE_INFO', answer: 'Dix.' }],
      [dgs, { type: 'SUBMIT_STUDY', forecastUnits: 10, staffImpact: false }],
    ];
    let accepted = 0;
    for (const [token, event] of steps) {
      const results = await Promise.all(
        ids.flatMap((id) => [a, b].map(async (port) => {
          const current = await api(port, 'GET', `/api/adhesions/${id}`, token);
          return api(port, 'POST', `/api/adhesions/${id}/events`, token, event, { 'if-match': String(current.body.version) });
        })),
      );
      expect(results.filter((r) => r.status >= 500)).toEqual([]);
      expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const wins = results.filter((r) => r.status === 200).length;
      expect(wins).toBe(ids.length);
      accepted += wins;
    }
    const audited = await uow.read((m) =>
      m.createQueryBuilder(AuditEventEntity, 'e').where("e.adhesion_id IN (:...ids) AND e.event <> 'CREATED'", { ids }).getCount(),
    );
    expect(audited).toBe(accepted);
    const checks = await new TypeOrmUnitOfWork(dataSource).read((r) => checkAgainstAuditTrail(r, ids));
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  }, 120_000);

  it('sends each reminder of a storm once with two workers beside the two apis', async () => {
    const ids = await insertActiveAdhesions(uow, 150, 'ACHATS', startDateWithAnniversaryIn(20));
    await insertRecipients(uow, ids);
    const env = { DATABASE_URL: database.url, REDIS_PREFIX: prefix, SMTP_URL: smtp.url, SWEEP_EVERY_SECONDS: '2', NOTIFY_LEASE_SECONDS: '60' };
    processes.push(startProcess('worker', env, 'worker-a'), startProcess('worker', env, 'worker-b'));
    const sent = () =>
      uow.read((m) => m.createQueryBuilder(NotificationLedgerEntity, 'l').where("l.status = 'sent' AND l.adhesion_id IN (:...ids)", { ids }).getCount());
    await waitFor(async () => (await sent()) === 300, 120_000, '300 reminders sent');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const set = new Set(ids);
    const mails = smtp.mails.filter((mail) => set.has(mail.text.match(/adhesions\/([0-9a-f-]{36})/)?.[1] ?? ''));
    expect(mails).toHaveLength(300);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(300);
  }, 180_000);
});
