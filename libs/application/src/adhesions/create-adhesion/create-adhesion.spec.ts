import { Conflict, InvalidInput, NotFound } from '#workflow';
import { twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { ManualClock } from '../../common/clock.js';
import { CreateAdhesionUseCase } from './create-adhesion.usecase.js';

describe('CreateAdhesionUseCase', () => {
  let world: TwoEpcis;
  let create: CreateAdhesionUseCase;

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-01-05T09:00:00Z'));
    create = new CreateAdhesionUseCase(world.uow, clock);
  });

  it('creates a draft of the commune’s own EPCI’s service, audited and recorded in the outbox in the same write', async () => {
    const created = await create.execute(world.actors.secretaryB1, { communeInsee: world.communes.b1.insee, serviceCode: 'ADS', forecastUnits: 12 });
    expect(created).toMatchObject({ state: 'draft', commune: { insee: '44109' }, service: { code: 'ADS' }, version: 1 });
    const tables = world.uow.tables();
    const row = [...tables.adhesions.values()].find((a) => a.id === created.id)!;
    expect(row.epciSiren).toBe(world.epcis.b.siren);
    expect([...tables.audit.values()].filter((a) => a.adhesionId === created.id).map((a) => a.event)).toEqual(['CREATED']);
    expect([...tables.outbox.values()].filter((o) => o.adhesionId === created.id).map((o) => o.kind)).toEqual(['adhesion.created']);
  });

  it('does not find a commune of another EPCI, for its secretary or its DGS', async () => {
    await expect(create.execute(world.actors.secretaryA1, { communeInsee: world.communes.b1.insee, serviceCode: 'ADS', forecastUnits: 1 })).rejects.toThrow(NotFound);
    await expect(create.execute(world.actors.dgsA, { communeInsee: world.communes.b2.insee, serviceCode: 'ADS', forecastUnits: 1 })).rejects.toThrow(NotFound);
  });

  it('refuses a second live adhesion of one commune to one service, and writes nothing', async () => {
    const command = { communeInsee: world.communes.a1.insee, serviceCode: 'ADS', forecastUnits: 3 };
    await create.execute(world.actors.secretaryA1, command);
    const before = world.uow.tables().adhesions.size;
    await expect(create.execute(world.actors.dgsA, command)).rejects.toThrow(Conflict);
    expect(world.uow.tables().adhesions.size).toBe(before);
  });

  it('refuses an option the EPCI’s catalogue does not have, naming the field', async () => {
    await expect(create.execute(world.actors.secretaryA1, { communeInsee: '49007', serviceCode: 'ADS', forecastUnits: 1, options: ['PC', 'GROUPEMENT'] })).rejects.toMatchObject({
      constructor: InvalidInput,
      details: { issues: [{ field: 'options.1', code: 'unknown_option' }] },
    });
  });
});
