import { Forbidden, InvalidInput, RuleViolation } from '#workflow';
import { twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { ManualClock } from '../../common/clock.js';
import { SetUnitCostUseCase } from '../set-unit-cost/set-unit-cost.usecase.js';
import { UpdateServiceUseCase } from './update-service.usecase.js';

describe('each EPCI keeps its own catalogue and costs', () => {
  let world: TwoEpcis;
  let update: UpdateServiceUseCase;
  let setCost: SetUnitCostUseCase;
  const service = (siren: string) => [...world.uow.tables().services.values()].find((s) => s.epciSiren === siren && s.code === 'ADS')!;
  const cost = (siren: string, year = 2026) =>
    [...world.uow.tables().unitCosts.values()].find((c) => c.epciSiren === siren && c.serviceCode === 'ADS' && c.year === year);

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-03-01T09:00:00Z'));
    update = new UpdateServiceUseCase(world.uow);
    setCost = new SetUnitCostUseCase(world.uow, clock);
  });

  it('a DGS changes its own EPCI’s service and unit cost, never the other’s', async () => {
    await update.execute(world.actors.dgsB, 'ADS', { reminderOffsets: [10, 45], name: 'ADS de Nantes' });
    // Next year's cost (this year's is notified already): set, not yet notified.
    await setCost.execute(world.actors.dgsB, 'ADS', '2027', { unitCostCents: 99_999_900 });
    expect(service(world.epcis.b.siren)).toMatchObject({ name: 'ADS de Nantes', reminderOffsets: [45, 10] });
    expect(cost(world.epcis.b.siren, 2027)).toMatchObject({ unitCostCents: 99_999_900, notifiedAt: null, notifiedBy: null });
    expect(service(world.epcis.a.siren)).toMatchObject({ name: world.services.adsA.name, reminderOffsets: [90, 60, 30, 15, 7, 1] });
    expect(cost(world.epcis.a.siren)!.unitCostCents).toBe(18_000);
    expect(cost(world.epcis.a.siren, 2027)).toBeUndefined();
  });

  it('a DGS says whether its service processes personal data for the communes (the RGPD art. 28 clause), for its EPCI only', async () => {
    const [a, b] = [service(world.epcis.a.siren).processesPersonalData, service(world.epcis.b.siren).processesPersonalData];
    await update.execute(world.actors.dgsA, 'ADS', { processesPersonalData: !a });
    expect(service(world.epcis.a.siren).processesPersonalData).toBe(!a);
    expect(service(world.epcis.b.siren).processesPersonalData).toBe(b);
    await expect(update.execute(world.actors.dgsA, 'ADS', { processesPersonalData: 'oui' })).rejects.toThrow(InvalidInput);
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

  it('charges a service against the attribution de compensation only while it is a service commun (L5211-4-2)', async () => {
    const rule = {
      details: {
        issues: [
          {
            field: 'settlement',
            code: 'settlement_requires_service_commun',
            message: 'L’imputation sur l’attribution de compensation n’est possible que pour un service commun (CGCT, art. L5211-4-2).',
          },
        ],
      },
    };
    // The template's ADS is a service commun, settled by a title of revenue.
    expect(service(world.epcis.a.siren)).toMatchObject({ legalBasis: 'service_commun', settlement: 'revenue_title' });

    await expect(update.execute(world.actors.dgsA, 'ADS', { settlement: 'compensation' })).resolves.toMatchObject({ settlement: 'compensation' });
    expect(service(world.epcis.a.siren).settlement).toBe('compensation');
    expect(service(world.epcis.b.siren).settlement).toBe('revenue_title');

    // Leaving the service commun while charged against the compensation: refused, nothing changed.
    const refused = update.execute(world.actors.dgsA, 'ADS', { legalBasis: 'mise_a_disposition' });
    await expect(refused).rejects.toThrow(RuleViolation);
    await expect(refused).rejects.toMatchObject(rule);
    expect(service(world.epcis.a.siren)).toMatchObject({ legalBasis: 'service_commun', settlement: 'compensation' });

    // Both at once, back to a title of revenue: allowed.
    await update.execute(world.actors.dgsA, 'ADS', { legalBasis: 'mise_a_disposition', settlement: 'revenue_title' });
    expect(service(world.epcis.a.siren)).toMatchObject({ legalBasis: 'mise_a_disposition', settlement: 'revenue_title' });

    // Another basis with the compensation, in one patch or on a service already of that basis: refused.
    await expect(update.execute(world.actors.dgsA, 'ADS', { settlement: 'compensation' })).rejects.toMatchObject(rule);
    await expect(update.execute(world.actors.dgsB, 'ADS', { legalBasis: 'service_unifie', settlement: 'compensation' })).rejects.toMatchObject(rule);
    expect(service(world.epcis.a.siren).settlement).toBe('revenue_title');
    expect(service(world.epcis.b.siren)).toMatchObject({ legalBasis: 'service_commun', settlement: 'revenue_title' });

    // Not a value the contract knows: malformed input, not a rule.
    await expect(update.execute(world.actors.dgsA, 'ADS', { settlement: 'cash' })).rejects.toThrow(InvalidInput);
  });
});
