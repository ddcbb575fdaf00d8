// The in-memory ports behave as the database does where a use case can tell: transactions, unique
// constraints, optimistic locking, scope, and the exclusive claim of a notification.
import { StaleVersion } from '#workflow';
import { type Actor } from '../../src/common/actor.js';
import { Scope } from '../../src/common/scope.js';
import { UniqueViolation, type AdhesionListQuery, type Service } from '../../src/ports/index.js';
import {
  aCommune,
  aLedgerRow,
  anAdhesion,
  aNotification,
  aService,
  aUser,
  FIXTURE_INSTANT,
  twoEpcis,
  type TwoEpcis,
} from './fixtures.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
import { newOutboxRows } from '../../src/ports/outbox.js';

const everyRow: AdhesionListQuery = { page: 1, pageSize: 50, sort: 'nextDeadline' };

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves after the pending promise callbacks and I/O callbacks have run. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('InMemoryUnitOfWork', () => {
  let world: TwoEpcis;
  let uow: InMemoryUnitOfWork;

  beforeEach(async () => {
    world = await twoEpcis();
    uow = world.uow;
  });

  describe('transactions', () => {
    it('keeps nothing of a write whose work fails', async () => {
      const adhesion = anAdhesion();
      const failure = new Error('the mailer is down');

      const write = uow.write(async (repos) => {
        await repos.adhesions.insert(adhesion);
        await repos.adhesions.appendAudit({
          adhesionId: adhesion.id,
          sequence: 1,
          event: 'CREATED',
          payload: {},
          actorId: world.users.secretaryA1.id,
          role: 'secretary',
          fromState: null,
          toState: 'draft',
          at: FIXTURE_INSTANT,
        });
        await repos.outbox.append(newOutboxRows([{ adhesionId: adhesion.id, kind: 'adhesion.created', payload: {} }], FIXTURE_INSTANT));
        await repos.users.setCalendarToken(world.users.secretaryA1.id, 'a'.repeat(48));
        throw failure;
      });

      await expect(write).rejects.toBe(failure);
      expect(await uow.read((repos) => repos.adhesions.get(adhesion.id))).toBeNull();
      expect(await uow.read((repos) => repos.adhesions.history(adhesion.id))).toEqual([]);
      expect(await uow.read((repos) => repos.users.byId(world.users.secretaryA1.id))).toMatchObject({ calendarToken: null });
      expect(uow.tables().outbox.size).toBe(0);
    });

    it('commits all of a write that resolves, and answers with its result', async () => {
      const adhesion = anAdhesion();

      const result = await uow.write(async (repos) => {
        await repos.adhesions.insert(adhesion);
        await repos.outbox.append(
          newOutboxRows(
            [
            { adhesionId: adhesion.id, kind: 'adhesion.created', payload: {} },
            { adhesionId: adhesion.id, kind: 'deadline.schedule', payload: {} },
            ],
            FIXTURE_INSTANT,
          ),
        );
        // Inside the write, its own changes are visible.
        return (await repos.adhesions.get(adhesion.id))?.service.epciSiren;
      });

      expect(result).toBe(world.epcis.a.siren);
      expect(await uow.read((repos) => repos.adhesions.get(adhesion.id))).toMatchObject({
        adhesion: { id: adhesion.id },
        commune: { name: 'Angers' },
        service: { epciSiren: world.epcis.a.siren, code: 'ADS' },
      });
      // Only deadline rows wait for the relay; the others are born processed.
      const outbox = [...uow.tables().outbox.values()].map((row) => [row.kind, row.processedAt]);
      expect(outbox).toEqual([
        ['adhesion.created', FIXTURE_INSTANT],
        ['deadline.schedule', null],
      ]);
    });

    it('hands the relay the unprocessed deadline rows, oldest first, until they are marked processed', async () => {
      const adhesion = anAdhesion();
      await uow.seed({ adhesions: [adhesion] });
      const schedule = (at: string) => uow.write((repos) => repos.outbox.append(newOutboxRows([{ adhesionId: adhesion.id, kind: 'deadline.schedule', payload: { at } }], at)));
      await schedule('2026-01-06T09:00:00.000Z');
      await schedule('2026-01-05T09:00:00.000Z');
      await uow.write((repos) => repos.outbox.append(newOutboxRows([{ adhesionId: adhesion.id, kind: 'adhesion.changed', payload: {} }], FIXTURE_INSTANT)));

      const pending = await uow.read((repos) => repos.outbox.pendingDeadlines(10));
      expect(pending.map((row) => row.createdAt)).toEqual(['2026-01-05T09:00:00.000Z', '2026-01-06T09:00:00.000Z']);
      await uow.write((repos) => repos.outbox.markProcessed([pending[0].id], '2026-01-07T00:00:00.000Z'));
      expect((await uow.read((repos) => repos.outbox.pendingDeadlines(10))).map((row) => row.id)).toEqual([pending[1].id]);
      expect(await uow.read((repos) => repos.outbox.pendingDeadlines(0))).toEqual([]);
    });

    it('runs concurrent writes one after the other, never interleaved', async () => {
      const adhesion = anAdhesion();
      await uow.seed({ adhesions: [adhesion] });
      // Each write reads the version, yields, then swaps: interleaved, the second would be stale.
      const bump = () =>
        uow.write(async (repos) => {
          const { version } = (await repos.adhesions.get(adhesion.id))!.adhesion;
          await tick();
          await repos.adhesions.compareAndSwap(adhesion.id, version, { forecastUnits: String(version) });
        });

      await Promise.all([bump(), bump(), bump()]);

      expect((await uow.read((repos) => repos.adhesions.get(adhesion.id)))!.adhesion).toMatchObject({ version: 4, forecastUnits: '3' });
    });

    it('lets a read see committed data only, while a write is under way', async () => {
      const adhesion = anAdhesion();
      const inserted = deferred();
      const release = deferred();
      const write = uow.write(async (repos) => {
        await repos.adhesions.insert(adhesion);
        inserted.resolve();
        await release.promise;
      });
      await inserted.promise;

      expect(await uow.read((repos) => repos.adhesions.all())).toEqual([]);
      release.resolve();
      await write;
      expect(await uow.read((repos) => repos.adhesions.all())).toEqual([adhesion]);
    });

    it('hands out copies: changing an inserted or a returned row changes nothing stored', async () => {
      const adhesion = anAdhesion();
      await uow.write((repos) => repos.adhesions.insert(adhesion));
      adhesion.forecastUnits = '999';
      const read = (await uow.read((repos) => repos.adhesions.get(adhesion.id)))!;
      read.adhesion.options.push('PC');
      read.service.reminderOffsets.length = 0;

      const again = (await uow.read((repos) => repos.adhesions.get(adhesion.id)))!;
      expect(again.adhesion).toMatchObject({ forecastUnits: '10', options: [] });
      expect(again.service.reminderOffsets).toEqual([90, 60, 30, 15, 7, 1]);
    });

    it('stores JSON columns as JSON, as both databases do', async () => {
      const adhesion = anAdhesion();
      await uow.seed({ adhesions: [adhesion] });
      await uow.write((repos) =>
        repos.adhesions.appendAudit({
          adhesionId: adhesion.id,
          sequence: 1,
          event: 'CREATED',
          payload: { at: new Date(FIXTURE_INSTANT), missing: undefined },
          actorId: null,
          role: 'system',
          fromState: null,
          toState: 'draft',
          at: FIXTURE_INSTANT,
        }),
      );

      const [row] = await uow.read((repos) => repos.adhesions.history(adhesion.id));
      expect(row.payload).toStrictEqual({ at: FIXTURE_INSTANT });
    });

    it('refuses a write inside read(), and any use from inside another unit of work', async () => {
      await expect(uow.read((repos) => repos.adhesions.insert(anAdhesion()))).rejects.toThrow(/inside read\(\)/);
      await expect(uow.write(() => uow.read(async () => 1))).rejects.toThrow(/inside another unit of work/);
      await expect(uow.write(() => uow.write(async () => 1))).rejects.toThrow(/inside another unit of work/);
      // The queue is not stuck behind the refused writes.
      expect(await uow.write(async () => 'still writing')).toBe('still writing');
    });

    it('refuses a repository kept past the end of its unit of work', async () => {
      const kept = await uow.read(async (repos) => repos.adhesions);

      await expect(kept.all()).rejects.toThrow(/after its unit of work ended/);
    });

    it('is always reachable', async () => {
      expect(await uow.ping()).toBe(true);
    });
  });

  describe('unique constraints', () => {
    it('allows one live adhesion per commune and service, and any number of final ones', async () => {
      const live = anAdhesion();
      await uow.write((repos) => repos.adhesions.insert(live));

      await expect(uow.write((repos) => repos.adhesions.insert(anAdhesion()))).rejects.toEqual(new UniqueViolation('adhesion(live_key)'));
      await uow.write(async (repos) => {
        await repos.adhesions.insert(anAdhesion({ state: 'withdrawn' }));
        await repos.adhesions.insert(anAdhesion({ state: 'ended' }));
      });
      expect(await uow.read((repos) => repos.adhesions.all())).toHaveLength(3);
    });

    it('fails the whole write, even when its work caught the violation', async () => {
      await uow.write((repos) => repos.adhesions.insert(anAdhesion()));
      const other = anAdhesion({ communeInsee: world.communes.a2.insee });

      const write = uow.write(async (repos) => {
        await repos.adhesions.insert(other);
        await repos.adhesions.insert(anAdhesion()).catch(() => undefined);
        return 'swallowed';
      });

      await expect(write).rejects.toBeInstanceOf(UniqueViolation);
      expect(await uow.read((repos) => repos.adhesions.get(other.id))).toBeNull();
    });

    it('refuses a compare-and-swap that would make a second live adhesion of a pair', async () => {
      const ended = anAdhesion({ state: 'ended' });
      await uow.seed({ adhesions: [anAdhesion(), ended] });

      await expect(uow.write((repos) => repos.adhesions.compareAndSwap(ended.id, 1, { liveKey: `${ended.communeInsee}:ADS` }))).rejects.toBeInstanceOf(
        UniqueViolation,
      );
    });

    it('numbers the audit trail of an adhesion once per sequence', async () => {
      const adhesion = anAdhesion();
      await uow.seed({ adhesions: [adhesion] });
      const audit = {
        adhesionId: adhesion.id,
        sequence: 1,
        event: 'CREATED',
        payload: {},
        actorId: null,
        role: 'system',
        fromState: null,
        toState: 'draft',
        at: FIXTURE_INSTANT,
      };
      await uow.write((repos) => repos.adhesions.appendAudit(audit));

      await expect(uow.write((repos) => repos.adhesions.appendAudit(audit))).rejects.toEqual(new UniqueViolation('audit_event(adhesion_id, sequence)'));
      await uow.write((repos) => repos.adhesions.appendAudit({ ...audit, sequence: 2 }));
      expect((await uow.read((repos) => repos.adhesions.history(adhesion.id))).map((row) => row.sequence)).toEqual([1, 2]);
    });

    it('decides a reminder once per adhesion, cycle, kind and offset; rows of no adhesion never collide on it', async () => {
      const [first, second] = [anAdhesion(), anAdhesion({ communeInsee: world.communes.a2.insee })];
      await uow.seed({ adhesions: [first, second] });
      await uow.write((repos) => repos.ledger.decide([aLedgerRow({ adhesionId: first.id })]));

      await expect(uow.write((repos) => repos.ledger.decide([aLedgerRow({ adhesionId: first.id })]))).rejects.toEqual(
        new UniqueViolation('notification_ledger(adhesion_id, cycle, kind, offset_days)'),
      );
      // Another adhesion, or another offset: distinct. An adhesion id that is NULL never collides (NULLs are distinct).
      await uow.write((repos) =>
        repos.ledger.decide([aLedgerRow({ adhesionId: second.id }), aLedgerRow({ adhesionId: first.id, offsetDays: 15 }), aLedgerRow(), aLedgerRow()]),
      );
      expect(uow.tables().ledger.size).toBe(5);
      // The sweep reads what a batch of adhesions was told in one call: the rows of those adhesions only.
      const told = await uow.read((repos) => repos.ledger.decidedForAdhesions([first.id]));
      expect(told.map((k) => [k.adhesionId, k.offsetDays]).sort()).toEqual([
        [first.id, 15],
        [first.id, aLedgerRow().offsetDays],
      ].sort());
    });

    it("decides an EPCI's notice once per cycle, kind and offset", async () => {
      const notice = { adhesionId: null, recipient: 'epci' as const, kind: 'unit_cost_deadline', cycle: 2026, offsetDays: 7 };
      await uow.write((repos) => repos.ledger.decide([aLedgerRow({ ...notice, epciSiren: world.epcis.a.siren })]));

      await expect(uow.write((repos) => repos.ledger.decide([aLedgerRow({ ...notice, epciSiren: world.epcis.a.siren })]))).rejects.toEqual(
        new UniqueViolation('notification_ledger(epci_siren, cycle, kind, offset_days)'),
      );
      await uow.write((repos) => repos.ledger.decide([aLedgerRow({ ...notice, epciSiren: world.epcis.b.siren })]));
      expect(
        await uow.read((repos) => repos.ledger.decidedFor({ epciSiren: world.epcis.a.siren, kind: 'unit_cost_deadline' }, 2026)),
      ).toEqual([{ kind: 'unit_cost_deadline', offsetDays: 7 }]);
    });

    it('keeps one answer per user and Idempotency-Key', async () => {
      const record = { userId: world.users.secretaryA1.id, key: 'sign-1', requestHash: 'h', statusCode: 200, body: { ok: true }, createdAt: FIXTURE_INSTANT };
      await uow.write((repos) => repos.idempotency.remember(record));

      await expect(uow.write((repos) => repos.idempotency.remember({ ...record, requestHash: 'other' }))).rejects.toEqual(
        new UniqueViolation('idempotency_key(user_id, key)'),
      );
      await uow.write((repos) => repos.idempotency.remember({ ...record, userId: world.users.secretaryA2.id }));
      expect(await uow.read((repos) => repos.idempotency.find(record.userId, 'sign-1'))).toEqual(record);
    });

    it('delivers one in-app notification per ledger row and user, a repeated delivery adding nothing', async () => {
      const row = aLedgerRow();
      const user = world.users.secretaryA1;
      await uow.seed({ ledger: [row] });

      await uow.write((repos) => repos.notifications.deliver([aNotification({ ledgerId: row.id, userId: user.id })]));
      await uow.write((repos) =>
        repos.notifications.deliver([aNotification({ ledgerId: row.id, userId: user.id }), aNotification({ ledgerId: row.id, userId: world.users.dgsA.id })]),
      );

      const inbox = await uow.read((repos) => repos.notifications.list(user.id, { unreadOnly: false, page: 1, pageSize: 10 }));
      expect(inbox).toMatchObject({ total: 1, unread: 1 });
      expect(uow.tables().notifications.size).toBe(2);
    });

    it('gives each e-mail to one user', async () => {
      const taken = aUser({ email: world.users.dgsA.email, role: 'dgs' });

      await expect(uow.write((repos) => repos.users.insert(taken))).rejects.toEqual(new UniqueViolation('app_user(email)'));
      expect(await uow.read((repos) => repos.users.count())).toBe(8);
    });
  });

  describe('compare-and-swap', () => {
    it('writes the changes and bumps the version when nobody wrote in between', async () => {
      const adhesion = anAdhesion({ nextDeadlineKind: 'PROPOSAL_EXPIRED' });
      await uow.seed({ adhesions: [adhesion] });

      // The version is the store's to bump; a property left undefined is not written.
      await uow.write((repos) => repos.adhesions.compareAndSwap(adhesion.id, 1, { state: 'submitted', version: 42, nextDeadlineKind: undefined }));

      expect((await uow.read((repos) => repos.adhesions.get(adhesion.id)))!.adhesion).toMatchObject({
        state: 'submitted',
        version: 2,
        nextDeadlineKind: 'PROPOSAL_EXPIRED',
      });
    });

    it('throws StaleVersion on a version mismatch, and changes nothing', async () => {
      const adhesion = anAdhesion({ version: 3 });
      await uow.seed({ adhesions: [adhesion] });

      const stale = uow.write((repos) => repos.adhesions.compareAndSwap(adhesion.id, 2, { state: 'submitted' }));

      await expect(stale).rejects.toBeInstanceOf(StaleVersion);
      expect((await uow.read((repos) => repos.adhesions.get(adhesion.id)))!.adhesion).toMatchObject({ state: 'draft', version: 3 });
      await expect(uow.write((repos) => repos.adhesions.compareAndSwap('no-such-adhesion', 1, {}))).rejects.toBeInstanceOf(StaleVersion);
    });
  });

  describe('scope', () => {
    // A: Angers (ADS, PAIE), Avrillé (ADS); B: Nantes (ADS), Rezé (ADS). PAIE is of another pole than the agent's.
    let ids: Record<'a1Ads' | 'a1Paie' | 'a2Ads' | 'b1Ads' | 'b2Ads', string>;

    beforeEach(async () => {
      const paie: Service = aService({ code: 'PAIE', name: 'Paie', pole: 'ressources-humaines', actWeights: null, options: [] });
      const rows = {
        a1Ads: anAdhesion({ state: 'active' }),
        a1Paie: anAdhesion({ serviceCode: 'PAIE' }),
        a2Ads: anAdhesion({ communeInsee: world.communes.a2.insee, state: 'active' }),
        b1Ads: anAdhesion({ communeInsee: world.communes.b1.insee, epciSiren: world.epcis.b.siren, state: 'active' }),
        b2Ads: anAdhesion({ communeInsee: world.communes.b2.insee, epciSiren: world.epcis.b.siren }),
      };
      await uow.seed({ services: [paie], adhesions: Object.values(rows) });
      ids = Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row.id])) as typeof ids;
    });

    const listed = (actor: Actor) => uow.read((repos) => repos.adhesions.list(Scope.of(actor), everyRow)).then((page) => page.items.map((row) => row.adhesion.id).sort());

    it('shows a secretary her commune only', async () => {
      expect(await listed(world.actors.secretaryA1)).toEqual([ids.a1Ads, ids.a1Paie].sort());
      expect(await listed(world.actors.secretaryB2)).toEqual([ids.b2Ads]);
    });

    it('shows an agent the services of its pole, in its EPCI', async () => {
      expect(await listed(world.actors.agentA)).toEqual([ids.a1Ads, ids.a2Ads].sort());
    });

    it('shows a DGS its EPCI', async () => {
      expect(await listed(world.actors.dgsA)).toEqual([ids.a1Ads, ids.a1Paie, ids.a2Ads].sort());
      expect(await listed(world.actors.dgsB)).toEqual([ids.b1Ads, ids.b2Ads].sort());
    });

    it('shows the admin everything', async () => {
      expect(await listed(world.actors.admin)).toEqual(Object.values(ids).sort());
    });

    it('applies the same scope to the inbox, the counts and the communes', async () => {
      const dgsA = Scope.of(world.actors.dgsA);
      const [live, covered, counts, communes] = await uow.read((repos) =>
        Promise.all([
          repos.adhesions.live(Scope.of(world.actors.agentA)),
          repos.adhesions.countCommunesCovered(dgsA, '2099-01-01'),
          repos.adhesions.countByServiceAndState(dgsA),
          repos.communes.communes(Scope.of(world.actors.secretaryA2), { page: 1, pageSize: 10 }),
        ]),
      );

      expect(live.map((row) => [row.communeName, row.serviceName, row.servicePole])).toEqual([
        ['Angers', world.services.adsA.name, 'urbanisme'],
        ['Avrillé', world.services.adsA.name, 'urbanisme'],
      ]);
      expect(covered).toBe(2);
      expect(counts.map((c) => [c.serviceCode, c.state, c.count])).toEqual([
        ['ADS', 'active', 2],
        ['PAIE', 'draft', 1],
      ]);
      expect(communes.items.map((c) => c.name)).toEqual(['Avrillé']);
      expect(await uow.read((repos) => repos.communes.countCommunes(Scope.of(world.actors.dgsB)))).toBe(2);
      expect(await uow.read((repos) => repos.communes.countCommunes(Scope.of(world.actors.admin)))).toBe(4);
    });

    it("limits the key members to one EPCI's service: its active members and the one asked about, by INSEE code", async () => {
      const members = await uow.read((repos) => repos.adhesions.keyMembers(world.epcis.b.siren, 'ADS', ids.b2Ads));

      expect(members).toEqual([
        { adhesionId: ids.b1Ads, communeInsee: '44109', communeName: 'Nantes', population: 320_000, forecastUnits: '10', state: 'active' },
        { adhesionId: ids.b2Ads, communeInsee: '44143', communeName: 'Rezé', population: 43_000, forecastUnits: '10', state: 'draft' },
      ]);
      expect((await uow.read((repos) => repos.adhesions.keyMembers(world.epcis.a.siren, 'ADS'))).map((m) => m.communeInsee)).toEqual(['49007', '49015']);
    });

    it("joins each adhesion to its own EPCI's service", async () => {
      const [a, b] = await uow.read((repos) => Promise.all([repos.adhesions.get(ids.a2Ads), repos.adhesions.get(ids.b1Ads)]));

      expect(a!.service.epciSiren).toBe(world.epcis.a.siren);
      expect(b!.service.epciSiren).toBe(world.epcis.b.siren);
    });
  });

  describe('queries', () => {
    it('sorts by deadline with NULLs last in both directions, ties by id, and filters deadlines strictly before', async () => {
      const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;
      const rows = [
        anAdhesion({ nextDeadlineAt: null }),
        anAdhesion({ communeInsee: '49015', nextDeadlineAt: at(20) }),
        anAdhesion({ communeInsee: '49015', serviceCode: 'ADS', state: 'ended', nextDeadlineAt: at(10) }),
        anAdhesion({ communeInsee: '44109', epciSiren: world.epcis.b.siren, nextDeadlineAt: at(10) }),
        anAdhesion({ communeInsee: '44143', epciSiren: world.epcis.b.siren, nextDeadlineAt: null }),
      ];
      await uow.seed({ adhesions: rows });
      const ids = rows.map((row) => row.id);
      const page = (query: Partial<AdhesionListQuery>) =>
        uow.read((repos) => repos.adhesions.list(Scope.everything, { ...everyRow, ...query }));

      expect((await page({})).items.map((r) => r.adhesion.id)).toEqual([ids[2], ids[3], ids[1], ids[0], ids[4]]);
      expect((await page({ sort: '-nextDeadline' })).items.map((r) => r.adhesion.id)).toEqual([ids[1], ids[2], ids[3], ids[0], ids[4]]);
      expect((await page({ deadlineBefore: at(20) })).items.map((r) => r.adhesion.id)).toEqual([ids[2], ids[3]]);
      const second = await page({ page: 2, pageSize: 2 });
      expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
      expect(second.items.map((r) => r.adhesion.id)).toEqual([ids[1], ids[0]]);
      expect((await page({ state: 'ended' })).total).toBe(1);
    });

    it('finds communes by a fragment of their name, in French order', async () => {
      await uow.seed({
        communes: [
          aCommune({ insee: '49129', siren: null, name: 'Écouflant', population: 4_000 }),
          aCommune({ insee: '49135', siren: null, name: 'Feneu', population: 2_000 }),
        ],
      });
      const search = (q?: string) =>
        uow.read((repos) => repos.communes.communes(Scope.of(world.actors.dgsA), { q, page: 1, pageSize: 10 })).then((p) => p.items.map((c) => c.name));

      expect(await search()).toEqual(['Angers', 'Avrillé', 'Écouflant', 'Feneu']);
      expect(await search('AVR')).toEqual(['Avrillé']);
      // Lowercased, not unaccented: 'é' finds 'É' and 'é', 'e' neither.
      expect(await search('é')).toEqual(['Avrillé', 'Écouflant']);
      expect(await search('e')).toEqual(['Angers', 'Feneu']);
    });

    it('copies the template catalogue into an EPCI that has none, once', async () => {
      const withTemplate = new InMemoryUnitOfWork({ catalogueTemplate: (siren) => [aService({ epciSiren: 'ignored', name: `ADS de ${siren}` })] });

      expect(await withTemplate.write((repos) => repos.catalogue.ensureCatalogue('200000001'))).toBe(true);
      expect(await withTemplate.write((repos) => repos.catalogue.ensureCatalogue('200000001'))).toBe(false);
      expect(await withTemplate.read((repos) => repos.catalogue.services('200000001'))).toMatchObject([{ epciSiren: '200000001', code: 'ADS', name: 'ADS de 200000001' }]);
      expect(await uow.write((repos) => repos.catalogue.ensureCatalogue('200000001'))).toBe(false);
    });

    it('gives the sweeps their due deadlines oldest first, and keyset pages by id', async () => {
      const rows = [
        anAdhesion({ state: 'active', nextDeadlineAt: '2026-03-02T00:00:00.000Z', nextDeadlineKind: 'RENEWAL_WINDOW_OPENED', anniversaryOn: '2026-04-01' }),
        anAdhesion({ communeInsee: '49015', state: 'active', nextDeadlineAt: '2026-03-01T00:00:00.000Z', nextDeadlineKind: 'ANNIVERSARY_PASSED', anniversaryOn: '2026-03-15' }),
        anAdhesion({ communeInsee: '44109', epciSiren: world.epcis.b.siren, state: 'study', updatedAt: '2026-01-01T00:00:00.000Z' }),
        anAdhesion({ communeInsee: '44143', epciSiren: world.epcis.b.siren, state: 'active', stateDetail: 'active.term.renewalConfirmed', nextDeadlineAt: '2026-09-01T00:00:00.000Z', nextDeadlineKind: 'ANNIVERSARY_PASSED', updatedAt: '2026-01-01T00:00:00.000Z' }),
      ];
      await uow.seed({ adhesions: rows });
      const [a, b, c, d] = rows.map((row) => row.id);

      const [due, firstPage, nextPage, waiting, missing, calendar] = await uow.read((repos) =>
        Promise.all([
          repos.adhesions.due('2026-03-02T00:00:00.000Z', 10),
          repos.adhesions.approachingAnniversary('2026-03-01', '2026-06-01', '', 1),
          repos.adhesions.approachingAnniversary('2026-03-01', '2026-06-01', a, 1),
          repos.adhesions.possiblyWaitingOnEpci('2026-02-01T00:00:00.000Z', '', 10),
          repos.adhesions.missingUnitCosts(2027),
          repos.adhesions.calendar(Scope.of(world.actors.dgsA), { fromAt: '2026-03-01T00:00:00.000Z', toAt: '2026-03-02T00:00:00.000Z', from: '2026-03-01', to: '2026-03-31' }),
        ]),
      );

      expect(due).toEqual([
        { id: b, version: 1, kind: 'ANNIVERSARY_PASSED' },
        { id: a, version: 1, kind: 'RENEWAL_WINDOW_OPENED' },
      ]);
      expect([firstPage.map((x) => x.id), nextPage.map((x) => x.id)]).toEqual([[a], [b]]);
      expect(waiting.map((x) => x.id)).toEqual([c, d]);
      expect(missing).toEqual([
        { epciSiren: world.epcis.b.siren, serviceName: world.services.adsB.name },
        { epciSiren: world.epcis.a.siren, serviceName: world.services.adsA.name },
      ]);
      expect(calendar.map((row) => [row.adhesionId, row.communeName])).toEqual([[b, 'Avrillé']]);
    });

    it("lists a user's notifications newest first and marks them read", async () => {
      const user = world.users.dgsA;
      const ledger = [aLedgerRow(), aLedgerRow({ offsetDays: 15 })];
      const [older, newer] = ledger.map((row, i) => aNotification({ ledgerId: row.id, userId: user.id, createdAt: `2026-03-0${i + 1}T09:00:00.000Z` }));
      await uow.seed({ ledger, notifications: [older, newer] });

      expect((await uow.read((repos) => repos.notifications.list(user.id, { unreadOnly: false, page: 1, pageSize: 10 }))).items.map((n) => n.id)).toEqual([newer.id, older.id]);
      expect(await uow.write((repos) => repos.notifications.markRead(user.id, older.id, FIXTURE_INSTANT))).toBe(1);
      expect(await uow.write((repos) => repos.notifications.markRead(world.users.dgsB.id, 'all', FIXTURE_INSTANT))).toBe(0);
      expect(await uow.read((repos) => repos.notifications.list(user.id, { unreadOnly: true, page: 1, pageSize: 10 }))).toMatchObject({ total: 1, unread: 1, items: [{ id: newer.id }] });
      expect(await uow.write((repos) => repos.notifications.markRead(user.id, 'all', FIXTURE_INSTANT))).toBe(1);
      expect(await uow.read((repos) => repos.notifications.get(world.users.dgsB.id, newer.id))).toBeNull();
    });

    it("keeps each EPCI's unit costs apart for the same service code", async () => {
      const [a, b] = await uow.read((repos) =>
        Promise.all([repos.catalogue.unitCost(world.epcis.a.siren, 'ADS', 2026), repos.catalogue.unitCost(world.epcis.b.siren, 'ADS', 2026)]),
      );

      expect([a?.unitCostCents, b?.unitCostCents]).toEqual([18_000, 21_000]);
    });
  });

  describe('the notification ledger', () => {
    const now = '2026-03-01T09:00:00.000Z';
    const lease = '2026-03-01T09:05:00.000Z';

    it('lets one sender claim a row until its lease passes', async () => {
      const row = aLedgerRow();
      await uow.seed({ ledger: [row] });
      const claim = (at: string, until: string) => uow.write((repos) => repos.ledger.claim(row.id, at, until));

      expect(await claim(now, lease)).toMatchObject({ id: row.id, status: 'sending', attempts: 1, dueAt: lease });
      expect(await claim(now, lease)).toBeNull();
      expect(await claim('2026-03-01T09:04:59.999Z', lease)).toBeNull();
      expect(await uow.read((repos) => repos.ledger.sendable(now, 10))).toEqual([]);
      expect(await uow.read((repos) => repos.ledger.sendable(lease, 10))).toEqual([row.id]);
      expect(await claim(lease, '2026-03-01T09:10:00.000Z')).toMatchObject({ status: 'sending', attempts: 2 });
    });

    it('lets two concurrent claims of one row win once', async () => {
      const row = aLedgerRow();
      await uow.seed({ ledger: [row] });

      const claims = await Promise.all([1, 2].map(() => uow.write((repos) => repos.ledger.claim(row.id, now, lease))));

      expect(claims.filter((claimed) => claimed !== null)).toHaveLength(1);
    });

    it('never sends a row again once sent, and retries a failed one when its time comes', async () => {
      const [sent, failed] = [aLedgerRow(), aLedgerRow({ offsetDays: 15 })];
      await uow.seed({ ledger: [sent, failed] });
      await uow.write(async (repos) => {
        await repos.ledger.claim(sent.id, now, lease);
        await repos.ledger.claim(failed.id, now, lease);
        await repos.ledger.markSent(sent.id, now);
        await repos.ledger.markFailed(failed.id, { giveUp: false, retryAt: '2026-03-01T10:00:00.000Z', error: 'x'.repeat(3000) });
      });

      expect(uow.tables().ledger.get(sent.id)).toMatchObject({ status: 'sent', sentAt: now });
      expect(uow.tables().ledger.get(failed.id)).toMatchObject({ status: 'pending', lastError: 'x'.repeat(2000) });
      expect(await uow.write((repos) => repos.ledger.claim(sent.id, '2027-01-01T00:00:00.000Z', '2027-01-01T00:05:00.000Z'))).toBeNull();
      expect(await uow.read((repos) => repos.ledger.sendable(lease, 10))).toEqual([]);
      expect(await uow.read((repos) => repos.ledger.sendable('2026-03-01T10:00:00.000Z', 10))).toEqual([failed.id]);
    });
  });
});
