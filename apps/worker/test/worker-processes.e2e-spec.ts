// Real worker processes against one PostgreSQL and one Redis: two at once never send a reminder twice;
// one killed with SIGKILL in the middle of a storm leaves the rest to the next, and nothing is lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { AuditEventEntity, NotificationLedgerEntity, openDatabase, UnitOfWork } from '#persistence';
import { seedInstallation } from '../../../test/support/seed.js';
import { type DataSource } from 'typeorm';
import { insertActiveAdhesions, insertRecipients, startDateWithAnniversaryIn } from '../../../test/support/bulk.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../../test/support/databases.js';
import { buildDist, killAndWait, ROOT, waitFor } from '../../../test/support/processes.js';
import { dropRedisPrefix } from '../../../test/support/redis.js';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.js';

const run = DATABASE_KINDS.includes('postgres') ? describe : describe.skip;
/** Messages in flight at once per worker: a crash may send at most these again. */
const CONCURRENCY = 8;

run('worker processes on PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let uow: UnitOfWork;
  let smtp: SmtpSink;
  const prefix = `t_${(process.env.ALACARTE_TEST_RUN ?? 'local').toLowerCase()}_w${randomBytes(3).toString('hex')}`;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    buildDist();
    database = await createTestDatabase('postgres');
    dataSource = await openDatabase({ type: 'postgres', url: database.url });
    uow = new UnitOfWork(dataSource);
    await seedInstallation(dataSource, { allOfFrance: true });
    smtp = await startSmtpSink();
  }, 180_000);

  // Each stop waits for the exits: a worker still shutting down when the file ends held Jest's worker
  // process open past its end ("A worker process has failed to exit gracefully").
  const stopWorkers = (signal: NodeJS.Signals) => Promise.all(workers.splice(0).map((worker) => killAndWait(worker, signal)));

  afterAll(async () => {
    await stopWorkers('SIGKILL');
    await smtp?.close();
    await dataSource?.destroy();
    await database?.drop();
    await dropRedisPrefix(prefix);
  });

  // The lease only has to outlive one message's send: it lapses for a worker that died holding it. Two
  // live workers get a lease far longer than a send, as in production (300 s), so that a slow machine
  // never hands a message still being sent to the other; the crash test gets a short one to recover fast.
  function startWorker(name: string, leaseSeconds = 60): ChildProcess {
    const child = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        REDIS_PREFIX: prefix,
        SMTP_URL: smtp.url,
        SWEEP_EVERY_SECONDS: '2',
        SCHEDULER_CHECK_SECONDS: '2',
        NOTIFY_LEASE_SECONDS: String(leaseSeconds),
        NOTIFY_CONCURRENCY: String(CONCURRENCY),
        ALACARTE_SEED_DEMO: 'false',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => process.env.DEBUG_WORKERS && process.stderr.write(`[${name}] ${chunk}`));
    workers.push(child);
    return child;
  }

  const sentFor = (ids: string[]) =>
    uow.read((m) =>
      m.createQueryBuilder(NotificationLedgerEntity, 'l').where("l.status = 'sent' AND l.adhesion_id IN (:...ids)", { ids }).getCount(),
    );
  const mailsFor = (ids: Set<string>) => smtp.mails.filter((mail) => ids.has(mail.text.match(/adhesions\/([0-9a-f-]{36})/)?.[1] ?? ''));

  async function storm(service: string, count: number) {
    // Anniversary in 20 days: the renewal window is due (a deadline each), then per adhesion one reminder
    // to the commune (30 days; 90 and 60 superseded) and one escalation to the DGS: 2 messages each.
    const ids = await insertActiveAdhesions(uow, count, service, startDateWithAnniversaryIn(20));
    await insertRecipients(uow, ids);
    return ids;
  }

  it('sends each reminder once with two workers sweeping the same database', async () => {
    const ids = await storm('ARCHIVES', 250);
    startWorker('a');
    startWorker('b');
    await waitFor(async () => (await sentFor(ids)) === 500, 120_000, '500 sent reminders');
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a duplicate would arrive in this time
    const mails = mailsFor(new Set(ids));
    expect(mails).toHaveLength(500);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(500);
    const windows = await uow.read((m) =>
      m.createQueryBuilder(AuditEventEntity, 'e').where("e.event = 'RENEWAL_WINDOW_OPENED' AND e.adhesion_id IN (:...ids)", { ids }).getCount(),
    );
    expect(windows).toBe(250);
    await stopWorkers('SIGTERM');
  }, 180_000);

  it('finishes the storm after a worker is killed with SIGKILL midway, each reminder arriving once', async () => {
    const ids = await storm('PAIE', 500);
    const set = new Set(ids);
    const first = startWorker('first', 3);
    await waitFor(() => mailsFor(set).length >= 200, 120_000, '200 messages before the crash');
    first.kill('SIGKILL');
    const atCrash = mailsFor(set).length;
    expect(atCrash).toBeLessThan(1000);
    startWorker('second', 3);
    await waitFor(async () => (await sentFor(ids)) === 1000, 120_000, '1000 sent reminders');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const mails = mailsFor(set);
    const distinct = new Set(mails.map((m) => m.messageId));
    expect(distinct.size).toBe(1000);
    // SMTP cannot be made transactional with the database: a message the server accepted in the instant
    // before the crash, not yet marked sent, is sent again by the next worker under the same Message-ID
    // (mail clients fold such duplicates). At most the messages in flight at the crash: NOTIFY_CONCURRENCY,
    // each marked sent before its sender takes another one, however large the batch it claimed.
    const duplicates = mails.length - distinct.size;
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    if (duplicates) console.info(`${duplicates} message(s) in flight at the SIGKILL were sent again under their Message-ID`);
    await stopWorkers('SIGTERM');
  }, 180_000);
});
