// The DGS is told, once, when a period closes without units and when a first year's cost is not notified
// within three months of the signature.
import { jest } from '@jest/globals';
import { activeState, type AdhesionContext } from '#workflow';
import { anAdhesion, InMemoryAdhesionRepository, twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { stateColumns } from '../adhesions/adhesion-row.js';
import { ManualClock } from '../common/clock.js';
import { RecordUnitsUseCase } from './record-units/record-units.usecase.js';
import { MoneyReminders } from './money-reminders.js';

describe('money reminders to the DGS', () => {
  let world: TwoEpcis;
  let clock: ManualClock;
  let id: string;
  let signedOn: string;

  const decided = (kind: string) =>
    world.uow.read(async (r) => (await r.ledger.decidedFor({ adhesionId: id }, kind === 'units_missing' ? 20261 : 2026)).filter((k) => k.kind === kind));

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    const state = activeState('2026-03-15');
    state.context = { ...state.context, terms: { ...state.context.terms!, periodicity: 'quarterly' } };
    const context = state.context as AdhesionContext;
    signedOn = [context.signatures.commune!.date, context.signatures.epci!.date].sort().at(-1)!;
    const adhesion = anAdhesion({ communeInsee: '49007', serviceCode: 'ADS', ...stateColumns(state) });
    id = adhesion.id;
    await world.uow.seed({ adhesions: [adhesion] });
  });

  it('tells the DGS once when a quarter closed ten days ago without units', async () => {
    clock.set(new Date('2026-04-10T10:00:00Z')); // 31 March + 10 days: not yet
    expect(await new MoneyReminders(world.uow, clock).run()).toBe(0);
    clock.set(new Date('2026-04-11T10:00:00Z'));
    const sweep = new MoneyReminders(world.uow, clock);
    expect(await sweep.run()).toBe(1);
    expect(await sweep.run()).toBe(0);
    clock.set(new Date('2026-04-12T10:00:00Z'));
    const writes = world.uow.committedWrites;
    expect(await new MoneyReminders(world.uow, clock).run()).toBe(0); // another process, another day: the ledger remembers
    expect(world.uow.committedWrites).toBe(writes); // read per batch of conventions, with no write transaction
    expect(await decided('units_missing')).toEqual([{ kind: 'units_missing', offsetDays: 0 }]);
  });

  it('says nothing of a quarter whose units are recorded', async () => {
    clock.set(new Date('2026-04-05T10:00:00Z'));
    await new RecordUnitsUseCase(world.uow, clock).execute(world.actors.agentA, id, '2026', '1', { actCounts: { PC: 2 } });
    clock.set(new Date('2026-04-11T10:00:00Z'));
    await new MoneyReminders(world.uow, clock).run();
    expect(await decided('units_missing')).toEqual([]);
  });

  it('reminds the DGS of a first year’s cost not notified within three months of the signature', async () => {
    await world.uow.write((r) => r.catalogue.saveUnitCost({ ...world.unitCosts.adsA, notifiedAt: null, notifiedBy: null }));
    // 30 days before the deadline (signature + 3 months), at 09:00 in Paris.
    const [y, m, d] = signedOn.split('-').map(Number);
    const deadline = new Date(Date.UTC(y, m - 1 + 3, d));
    clock.set(new Date(deadline.getTime() - 30 * 86_400_000 + 10 * 3_600_000));
    expect(await new MoneyReminders(world.uow, clock).run()).toBe(1);
    expect(await decided('unit_cost_first_year')).toEqual([{ kind: 'unit_cost_first_year', offsetDays: 30 }]);
  });

  it('stays silent when the first year’s cost is notified', async () => {
    const [y, m, d] = signedOn.split('-').map(Number);
    clock.set(new Date(Date.UTC(y, m - 1 + 3, d, 10)));
    await new MoneyReminders(world.uow, clock).run();
    expect(await decided('unit_cost_first_year')).toEqual([]);
  });

  it.each([1, 3, 4])('reads the conventions of every EPCI %i at a time, and reminds each once', async (pageSize) => {
    const quarterly = activeState('2026-03-15');
    quarterly.context = { ...quarterly.context, terms: { ...quarterly.context.terms!, periodicity: 'quarterly' } };
    const others = [world.communes.a2, world.communes.b1, world.communes.b2].map((c) =>
      anAdhesion({ communeInsee: c.insee, epciSiren: c.epciSiren!, serviceCode: 'ADS', ...stateColumns(quarterly) }),
    );
    await world.uow.seed({ adhesions: others });
    const read = jest.spyOn(InMemoryAdhesionRepository.prototype, 'conventions');
    try {
      clock.set(new Date('2026-04-11T10:00:00Z'));
      expect(await new MoneyReminders(world.uow, clock, pageSize).run()).toBe(4);
      const pages = (await Promise.all(read.mock.results.map((r) => r.value as Promise<unknown[]>))).map((rows) => rows.length);
      expect(Math.max(...pages)).toBeLessThanOrEqual(pageSize);
      expect(pages.reduce((a, b) => a + b, 0)).toBe(4); // each convention read once
      const told = await world.uow.read((r) => r.ledger.decidedForAdhesions([id, ...others.map((a) => a.id)]));
      expect(told.map((k) => k.adhesionId).sort()).toEqual([id, ...others.map((a) => a.id)].sort());
    } finally {
      read.mockRestore();
    }
  });
});
