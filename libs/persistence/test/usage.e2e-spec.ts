// The units used per adhesion and period (UsageRepository), on the three stores a use case may run on: the
// fast tier's memory, SQLite and PostgreSQL (a scratch database per run), with the same answers: the round trip
// of a record (its ADS act counts as JSON, its contest as three columns), the orders and filters of the
// queries, the compare-and-swap, the unique period failing the whole write, the trail oldest first. And the
// two settings of the money cycle the catalogue keeps: a service's settlement, who notified a year's cost.
import { DataSource } from 'typeorm';
import { StaleVersion } from '#workflow';
import { aUsageAuditRow, aUsageRecord } from '../../application/test/in-memory/fixtures.js';
import { type Adhesion, UniqueViolation, UnitOfWork, type UsageAuditRow, type UsageRecord } from '../../application/src/ports/index.js';
import { openTwoEpciStore, STORE_KINDS, type TwoEpciStore } from './support/stores.js';
import { adhesion, AT, EPCI_A, EPCI_B } from './support/two-epcis.js';

const KINDS = STORE_KINDS;

/** The adhesions the records belong to: two communes of A to ADS, one of them to PAIE too, one commune of B to ADS. */
const ADHESIONS = {
  a1Ads: { id: 'ad-a1-ads', communeInsee: '01001', epciSiren: EPCI_A, serviceCode: 'ADS' },
  a2Ads: { id: 'ad-a2-ads', communeInsee: '01002', epciSiren: EPCI_A, serviceCode: 'ADS' },
  a1Paie: { id: 'ad-a1-paie', communeInsee: '01001', epciSiren: EPCI_A, serviceCode: 'PAIE' },
  b1Ads: { id: 'ad-b1-ads', communeInsee: '02001', epciSiren: EPCI_B, serviceCode: 'ADS' },
} as const;
type AdhesionKey = keyof typeof ADHESIONS;

/** An active adhesion of those, started in 2025. */
const activeAdhesion = ({ id, communeInsee, epciSiren, serviceCode }: (typeof ADHESIONS)[AdhesionKey]): Adhesion =>
  adhesion(id, communeInsee, epciSiren, serviceCode, 'active', { startDate: '2025-01-01', anniversaryOn: '2027-01-01', contractYear: 1 });

/** A record of one period of `of`'s adhesion: its EPCI, commune and service copied from it, as the use cases do. */
function usage(of: AdhesionKey, year: number, period: number, extra: Partial<UsageRecord> = {}): UsageRecord {
  const { id: adhesionId, communeInsee, epciSiren, serviceCode } = ADHESIONS[of];
  const ads = serviceCode === 'ADS';
  return aUsageRecord({
    adhesionId,
    epciSiren,
    communeInsee,
    serviceCode,
    year,
    period,
    actCounts: ads ? { PC: 3, DP: 4 } : null,
    units: ads ? '5.8' : '12',
    recordedBy: 'u-agent-a',
    recordedAt: AT,
    ...extra,
  });
}

/** The trail row of `record`'s recording, at `at`. */
const auditOf = (record: UsageRecord, at: string, extra: Partial<UsageAuditRow> = {}): UsageAuditRow => aUsageAuditRow(record, { at, ...extra });

const where = (records: UsageRecord[]) => records.map((r) => `${r.serviceCode}/${r.communeInsee}/${r.year}/${r.period}`);

describe.each(KINDS)('UsageRepository, on %s', (kind) => {
  let uow: UnitOfWork;
  let dataSource: DataSource | undefined;
  let store: TwoEpciStore | undefined;

  beforeAll(async () => {
    store = await openTwoEpciStore(kind);
    ({ uow, dataSource } = store);
    await uow.write(async (r) => {
      for (const a of Object.values(ADHESIONS)) await r.adhesions.insert(activeAdhesion(a));
    });
  });

  afterAll(async () => {
    await store?.close();
  });

  const get = (record: Pick<UsageRecord, 'adhesionId' | 'year' | 'period'>) => uow.read((r) => r.usage.get(record.adhesionId, record.year, record.period));
  const insert = (...records: UsageRecord[]) =>
    uow.write(async (r) => {
      for (const record of records) await r.usage.insert(record);
    });

  it('gives a record back as it was stored: the act counts, the units, the contest or none', async () => {
    const counted = usage('a1Ads', 2030, 1, { actCounts: { PC: 3, DP: 4, CUa: 0 }, units: '5.8' });
    const contested = usage('a1Paie', 2030, 1, {
      actCounts: null,
      units: '12.5',
      version: 3,
      contest: { comment: 'Nous comptons 11 bulletins, pas 12,5.', by: 'u-secretary-01001', at: '2030-04-03T08:15:00.000Z' },
    });
    await insert(counted, contested);

    expect(await get(counted)).toStrictEqual(counted);
    expect(await get(contested)).toStrictEqual(contested);
    expect(await get({ ...counted, period: 2 })).toBeNull();
    expect(await get({ ...counted, year: 2029 })).toBeNull();
    expect(await get({ ...counted, adhesionId: 'ad-nope' })).toBeNull();
  });

  it('hands out copies: changing a record after insert, or one it returned, changes nothing stored', async () => {
    const record = usage('a2Ads', 2030, 1);
    await insert(record);
    record.actCounts!['PC'] = 99;
    const read = (await get(record))!;
    read.actCounts!['PC'] = 42;

    expect((await get(record))!.actCounts).toEqual({ PC: 3, DP: 4 });
  });

  it("lists an adhesion's records by year then period, of one year when asked", async () => {
    await insert(usage('b1Ads', 2041, 2), usage('b1Ads', 2040, 4), usage('b1Ads', 2041, 1), usage('b1Ads', 2040, 1));

    const all = await uow.read((r) => r.usage.ofAdhesion(ADHESIONS.b1Ads.id));
    expect(all.map((u) => [u.year, u.period])).toEqual([
      [2040, 1],
      [2040, 4],
      [2041, 1],
      [2041, 2],
    ]);
    expect((await uow.read((r) => r.usage.ofAdhesion(ADHESIONS.b1Ads.id, 2041))).map((u) => [u.year, u.period])).toEqual([
      [2041, 1],
      [2041, 2],
    ]);
    expect(await uow.read((r) => r.usage.ofAdhesion(ADHESIONS.b1Ads.id, 2039))).toEqual([]);
    expect(await uow.read((r) => r.usage.ofAdhesion('ad-nope'))).toEqual([]);
  });

  it("lists an EPCI's year by service, commune and period, of one service or commune when asked", async () => {
    await insert(
      usage('a1Paie', 2026, 1),
      usage('a2Ads', 2026, 1),
      usage('a1Ads', 2026, 2),
      usage('b1Ads', 2026, 1),
      usage('a1Ads', 2026, 1),
      usage('a1Ads', 2025, 4),
    );
    const ofYear = (epci: string, filter?: { serviceCode?: string; communeInsee?: string }) => uow.read((r) => r.usage.ofEpciYear(epci, 2026, filter));

    expect(where(await ofYear(EPCI_A))).toEqual(['ADS/01001/2026/1', 'ADS/01001/2026/2', 'ADS/01002/2026/1', 'PAIE/01001/2026/1']);
    expect(where(await ofYear(EPCI_A, {}))).toEqual(where(await ofYear(EPCI_A)));
    expect(where(await ofYear(EPCI_A, { serviceCode: 'ADS' }))).toEqual(['ADS/01001/2026/1', 'ADS/01001/2026/2', 'ADS/01002/2026/1']);
    expect(where(await ofYear(EPCI_A, { communeInsee: '01001' }))).toEqual(['ADS/01001/2026/1', 'ADS/01001/2026/2', 'PAIE/01001/2026/1']);
    expect(where(await ofYear(EPCI_A, { serviceCode: 'ADS', communeInsee: '01002' }))).toEqual(['ADS/01002/2026/1']);
    expect(await ofYear(EPCI_A, { serviceCode: 'NOPE' })).toEqual([]);
    // Another EPCI's year: its own records only, the same code notwithstanding.
    expect(where(await ofYear(EPCI_B))).toEqual(['ADS/02001/2026/1']);
    expect(where(await ofYear(EPCI_B, { communeInsee: '01001' }))).toEqual([]);
    expect(await uow.read((r) => r.usage.ofEpciYear(EPCI_A, 2024))).toEqual([]);
  });

  it('replaces a record and bumps its version when nobody wrote in between', async () => {
    const recorded = usage('a1Ads', 2031, 1);
    await insert(recorded);

    const corrected: UsageRecord = { ...recorded, actCounts: { PC: 5, DP: 4 }, units: '7.8', recordedBy: 'u-dgs-a', recordedAt: '2031-04-02T10:00:00.000Z' };
    await uow.write((r) => r.usage.compareAndSwap(corrected, 1));
    expect(await get(recorded)).toStrictEqual({ ...corrected, version: 2 });

    const contest = { comment: 'Deux PC ont été retirés.', by: 'u-secretary-01001', at: '2031-04-05T10:00:00.000Z' };
    await uow.write((r) => r.usage.compareAndSwap({ ...corrected, version: 2, contest }, 2));
    expect(await get(recorded)).toStrictEqual({ ...corrected, version: 3, contest });

    // Corrected again after the contest: the contest goes, all three of its columns.
    await uow.write((r) => r.usage.compareAndSwap({ ...corrected, units: '5.8', actCounts: null, contest: null }, 3));
    expect(await get(recorded)).toStrictEqual({ ...corrected, units: '5.8', actCounts: null, contest: null, version: 4 });
  });

  it('throws StaleVersion on a version mismatch or an unknown record, and keeps nothing of the write', async () => {
    const recorded = usage('a2Ads', 2031, 1);
    await insert(recorded);
    await uow.write((r) => r.usage.compareAndSwap({ ...recorded, units: '6' }, 1));

    const late = uow.write(async (r) => {
      await r.usage.appendAudit(auditOf(recorded, '2031-05-01T00:00:00.000Z', { action: 'corrected', units: '9' }));
      await r.usage.compareAndSwap({ ...recorded, units: '9' }, 1);
    });

    await expect(late).rejects.toBeInstanceOf(StaleVersion);
    await expect(late).rejects.toMatchObject({ code: 'stale_version', details: { expectedVersion: 1 } });
    expect(await get(recorded)).toMatchObject({ units: '6', version: 2 });
    expect(await uow.read((r) => r.usage.audit(recorded.adhesionId))).toEqual([]);
    await expect(uow.write((r) => r.usage.compareAndSwap(usage('a2Ads', 2031, 2), 1))).rejects.toBeInstanceOf(StaleVersion);
    expect(await get({ ...recorded, period: 2 })).toBeNull();
  });

  it('records a period of an adhesion once: a second one fails the whole write, even when its work caught it', async () => {
    const first = usage('b1Ads', 2032, 1);
    await insert(first);
    const twin = usage('b1Ads', 2032, 1, { units: '1' });
    const period = new UniqueViolation('usage_record(adhesion_id, year, period)');

    await expect(insert(twin)).rejects.toEqual(period);
    await expect(insert(twin)).rejects.toBeInstanceOf(UniqueViolation);

    const other = usage('b1Ads', 2032, 2);
    const swallowed = uow.write(async (r) => {
      await r.usage.insert(other);
      await r.usage.insert(twin).catch(() => undefined);
      return 'swallowed';
    });
    await expect(swallowed).rejects.toEqual(period);
    expect(await get(other)).toBeNull();
    expect(await get(first)).toStrictEqual(first);

    // The same id again, even for another period: the primary key.
    await expect(insert({ ...first, period: 3 })).rejects.toEqual(new UniqueViolation('usage_record(id)'));
    // The same period of another year, or of another adhesion: no collision.
    await insert(usage('b1Ads', 2033, 1), usage('a1Ads', 2032, 1));
    // A compare-and-swap may not move a record onto a period already recorded.
    const second = usage('b1Ads', 2032, 4);
    await insert(second);
    await expect(uow.write((r) => r.usage.compareAndSwap({ ...second, period: 1 }, 1))).rejects.toEqual(period);
    expect(await get(second)).toStrictEqual(second);
  });

  it("gives an adhesion's trail oldest first, as each change left the record", async () => {
    const record = usage('a1Paie', 2033, 2, { actCounts: null, units: '12' });
    await insert(record);
    const recorded = auditOf(record, '2033-07-01T08:00:00.000Z');
    const contested = auditOf(record, '2033-07-03T08:00:00.000Z', { action: 'contested', comment: 'Onze bulletins.', actorId: 'u-secretary-01001', role: 'secretary' });
    const corrected = auditOf(record, '2033-07-02T08:00:00.000Z', { action: 'corrected', units: '11', actCounts: { PC: 1 }, actorId: 'u-dgs-a', role: 'dgs' });
    const elsewhere = auditOf(usage('a2Ads', 2033, 1), '2033-07-01T09:00:00.000Z');
    await insert(usage('a2Ads', 2033, 1, { id: elsewhere.usageId }));
    // Appended out of order, in two writes: the trail is ordered by its instants.
    await uow.write(async (r) => {
      await r.usage.appendAudit(contested);
      await r.usage.appendAudit(elsewhere);
    });
    await uow.write(async (r) => {
      await r.usage.appendAudit(recorded);
      await r.usage.appendAudit(corrected);
    });

    expect(await uow.read((r) => r.usage.audit(record.adhesionId))).toStrictEqual([recorded, corrected, contested]);
    expect(await uow.read((r) => r.usage.audit(elsewhere.adhesionId))).toStrictEqual([elsewhere]);
    expect(await uow.read((r) => r.usage.audit('ad-nope'))).toEqual([]);
    // Append-only: a row of the trail is written once.
    await expect(uow.write((r) => r.usage.appendAudit(recorded))).rejects.toEqual(new UniqueViolation('usage_audit(id)'));
  });

  it("keeps a service's settlement and who notified a year's cost, per EPCI", async () => {
    const services = await uow.read((r) => r.catalogue.services(EPCI_A));
    expect(new Set(services.map((s) => s.settlement))).toEqual(new Set(['revenue_title']));

    await uow.write((r) => r.catalogue.updateService(EPCI_A, 'ADS', { settlement: 'compensation' }));
    expect(await uow.read((r) => r.catalogue.service(EPCI_A, 'ADS'))).toMatchObject({ legalBasis: 'service_commun', settlement: 'compensation' });
    expect(await uow.read((r) => r.catalogue.service(EPCI_B, 'ADS'))).toMatchObject({ settlement: 'revenue_title' });
    expect((await uow.read((r) => r.catalogue.allServices())).filter((s) => s.settlement === 'compensation').map((s) => `${s.epciSiren}/${s.code}`)).toEqual([`${EPCI_A}/ADS`]);

    const cost = { epciSiren: EPCI_A, serviceCode: 'ADS', year: 2034, unitCostCents: 18_000, totalCostCents: null, notifiedAt: null, notifiedBy: null };
    await uow.write((r) => r.catalogue.saveUnitCost(cost));
    expect(await uow.read((r) => r.catalogue.unitCost(EPCI_A, 'ADS', 2034))).toStrictEqual(cost);
    const notified = { ...cost, notifiedAt: '2034-03-01T09:00:00.000Z', notifiedBy: 'u-dgs-a' };
    await uow.write((r) => r.catalogue.saveUnitCost(notified));
    expect(await uow.read((r) => r.catalogue.unitCosts(EPCI_A, 2034))).toStrictEqual([notified]);
  });

  if (kind !== 'memory') {
    it('refuses a record of no adhesion, a trail row of no record, and a settlement the schema does not know', async () => {
      const orphan = { ...usage('a1Ads', 2035, 1), adhesionId: 'ad-nope' };
      const refused = insert(orphan);
      await expect(refused).rejects.toThrow(/foreign key|FOREIGN KEY/);
      await expect(refused).rejects.not.toBeInstanceOf(UniqueViolation);
      await expect(uow.write((r) => r.usage.appendAudit(auditOf(usage('a1Ads', 2035, 1), AT)))).rejects.toThrow(/foreign key|FOREIGN KEY/);
      await expect(uow.write((r) => r.catalogue.updateService(EPCI_B, 'ADS', { settlement: 'cash' as never }))).rejects.toThrow(/service_settlement_check|CHECK constraint/);
      expect(await uow.read((r) => r.catalogue.service(EPCI_B, 'ADS'))).toMatchObject({ settlement: 'revenue_title' });
    });
  }

  if (kind === 'postgres') {
    it('matches the entities: TypeORM would change nothing of these tables but the foreign keys the migrations own', async () => {
      const sync = await dataSource!.driver.createSchemaBuilder().log();
      const touching = sync.upQueries.map((u) => u.query).filter((sql) => /"(usage_record|usage_audit|service|unit_cost)"|usage_/.test(sql));
      expect(touching.every((sql) => /^ALTER TABLE "\w+" DROP CONSTRAINT "\w+_fkey"$/.test(sql))).toBe(true);
      expect(touching.filter((sql) => /usage_/.test(sql)).sort()).toEqual(
        [
          'ALTER TABLE "usage_audit" DROP CONSTRAINT "usage_audit_adhesion_id_fkey"',
          'ALTER TABLE "usage_audit" DROP CONSTRAINT "usage_audit_usage_id_fkey"',
          'ALTER TABLE "usage_record" DROP CONSTRAINT "usage_record_adhesion_id_fkey"',
        ].sort(),
      );
    });
  }
});
