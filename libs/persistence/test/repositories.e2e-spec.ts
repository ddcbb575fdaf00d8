// The TypeORM repositories behind the application's ports, on SQLite (in memory) and on PostgreSQL (a
// scratch database per run): scopes as SQL, the compare-and-swap, unique violations failing the whole
// write, the members sharing a service's cost, the exclusive claim of a notification.
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { StaleVersion } from '#workflow';
import { Scope } from '../../application/src/common/scope.js';
import { type Actor } from '../../application/src/common/actor.js';
import { ADHESION_LIST_FIELDS, type LedgerRow, ReferenceSource, type Service, UniqueViolation, UnitOfWork } from '../../application/src/ports/index.js';
import { createTestDatabase, DATABASE_KINDS, type DatabaseKind, type TestDatabase } from '../../../test/support/databases.js';
import { openDatabase } from '../src/data-source.js';
import { PersistenceModule } from '../src/persistence.module.js';
import { EtalabReferenceSource } from '../src/seed/etalab-reference-source.js';
import { TypeOrmUnitOfWork } from '../src/typeorm-unit-of-work.js';
import { UnitOfWork as EntityUnitOfWork } from '../src/unit-of-work.js';
import { newOutboxRows } from '../../application/src/ports/outbox.js';
import { AdhesionEntity, CommuneEntity, EpciEntity, OutboxEntity, ServiceEntity } from '../src/entities/index.js';
import { toAdhesion, toCommune, toEpci, toService } from '../src/repositories/mappers.js';
import { adhesion, AT, COMMUNES, EPCI_A, EPCI_B, upsertTwoEpcis } from './support/two-epcis.js';

const actor = (role: Actor['role'], scope: Partial<Actor> = {}): Actor => ({ userId: null, role, communeInsee: null, epciSiren: null, pole: null, ...scope });

async function open(kind: DatabaseKind): Promise<{ dataSource: DataSource; scratch?: TestDatabase }> {
  if (kind === 'sqlite') return { dataSource: await openDatabase({ type: 'sqlite', path: ':memory:' }) };
  const scratch = await createTestDatabase('postgres');
  return { dataSource: await openDatabase({ type: 'postgres', url: scratch.url }), scratch };
}

describe.each(DATABASE_KINDS)('TypeORM repositories, on %s', (kind) => {
  let dataSource: DataSource;
  let scratch: TestDatabase | undefined;
  let uow: TypeOrmUnitOfWork;
  /** Two services of different poles, in both EPCIs' catalogues. */
  let p: Service;
  let q: Service;

  beforeAll(async () => {
    ({ dataSource, scratch } = await open(kind));
    uow = new TypeOrmUnitOfWork(dataSource);
    await uow.write(async (r) => {
      await upsertTwoEpcis(r);
      expect(await r.catalogue.ensureCatalogue(EPCI_A)).toBe(true);
      expect(await r.catalogue.ensureCatalogue(EPCI_B)).toBe(true);
      expect(await r.catalogue.ensureCatalogue(EPCI_A)).toBe(false);
    });
    const services = await uow.read((r) => r.catalogue.services(EPCI_A));
    p = services[0];
    q = services.find((s) => s.pole !== p.pole)!;
    expect(q).toBeDefined();
    await uow.write(async (r) => {
      await r.adhesions.insert(adhesion('ad-1', '01001', EPCI_A, p.code, 'active', { nextDeadlineAt: '2026-03-01T08:00:00.000Z', nextDeadlineKind: 'X' }));
      await r.adhesions.insert(adhesion('ad-2', '01002', EPCI_A, q.code, 'study'));
      await r.adhesions.insert(adhesion('ad-3', '02001', EPCI_B, p.code, 'active'));
      await r.adhesions.insert(adhesion('ad-4', '01001', EPCI_A, q.code, 'draft'));
      await r.adhesions.insert(adhesion('ad-5', '01002', EPCI_A, p.code, 'active', { nextDeadlineAt: '2026-02-01T08:00:00.000Z', nextDeadlineKind: 'Y' }));
    });
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await scratch?.drop();
  });

  const ids = async (scope: Scope, sort: 'createdAt' | 'nextDeadline' | '-nextDeadline' = 'createdAt', extra: object = {}) =>
    (await uow.read((r) => r.adhesions.list(scope, { page: 1, pageSize: 50, sort, ...extra }))).items.map((row) => row.adhesion.id);

  it('lists only the adhesions in scope, whatever the kind of scope', async () => {
    expect(await ids(Scope.everything)).toEqual(['ad-1', 'ad-2', 'ad-3', 'ad-4', 'ad-5']);
    expect(await ids(Scope.of(actor('admin')))).toEqual(['ad-1', 'ad-2', 'ad-3', 'ad-4', 'ad-5']);
    expect(await ids(Scope.of(actor('secretary', { communeInsee: '01001', epciSiren: EPCI_A })))).toEqual(['ad-1', 'ad-4']);
    expect(await ids(Scope.of(actor('secretary', { communeInsee: '02001' })))).toEqual(['ad-3']);
    expect(await ids(Scope.of(actor('agent', { epciSiren: EPCI_A, pole: p.pole })))).toEqual(['ad-1', 'ad-5']);
    expect(await ids(Scope.of(actor('agent', { epciSiren: EPCI_A, pole: q.pole })))).toEqual(['ad-2', 'ad-4']);
    expect(await ids(Scope.of(actor('agent', { epciSiren: EPCI_B, pole: q.pole })))).toEqual([]);
    expect(await ids(Scope.of(actor('dgs', { epciSiren: EPCI_A })))).toEqual(['ad-1', 'ad-2', 'ad-4', 'ad-5']);
    expect(await ids(Scope.of(actor('dgs', { epciSiren: EPCI_B })))).toEqual(['ad-3']);
    // The count (without the list's joins) is scoped as the list is, an agent's pole included.
    for (const scope of [Scope.everything, Scope.of(actor('agent', { epciSiren: EPCI_A, pole: p.pole })), Scope.of(actor('agent', { epciSiren: EPCI_A, pole: q.pole })), Scope.of(actor('agent', { epciSiren: EPCI_B, pole: q.pole })), Scope.of(actor('secretary', { communeInsee: '01001', epciSiren: EPCI_A }))]) {
      const page = await uow.read((r) => r.adhesions.list(scope, { page: 1, pageSize: 50, sort: 'nextDeadline' }));
      expect(page.total).toBe(page.items.length);
    }
  });

  it('lists with the names beside each row, deadlines first (nulls last), filtered and paged', async () => {
    const page = await uow.read((r) => r.adhesions.list(Scope.everything, { page: 1, pageSize: 2, sort: 'nextDeadline' }));
    expect(page.total).toBe(5);
    expect(page.items.map((row) => row.adhesion.id)).toEqual(['ad-5', 'ad-1']);
    expect(page.items[0]).toMatchObject({ communeName: 'Abergement', serviceName: p.name, servicePole: p.pole });
    // A line of the list carries the fields it shows, as stored, and nothing else (not the snapshot).
    const stored = adhesion('ad-5', '01002', EPCI_A, p.code, 'active', { nextDeadlineAt: '2026-02-01T08:00:00.000Z', nextDeadlineKind: 'Y' });
    expect(page.items[0].adhesion).toEqual(Object.fromEntries(ADHESION_LIST_FIELDS.map((field) => [field, stored[field]])));
    expect(await ids(Scope.everything, '-nextDeadline')).toEqual(['ad-1', 'ad-5', 'ad-2', 'ad-3', 'ad-4']);
    expect(await ids(Scope.everything, 'nextDeadline', { deadlineBefore: '2026-03-01T08:00:00Z' })).toEqual(['ad-5']);
    expect(await ids(Scope.everything, 'createdAt', { state: 'active', service: p.code })).toEqual(['ad-1', 'ad-3', 'ad-5']);
    expect(await ids(Scope.of(actor('dgs', { epciSiren: EPCI_A })), 'createdAt', { commune: '01002' })).toEqual(['ad-2', 'ad-5']);
  });

  it('gets an adhesion with its commune and its own EPCI’s service', async () => {
    const record = await uow.read((r) => r.adhesions.get('ad-3'));
    expect(record?.commune).toEqual(COMMUNES[2]);
    expect(record?.service).toMatchObject({ epciSiren: EPCI_B, code: p.code, pole: p.pole });
    expect(await uow.read((r) => r.adhesions.get('nope'))).toBeNull();
    // Several in one read (a batch of notifications): those that exist, each as `get` gives it.
    const many = await uow.read((r) => r.adhesions.getMany(['ad-3', 'nope', 'ad-1', 'ad-3']));
    expect(many.map((m) => m.adhesion.id).sort()).toEqual(['ad-1', 'ad-3']);
    expect(many.find((m) => m.adhesion.id === 'ad-3')).toEqual(record);
    expect(await uow.read((r) => r.adhesions.getMany([]))).toEqual([]);
    // The id lists are padded to a few lengths (1, 10, 100, 500): across them, each row still comes once.
    for (const unknown of [0, 9, 11, 120, 600]) {
      const asked = ['ad-5', ...Array.from({ length: unknown }, (_, i) => `nope-${i}`), 'ad-2'];
      expect((await uow.read((r) => r.adhesions.getMany(asked))).map((m) => m.adhesion.id).sort()).toEqual(['ad-2', 'ad-5']);
    }
    expect((await uow.read((r) => r.adhesions.getMany(['ad-4']))).map((m) => m.adhesion.id)).toEqual(['ad-4']);
  });

  it('reads the notification templates of several EPCIs at once', async () => {
    const template = { kind: 'turn_to_act', subject: 'Votre tour', body: 'Bonjour', version: 1, updatedBy: null, updatedAt: AT };
    await uow.write(async (r) => {
      await r.notificationTemplates.insert({ ...template, epciSiren: EPCI_B });
      await r.notificationTemplates.insert({ ...template, epciSiren: EPCI_A, kind: 'question_asked' });
    });
    const both = await uow.read((r) => r.notificationTemplates.ofEpcis([EPCI_B, EPCI_A]));
    expect(both.map((t) => [t.epciSiren, t.kind])).toEqual([
      [EPCI_A, 'question_asked'],
      [EPCI_B, 'turn_to_act'],
    ].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(await uow.read((r) => r.notificationTemplates.ofEpcis([EPCI_A]))).toEqual([{ ...template, epciSiren: EPCI_A, kind: 'question_asked' }]);
    expect(await uow.read((r) => r.notificationTemplates.ofEpcis([]))).toEqual([]);
    await uow.write(async (r) => {
      await r.notificationTemplates.remove(EPCI_B, 'turn_to_act', 1);
      await r.notificationTemplates.remove(EPCI_A, 'question_asked', 1);
    });
  });

  it('lists communes in scope, by name', async () => {
    const names = async (scope: Scope, search?: string) =>
      (await uow.read((r) => r.communes.communes(scope, { q: search, page: 1, pageSize: 10 }))).items.map((c) => c.name);
    expect(await names(Scope.everything)).toEqual(['Abergement', 'Ambérieu', 'Laon']);
    expect(await names(Scope.of(actor('agent', { epciSiren: EPCI_A, pole: p.pole })))).toEqual(['Abergement', 'Ambérieu']);
    expect(await names(Scope.of(actor('secretary', { communeInsee: '02001', epciSiren: EPCI_B })))).toEqual(['Laon']);
    expect(await names(Scope.everything, 'LA')).toEqual(['Laon']);
    expect(await uow.read((r) => r.communes.countCommunes(Scope.of(actor('dgs', { epciSiren: EPCI_A }))))).toBe(2);
  });

  it('refuses a compare-and-swap on a stale version, and bumps the version otherwise', async () => {
    await uow.write((r) => r.adhesions.compareAndSwap('ad-2', 1, { stateDetail: 'study|opened', updatedAt: '2026-01-11T09:00:00.000Z' }));
    await expect(uow.write((r) => r.adhesions.compareAndSwap('ad-2', 1, { stateDetail: 'study|stale' }))).rejects.toBeInstanceOf(StaleVersion);
    const stored = (await uow.read((r) => r.adhesions.get('ad-2')))!.adhesion;
    expect(stored).toMatchObject({ version: 2, stateDetail: 'study|opened', updatedAt: '2026-01-11T09:00:00.000Z' });
  });

  it('fails a whole write with UniqueViolation on a unique constraint, and keeps none of it', async () => {
    const write = uow.write(async (r) => {
      await r.adhesions.insert(adhesion('ad-new', '02001', EPCI_B, q.code, 'draft'));
      await r.outbox.append(newOutboxRows([{ adhesionId: 'ad-new', kind: 'adhesion.created', payload: {} }], AT));
      // Another live adhesion for the pair of ad-1.
      await r.adhesions.insert(adhesion('ad-dup', '01001', EPCI_A, p.code, 'draft'));
    });
    await expect(write).rejects.toBeInstanceOf(UniqueViolation);
    await expect(write).rejects.toMatchObject({ constraint: 'adhesion(live_key)' });
    expect(await uow.read((r) => r.adhesions.get('ad-new'))).toBeNull();
    expect(await uow.read((r) => r.adhesions.all(['ad-new', 'ad-dup']))).toEqual([]);
  });

  it('fails the write even when the work caught the violation and went on', async () => {
    const write = uow.write(async (r) => {
      await r.adhesions.insert(adhesion('ad-new', '02001', EPCI_B, q.code, 'draft'));
      try {
        await r.adhesions.insert(adhesion('ad-dup', '01001', EPCI_A, p.code, 'draft'));
      } catch (error) {
        expect(error).toBeInstanceOf(UniqueViolation);
      }
      return 'done';
    });
    await expect(write).rejects.toBeInstanceOf(UniqueViolation);
    expect(await uow.read((r) => r.adhesions.get('ad-new'))).toBeNull();
  });

  it('counts as key members the active adhesions of one EPCI’s service only', async () => {
    const members = await uow.read((r) => r.adhesions.keyMembers(EPCI_A, p.code));
    expect(members).toEqual([
      { adhesionId: 'ad-1', communeInsee: '01001', communeName: 'Ambérieu', population: 14_000, forecastUnits: '10', state: 'active' },
      { adhesionId: 'ad-5', communeInsee: '01002', communeName: 'Abergement', population: 800, forecastUnits: '10', state: 'active' },
    ]);
    expect((await uow.read((r) => r.adhesions.keyMembers(EPCI_B, p.code))).map((m) => m.adhesionId)).toEqual(['ad-3']);
    // `alsoId` whatever its state, but still of that EPCI's service.
    expect((await uow.read((r) => r.adhesions.keyMembers(EPCI_A, q.code, 'ad-4'))).map((m) => m.adhesionId)).toEqual(['ad-4']);
    expect((await uow.read((r) => r.adhesions.keyMembers(EPCI_A, q.code, 'ad-3'))).map((m) => m.adhesionId)).toEqual([]);
  });

  it('reads and writes the command path in plain SQL exactly as TypeORM would (plain-sql.ts)', async () => {
    const m = dataSource.manager;
    await uow.write((r) => r.adhesions.insert(adhesion('ad-9', '02001', EPCI_B, q.code, 'active', { nextDeadlineAt: '2026-04-01T08:00:00.000Z', nextDeadlineKind: 'Z' })));
    // The read: the same adhesion, commune, service and EPCI as TypeORM's own entities give.
    const viaTypeOrm = await m.findOneByOrFail(AdhesionEntity, { id: 'ad-9' });
    const record = (await uow.read((r) => r.adhesions.get('ad-9')))!;
    expect(record.adhesion).toEqual(toAdhesion(viaTypeOrm));
    expect(record.commune).toEqual(toCommune(await m.findOneByOrFail(CommuneEntity, { insee: viaTypeOrm.communeInsee })));
    expect(record.service).toEqual(toService(await m.findOneByOrFail(ServiceEntity, { epciSiren: viaTypeOrm.epciSiren, code: viaTypeOrm.serviceCode })));
    expect(record.epci).toEqual(toEpci(await m.findOneByOrFail(EpciEntity, { siren: viaTypeOrm.epciSiren })));
    // The compare-and-swap: a JSON column, a NULL and a number, read back by TypeORM as written.
    const snapshot = { value: { active: 'running' }, context: { note: 'l’été', units: 12.5, none: null } };
    await uow.write((r) => r.adhesions.compareAndSwap('ad-9', record.adhesion.version, { snapshot, liveKey: null, contractYear: 3 } as never));
    expect(await m.findOneByOrFail(AdhesionEntity, { id: 'ad-9' })).toMatchObject({ snapshot, liveKey: null, contractYear: 3, version: record.adhesion.version + 1 });
    await expect(uow.write((r) => r.adhesions.compareAndSwap('ad-9', record.adhesion.version, { contractYear: 4 }))).rejects.toBeInstanceOf(StaleVersion);
    await dataSource.query(`DELETE FROM adhesion WHERE id = 'ad-9'`);
    // The inserts: 150 rows (two statements), a column left undefined takes its default (outbox attempts: 0).
    const rows = newOutboxRows(Array.from({ length: 150 }, (_, i) => ({ adhesionId: `ad-plain-${i}`, kind: 'adhesion.created', payload: { i, s: 'l’an' } })), AT);
    const [first] = rows;
    delete (first as Partial<typeof first>).attempts;
    await uow.write((r) => r.outbox.append(rows));
    const stored = await m.find(OutboxEntity, { where: { kind: 'adhesion.created' }, order: { adhesionId: 'ASC' } });
    const plainRows = stored.filter((o) => o.adhesionId?.startsWith('ad-plain-'));
    expect(plainRows).toHaveLength(150);
    expect(plainRows.find((o) => o.adhesionId === 'ad-plain-0')).toMatchObject({ attempts: 0, payload: { i: 0, s: 'l’an' }, processedAt: first.processedAt ?? null });
    await dataSource.query(`DELETE FROM outbox WHERE adhesion_id LIKE 'ad-plain-%'`);
  });

  it('leaves the rows it is given to insert as they were: TypeORM writes what it reads back into them, paired wrongly on SQLite', async () => {
    const base = { adhesionId: 'ad-3', epciSiren: null, cycle: 2031, kind: 'renewal_reminder', recipient: 'commune' as const, status: 'pending' as const, dueAt: null, attempts: 0, lastError: null, payload: {}, createdAt: AT, sentAt: null };
    const rows: LedgerRow[] = [
      { ...base, id: 'ledger-z', offsetDays: 30 },
      { ...base, id: 'ledger-a', offsetDays: 60 },
      { ...base, id: 'ledger-m', offsetDays: 90 },
    ];
    const given = structuredClone(rows);
    await uow.write((r) => r.ledger.decide(rows));
    expect(rows).toEqual(given);
    const outbox = newOutboxRows(['z', 'a', 'm'].map((k) => ({ adhesionId: `ad-${k}`, kind: 'adhesion.created', payload: {} })), AT);
    const givenOutbox = structuredClone(outbox);
    await uow.write((r) => r.outbox.append(outbox));
    expect(outbox).toEqual(givenOutbox);
    // The tests after this one count these tables.
    await dataSource.query(`DELETE FROM notification_ledger WHERE id IN ('ledger-z', 'ledger-a', 'ledger-m')`);
    await dataSource.query(`DELETE FROM outbox WHERE adhesion_id IN ('ad-z', 'ad-a', 'ad-m')`);
  });

  it('lets one sender only claim a ledger row, until its lease expires', async () => {
    const row: LedgerRow = {
      id: 'ledger-1',
      adhesionId: 'ad-1',
      epciSiren: null,
      cycle: 2026,
      kind: 'renewal_reminder',
      offsetDays: 90,
      recipient: 'commune',
      status: 'pending',
      dueAt: null,
      attempts: 0,
      lastError: null,
      payload: { year: 2026 },
      createdAt: AT,
      sentAt: null,
    };
    await uow.write((r) => r.ledger.decide([row]));
    await expect(uow.write((r) => r.ledger.decide([{ ...row, id: 'ledger-2' }]))).rejects.toBeInstanceOf(UniqueViolation);
    expect(await uow.read((r) => r.ledger.decidedFor({ adhesionId: 'ad-1' }, 2026))).toEqual([{ kind: 'renewal_reminder', offsetDays: 90 }]);
    expect(await uow.read((r) => r.ledger.decidedForAdhesions(['ad-1', 'ad-unknown']))).toEqual([{ adhesionId: 'ad-1', cycle: 2026, kind: 'renewal_reminder', offsetDays: 90 }]);
    expect(await uow.read((r) => r.ledger.decidedForAdhesions([]))).toEqual([]);
    expect(await uow.read((r) => r.ledger.sendable(AT, 10))).toEqual(['ledger-1']);

    const now = '2026-01-10T10:00:00.000Z';
    const lease = '2026-01-10T10:05:00.000Z';
    const claims = await Promise.all(Array.from({ length: 5 }, () => uow.write((r) => r.ledger.claim('ledger-1', now, lease))));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id: 'ledger-1', status: 'sending', attempts: 1, dueAt: lease, payload: { year: 2026 } });
    expect(await uow.write((r) => r.ledger.claim('ledger-1', '2026-01-10T10:04:59.999Z', '2026-01-10T10:09:59.999Z'))).toBeNull();
    expect(await uow.read((r) => r.ledger.sendable('2026-01-10T10:04:00.000Z', 10))).toEqual([]);

    // The sender died: after the lease, another claims it.
    const later = await uow.write((r) => r.ledger.claim('ledger-1', lease, '2026-01-10T10:10:00.000Z'));
    expect(later).toMatchObject({ status: 'sending', attempts: 2 });
    await uow.write((r) => r.ledger.markSent('ledger-1', '2026-01-10T10:06:00.000Z'));
    expect(await uow.write((r) => r.ledger.claim('ledger-1', '2026-01-11T00:00:00.000Z', '2026-01-11T00:05:00.000Z'))).toBeNull();
  });

  it('claims a batch of ledger rows in one statement: the oldest first, each by one claimer only, the lease kept (P6)', async () => {
    const at = (ms: number) => new Date(Date.parse('2026-01-10T09:00:00.000Z') + ms).toISOString();
    const base: LedgerRow = {
      id: '',
      adhesionId: 'ad-2',
      epciSiren: null,
      cycle: 0,
      kind: 'renewal_reminder',
      offsetDays: 30,
      recipient: 'both',
      status: 'pending',
      dueAt: null,
      attempts: 0,
      lastError: null,
      payload: { year: 2026, withAgents: true },
      createdAt: AT,
      sentAt: null,
    };
    // 40 pending rows (one with a retry time already come), one whose retry is later, one already sent.
    const rows = Array.from({ length: 40 }, (_, i) => ({ ...base, id: `batch-${String(i).padStart(2, '0')}`, cycle: 3000 + i, createdAt: at(i), dueAt: i === 7 ? at(0) : null }));
    await uow.write((r) =>
      r.ledger.decide([
        ...rows.reverse(),
        { ...base, id: 'batch-later', cycle: 3100, createdAt: at(-1), dueAt: '2026-01-20T00:00:00.000Z' },
        { ...base, id: 'batch-sent', cycle: 3101, createdAt: at(-2), status: 'sent', sentAt: AT },
      ]),
    );
    rows.reverse();
    const now = '2026-01-10T10:00:00.000Z';
    const lease = '2026-01-10T10:05:00.000Z';
    // ledger-1 of the test above is sent: only this test's rows are sendable.
    const first = await uow.write((r) => r.ledger.claimBatch(now, lease, 5));
    expect(first.map((row) => row.id)).toEqual(rows.slice(0, 5).map((row) => row.id));
    expect(first[0]).toEqual({ ...rows[0], status: 'sending', attempts: 1, dueAt: lease });

    // Four claimers at once, more than the rows left between them: no row twice.
    const rounds: LedgerRow[][] = [];
    for (let round = 0; round < 3; round++) {
      rounds.push(...(await Promise.all(Array.from({ length: 4 }, () => uow.write((r) => r.ledger.claimBatch(now, lease, 10))))));
    }
    const claimed = [...first, ...rounds.flat()].map((row) => row.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual(rows.map((row) => row.id));
    for (const batch of rounds) for (const row of batch) expect(row).toMatchObject({ status: 'sending', attempts: 1, dueAt: lease, payload: { year: 2026, withAgents: true } });
    for (const batch of rounds) expect(batch.map((row) => row.createdAt)).toEqual([...batch.map((row) => row.createdAt)].sort());

    // Held: nobody claims them before the lease; one sent, and the others again after the lease.
    expect(await uow.write((r) => r.ledger.claimBatch('2026-01-10T10:04:59.999Z', '2026-01-10T10:09:59.999Z', 100))).toEqual([]);
    await uow.write((r) => r.ledger.markSent(['batch-00', 'batch-01', 'batch-later'], '2026-01-10T10:01:00.000Z'));
    const again = await uow.write((r) => r.ledger.claimBatch(lease, '2026-01-10T10:10:00.000Z', 100));
    expect(again.map((row) => row.id)).toEqual(rows.slice(2).map((row) => row.id));
    expect(again.every((row) => row.attempts === 2)).toBe(true);
    await uow.write((r) => r.ledger.markSent(again.map((row) => row.id), '2026-01-10T10:06:00.000Z'));
    // The later one was pending, not sending: marking it sent did nothing; it is claimed when its time comes.
    expect((await uow.write((r) => r.ledger.claimBatch('2026-01-20T00:00:00.000Z', '2026-01-20T00:05:00.000Z', 100))).map((row) => row.id)).toEqual(['batch-later']);
    await uow.write((r) => r.ledger.markSent('batch-later', '2026-01-20T00:01:00.000Z'));
    expect(await uow.read((r) => r.ledger.sendable('2027-01-01T00:00:00.000Z', 100))).toEqual([]);
  });

  it('answers the other adhesion queries: inbox, calendar, counts, due deadlines, sweeps, trail', async () => {
    const dgsA = Scope.of(actor('dgs', { epciSiren: EPCI_A }));
    expect((await uow.read((r) => r.adhesions.live(dgsA))).map((row) => row.adhesion.id)).toEqual(['ad-1', 'ad-2', 'ad-4', 'ad-5']);
    const calendar = await uow.read((r) =>
      r.adhesions.calendar(dgsA, { fromAt: '2026-01-31T00:00:00.000Z', toAt: '2026-02-28T23:59:59.999Z', from: '2026-02-01', to: '2026-02-28' }),
    );
    expect(calendar).toEqual([
      { adhesionId: 'ad-5', nextDeadlineAt: '2026-02-01T08:00:00.000Z', nextDeadlineKind: 'Y', anniversaryOn: null, communeName: 'Abergement', serviceName: p.name },
    ]);
    const counts = await uow.read((r) => r.adhesions.countByServiceAndState(dgsA));
    expect(counts.map((c) => `${c.serviceCode} ${c.state} ${c.count}`).sort()).toEqual([`${p.code} active 2`, `${q.code} draft 1`, `${q.code} study 1`].sort());
    expect(await uow.read((r) => r.adhesions.countCommunesCovered(dgsA, '2026-01-10'))).toBe(2);
    expect(await uow.read((r) => r.adhesions.countCommunesCovered(Scope.everything, '2026-01-10'))).toBe(3);
    // A signed convention covers its commune from its start date only.
    await dataSource.query(`UPDATE adhesion SET start_date = '2026-03-01' WHERE id = 'ad-5'`);
    expect(await uow.read((r) => r.adhesions.countCommunesCovered(dgsA, '2026-02-28'))).toBe(1);
    expect(await uow.read((r) => r.adhesions.countCommunesCovered(dgsA, '2026-03-01'))).toBe(2);
    await dataSource.query(`UPDATE adhesion SET start_date = NULL WHERE id = 'ad-5'`);

    expect(await uow.read((r) => r.adhesions.due('2026-03-01T08:00:00.000Z', 10))).toEqual([
      { id: 'ad-5', version: 1, kind: 'Y' },
      { id: 'ad-1', version: 1, kind: 'X' },
    ]);
    expect(await uow.read((r) => r.adhesions.due('2026-02-15T00:00:00.000Z', 10))).toEqual([{ id: 'ad-5', version: 1, kind: 'Y' }]);

    await uow.write(async (r) => {
      await r.adhesions.compareAndSwap('ad-3', 1, { anniversaryOn: '2026-04-01' });
      await r.adhesions.compareAndSwap('ad-5', 1, { anniversaryOn: '2026-03-01' });
    });
    const approaching = await uow.read((r) => r.adhesions.approachingAnniversary('2026-01-10', '2026-04-01', '', 10));
    expect(approaching.map((a) => a.id)).toEqual(['ad-3', 'ad-5']);
    expect((await uow.read((r) => r.adhesions.approachingAnniversary('2026-01-10', '2026-04-01', 'ad-3', 1))).map((a) => a.id)).toEqual(['ad-5']);
    expect((await uow.read((r) => r.adhesions.approachingAnniversary('2026-01-10', '2026-03-31', '', 10))).map((a) => a.id)).toEqual(['ad-5']);
    // ad-2 (study) changed on 2026-01-11; nothing else is in a step that waits on the EPCI.
    expect((await uow.read((r) => r.adhesions.possiblyWaitingOnEpci('2026-01-20T00:00:00.000Z', '', 10))).map((a) => a.id)).toEqual(['ad-2']);
    expect(await uow.read((r) => r.adhesions.possiblyWaitingOnEpci('2026-01-11T08:00:00.000Z', '', 10))).toEqual([]);

    await uow.write(async (r) => {
      await r.adhesions.appendAudit({ adhesionId: 'ad-4', sequence: 2, event: 'SUBMIT', payload: { type: 'SUBMIT' }, actorId: null, role: 'secretary', fromState: 'draft', toState: 'submitted', at: AT });
      await r.adhesions.appendAudit({ adhesionId: 'ad-4', sequence: 1, event: 'CREATED', payload: {}, actorId: null, role: 'secretary', fromState: null, toState: 'draft', at: AT });
    });
    expect((await uow.read((r) => r.adhesions.history('ad-4'))).map((row) => `${row.sequence} ${row.event} ${JSON.stringify(row.payload)}`)).toEqual([
      '1 CREATED {}',
      '2 SUBMIT {"type":"SUBMIT"}',
    ]);
    expect((await uow.read((r) => r.adhesions.all())).map((a) => a.id)).toEqual(['ad-1', 'ad-2', 'ad-3', 'ad-4', 'ad-5']);
    expect((await uow.read((r) => r.adhesions.all(['ad-4', 'ad-2', 'nope']))).map((a) => a.id)).toEqual(['ad-2', 'ad-4']);
    expect(await uow.read((r) => r.adhesions.all([]))).toEqual([]);
  });

  it('keeps each EPCI’s catalogue and unit costs apart', async () => {
    await uow.write(async (r) => {
      await r.catalogue.updateService(EPCI_A, p.code, { name: 'Renamed in A', reminderOffsets: [60, 30], keyParameters: { '01001': '0.5' } });
      await r.catalogue.saveUnitCost({ epciSiren: EPCI_A, serviceCode: p.code, year: 2026, unitCostCents: 100, totalCostCents: null, notifiedAt: null, notifiedBy: null });
    });
    expect(await uow.read((r) => r.catalogue.service(EPCI_A, p.code))).toMatchObject({ name: 'Renamed in A', reminderOffsets: [60, 30], keyParameters: { '01001': '0.5' } });
    expect(await uow.read((r) => r.catalogue.service(EPCI_B, p.code))).toMatchObject({ name: p.name, keyParameters: null });
    expect(await uow.read((r) => r.catalogue.service(EPCI_B, 'NOPE'))).toBeNull();
    expect((await uow.read((r) => r.catalogue.allServices())).length).toBe(2 * (await uow.read((r) => r.catalogue.services(EPCI_A))).length);
    // Active with no cost notified for 2026: ad-1 and ad-5 (A, p) and ad-3 (B, p).
    expect(await uow.read((r) => r.adhesions.missingUnitCosts(2026))).toEqual([
      { epciSiren: EPCI_A, serviceName: 'Renamed in A' },
      { epciSiren: EPCI_B, serviceName: p.name },
    ]);
    // Saved again: replaced, not duplicated.
    await uow.write((r) =>
      r.catalogue.saveUnitCost({ epciSiren: EPCI_A, serviceCode: p.code, year: 2026, unitCostCents: 120, totalCostCents: 9_000_000_000, notifiedAt: AT, notifiedBy: 'u-dgs-a' }),
    );
    expect(await uow.read((r) => r.catalogue.unitCosts(EPCI_A, 2026))).toEqual([
      { epciSiren: EPCI_A, serviceCode: p.code, year: 2026, unitCostCents: 120, totalCostCents: 9_000_000_000, notifiedAt: AT, notifiedBy: 'u-dgs-a' },
    ]);
    expect(await uow.read((r) => r.catalogue.unitCost(EPCI_B, p.code, 2026))).toBeNull();
    expect(await uow.read((r) => r.adhesions.missingUnitCosts(2026))).toEqual([{ epciSiren: EPCI_B, serviceName: p.name }]);
  });

  it('stores users, outbox rows, in-app notifications, documents and idempotent answers', async () => {
    const user = {
      id: 'u-1',
      email: 'secretaire@example.fr',
      displayName: 'Secrétaire',
      passwordHash: 'x',
      role: 'secretary' as const,
      communeInsee: '01001',
      epciSiren: EPCI_A,
      pole: null,
      calendarToken: null,
      createdAt: AT,
      sessionVersion: 0,
    };
    await uow.write(async (r) => {
      await r.users.insert(user);
      await r.users.insert({ ...user, id: 'u-2', email: 'dgs@example.fr', role: 'dgs', communeInsee: null });
      await r.users.setCalendarToken('u-1', 'f'.repeat(48));
    });
    await expect(uow.write((r) => r.users.insert({ ...user, id: 'u-3' }))).rejects.toMatchObject({ constraint: 'app_user(email)' });
    expect(await uow.read((r) => r.users.byCalendarToken('f'.repeat(48)))).toEqual({ ...user, calendarToken: 'f'.repeat(48) });
    // byId reads in plain SQL (plain-sql.ts): the same user as byCalendarToken's TypeORM read, and none for an unknown id.
    expect(await uow.read((r) => r.users.byId('u-1'))).toEqual({ ...user, calendarToken: 'f'.repeat(48) });
    expect(await uow.read((r) => r.users.byId('nobody'))).toBeNull();
    expect((await uow.read((r) => r.users.secretariesOf('01001'))).map((u) => u.id)).toEqual(['u-1']);
    expect((await uow.read((r) => r.users.dgsOf(EPCI_A))).map((u) => u.id)).toEqual(['u-2']);
    // A batch's recipients in one read: the communes' secretaries, the EPCIs' DGS and agents, by e-mail.
    expect((await uow.read((r) => r.users.recipientsIn({ communes: ['01001', '01002'], epcis: [EPCI_A] }))).map((u) => u.id)).toEqual(['u-2', 'u-1']);
    expect((await uow.read((r) => r.users.recipientsIn({ communes: ['01001'], epcis: [] }))).map((u) => u.id)).toEqual(['u-1']);
    expect((await uow.read((r) => r.users.recipientsIn({ communes: ['02001'], epcis: [EPCI_B] })))).toEqual([]);
    expect((await uow.read((r) => r.users.recipientsIn({ communes: [], epcis: [] })))).toEqual([]);
    expect(await uow.read((r) => r.users.byEmail('dgs@example.fr'))).toMatchObject({ id: 'u-2' });
    expect(await uow.read((r) => r.users.count())).toBe(2);

    await uow.write((r) =>
      r.outbox.append(
        newOutboxRows(
          [
          { adhesionId: 'ad-1', kind: 'deadline.schedule', payload: { at: AT } },
          { adhesionId: 'ad-1', kind: 'adhesion.changed', payload: {} },
          ],
          AT,
        ),
      ),
    );
    const outbox = await dataSource.query(`SELECT kind, processed_at FROM outbox ORDER BY kind`);
    expect(outbox).toEqual([
      { kind: 'adhesion.changed', processed_at: AT },
      { kind: 'deadline.schedule', processed_at: null },
    ]);
    const pending = await uow.read((r) => r.outbox.pendingDeadlines(10));
    expect(pending).toEqual([
      { id: expect.any(String), adhesionId: 'ad-1', kind: 'deadline.schedule', payload: { at: AT }, attempts: 0, lastError: null, createdAt: AT, processedAt: null },
    ]);
    await uow.write((r) => r.outbox.markProcessed(pending.map((row) => row.id), '2026-01-10T09:00:05.000Z'));
    expect(await uow.read((r) => r.outbox.pendingDeadlines(10))).toEqual([]);

    const notification = { id: 'n-1', ledgerId: 'ledger-1', userId: 'u-1', adhesionId: 'ad-1', kind: 'renewal_reminder', title: 'T', body: 'B', link: null, createdAt: AT, readAt: null };
    await uow.write((r) => r.notifications.deliver([notification, { ...notification, id: 'n-2', createdAt: '2026-01-10T09:00:01.000Z' }]));
    await uow.write((r) => r.notifications.deliver([{ ...notification, id: 'n-3' }])); // the same (ledger, user): nothing more
    const inbox = await uow.read((r) => r.notifications.list('u-1', { unreadOnly: false, page: 1, pageSize: 10 }));
    expect(inbox).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 10 });
    expect(inbox.items).toEqual([notification]);
    expect(await uow.write((r) => r.notifications.markRead('u-2', 'n-1', AT))).toBe(0);
    expect(await uow.write((r) => r.notifications.markRead('u-1', 'n-1', '2026-01-12T00:00:00.000Z'))).toBe(1);
    expect(await uow.write((r) => r.notifications.markRead('u-1', 'all', '2026-01-13T00:00:00.000Z'))).toBe(0);
    expect(await uow.read((r) => r.notifications.get('u-1', 'n-1'))).toMatchObject({ readAt: '2026-01-12T00:00:00.000Z' });
    expect(await uow.read((r) => r.notifications.list('u-1', { unreadOnly: true, page: 1, pageSize: 10 }))).toMatchObject({ items: [], total: 0, unread: 0 });

    const document = { id: 'd-1', adhesionId: 'ad-1', kind: 'convention', sha256: 'a'.repeat(64), actorId: 'u-1', role: 'secretary', at: AT, byteSize: 1234 };
    await uow.write((r) => r.documents.record(document));
    expect(await uow.read((r) => r.documents.trail('ad-1'))).toEqual([document]);

    const answer = { userId: 'u-1', key: 'k-1', requestHash: 'h', statusCode: 201, body: { id: 'ad-1', nested: [1, 2] }, createdAt: AT };
    await uow.write((r) => r.idempotency.remember(answer));
    await expect(uow.write((r) => r.idempotency.remember(answer))).rejects.toMatchObject({ constraint: 'idempotency_key(user_id, key)' });
    expect(await uow.read((r) => r.idempotency.find('u-1', 'k-1'))).toEqual(answer);
    expect(await uow.read((r) => r.idempotency.find('u-1', 'k-2'))).toBeNull();
  });

  (kind === 'sqlite' ? it : it.skip)('on SQLite, queues the entity-level unit of work and this one in one lane', async () => {
    const legacy = new EntityUnitOfWork(dataSource);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const write = uow.write(async (r) => {
      await r.users.setCalendarToken('u-1', null);
      await held;
      order.push('write');
    });
    const read = legacy.read(async () => order.push('legacy read'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    release();
    await Promise.all([write, read]);
    expect(order).toEqual(['write', 'legacy read']);
    await expect(uow.write(() => legacy.read(async () => 1))).rejects.toThrow('inside another unit of work');
  });

  it('answers a ping', async () => {
    expect(await uow.ping()).toBe(true);
  });
});

describe('PersistenceModule', () => {
  it('provides the unit of work and the reference source, and closes the database on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PersistenceModule.forRoot({ type: 'sqlite', path: ':memory:' })] }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const uow = app.get(UnitOfWork);
    expect(uow).toBeInstanceOf(TypeOrmUnitOfWork);
    expect(await uow.ping()).toBe(true);
    expect(await uow.read((r) => r.users.count())).toBe(0);
    expect(app.get(ReferenceSource)).toBeInstanceOf(EtalabReferenceSource);
    expect(app.get(EntityUnitOfWork).dataSource).toBe(app.get(DataSource));
    const dataSource = app.get(DataSource);
    await app.close();
    expect(dataSource.isInitialized).toBe(false);
    expect(await uow.ping()).toBe(false);
  });
});
