// A total split by keys is divided over the whole EPCI's members, whoever asks; each commune sees its own share.
import { aService, anAdhesion, aUnitCost, twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { AdhesionQueries } from '../adhesions/adhesion.queries.js';
import { activeState } from '#workflow';
import { stateColumns } from '../adhesions/adhesion-row.js';
import { ManualClock } from '../common/clock.js';
import { ReportQueries } from '../reports/report.queries.js';

describe('shares of a service split by keys', () => {
  let world: TwoEpcis;
  let adhesions: AdhesionQueries;
  let reports: ReportQueries;
  const ids = { a1: '', a2: '', b1: '' };

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-06-01T09:00:00Z'));
    adhesions = new AdhesionQueries(world.uow, clock);
    reports = new ReportQueries(world.uow, clock);
    const rgpd = (epciSiren: string) =>
      aService({ epciSiren, code: 'RGPD', name: 'Délégué à la protection des données', pole: 'moyens-generaux', costModel: 'keys', keyBasis: 'population', options: [], actWeights: null });
    // Conventions in force the whole of 2026: each member's share is its whole year's.
    const inForce = { ...stateColumns(activeState('2026-01-01')) };
    const a1 = anAdhesion({ communeInsee: '49007', serviceCode: 'RGPD', ...inForce });
    const a2 = anAdhesion({ communeInsee: '49015', serviceCode: 'RGPD', ...inForce });
    const b1 = anAdhesion({ communeInsee: '44109', epciSiren: world.epcis.b.siren, serviceCode: 'RGPD', ...inForce });
    Object.assign(ids, { a1: a1.id, a2: a2.id, b1: b1.id });
    await world.uow.seed({
      services: [rgpd(world.epcis.a.siren), rgpd(world.epcis.b.siren)],
      unitCosts: [
        aUnitCost({ serviceCode: 'RGPD', unitCostCents: null, totalCostCents: 4_500_000 }),
        aUnitCost({ epciSiren: world.epcis.b.siren, serviceCode: 'RGPD', unitCostCents: null, totalCostCents: 3_000_000 }),
      ],
      adhesions: [a1, a2, b1],
    });
  });

  it('gives a commune the same share on its estimate and in the members report, over all its EPCI’s members', async () => {
    const estimate = await adhesions.estimate(world.actors.secretaryA2, ids.a2);
    const members = await reports.members(world.actors.secretaryA2, 'RGPD', { year: 2026 });
    const all = await reports.members(world.actors.dgsA, 'RGPD', { year: 2026 });
    const avrille = all.members.find((m) => m.communeInsee === '49015')!;
    expect(estimate).toMatchObject({ available: true, annualAmountCents: avrille.amountCents });
    expect(members.members).toEqual([expect.objectContaining({ communeInsee: '49015', amountCents: avrille.amountCents })]);
    // The whole EPCI's members share the total; Nantes Métropole's members do not.
    expect(all.members.reduce((sum, m) => sum + m.amountCents, 0)).toBe(4_500_000);
    expect(avrille.amountCents).toBeLessThan(4_500_000);
  });

  it('never shows a secretary another commune’s key or share', async () => {
    const estimate = await adhesions.estimate(world.actors.secretaryA2, ids.a2);
    expect('shares' in estimate && estimate.shares.map((s) => s.communeInsee)).toEqual(['49015']);
    const members = await reports.members(world.actors.secretaryA2, 'RGPD', { year: 2026 });
    expect(members.members.map((m) => m.communeInsee)).toEqual(['49015']);
    expect(members.epciCents).toBeNull();
  });

  it('splits each EPCI’s own total: a DGS sees its members and none of the other EPCI’s', async () => {
    const b = await reports.members(world.actors.dgsB, 'RGPD', { year: 2026 });
    expect(b.members.map((m) => m.communeInsee)).toEqual(['44109']);
    expect(b.totalCents).toBe(3_000_000);
    await expect(adhesions.estimate(world.actors.dgsB, ids.a1)).rejects.toMatchObject({ code: 'not_found' });
  });
});
