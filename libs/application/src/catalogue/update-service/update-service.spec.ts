import { Forbidden, InvalidInput } from '#workflow';
import { twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { ManualClock } from '../../common/clock.js';
import { SetUnitCostUseCase } from '../set-unit-cost/set-unit-cost.usecase.js';
import { UpdateServiceUseCase } from './update-service.usecase.js';

describe('each EPCI keeps its own catalogue and costs', () => {
  let world: TwoEpcis;
  let update: UpdateServiceUseCase;
  let setCost: SetUnitCostUseCase;
  const service = (siren: string) => [...world.uow.tables().services.values()].find((s) => s.epciSiren === siren && s.code === 'ADS')!;
  const cost = (siren: string) => [...world.uow.tables().unitCosts.values()].find((c) => c.epciSiren === siren && c.serviceCode === 'ADS' && c.year === 2026)!;

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-03-01T09:00:00Z'));
    update = new UpdateServiceUseCase(world.uow);
    setCost = new SetUnitCostUseCase(world.uow, clock);
  });

  it('a DGS changes its own EPCI’s service and unit cost, never the other’s', async () => {
    await update.execute(world.actors.dgsB, 'ADS', { reminderOffsets: [10, 45], name: 'ADS de Nantes' });
    await setCost.execute(world.actors.dgsB, 'ADS', '2026', { unitCostCents: 99_999_900 });
    expect(service(world.epcis.b.siren)).toMatchObject({ name: 'ADS de Nantes', reminderOffsets: [45, 10] });
    expect(cost(world.epcis.b.siren)).toMatchObject({ unitCostCents: 99_999_900, notifiedAt: '2026-03-01T09:00:00.000Z' });
    expect(service(world.epcis.a.siren)).toMatchObject({ name: world.services.adsA.name, reminderOffsets: [90, 60, 30, 15, 7, 1] });
    expect(cost(world.epcis.a.siren).unitCostCents).toBe(18_000);
  });

  it('the admin names the EPCI whose catalogue it changes', async () => {
    await expect(update.execute(world.actors.admin, 'ADS', { name: 'x' })).rejects.toThrow(InvalidInput);
    await update.execute(world.actors.admin, 'ADS', { name: 'ADS (admin)' }, world.epcis.a.siren);
    expect(service(world.epcis.a.siren).name).toBe('ADS (admin)');
  });

  it('a secretary or an agent may read but not change the catalogue', async () => {
    await expect(update.execute(world.actors.secretaryA1, 'ADS', { name: 'x' })).rejects.toThrow(Forbidden);
    await expect(setCost.execute(world.actors.agentA, 'ADS', '2026', { unitCostCents: 1 })).rejects.toThrow(Forbidden);
  });

  it('refuses fixed shares above 100 % and a mixed key without weights', async () => {
    await update.execute(world.actors.dgsA, 'ADS', {});
    const keysService = { costModel: 'keys' } as const;
    await world.uow.write((r) => r.catalogue.updateService(world.epcis.a.siren, 'ADS', keysService));
    await expect(update.execute(world.actors.dgsA, 'ADS', { keyBasis: 'fixed', keyParameters: { '49007': '60', '49015': '41' } })).rejects.toMatchObject({
      details: { issues: [{ field: 'keyParameters', code: 'shares_over_100' }] },
    });
    await expect(update.execute(world.actors.dgsA, 'ADS', { keyBasis: 'mixed', keyParameters: null })).rejects.toMatchObject({
      details: { issues: [{ field: 'keyParameters', code: 'required' }] },
    });
  });
});
