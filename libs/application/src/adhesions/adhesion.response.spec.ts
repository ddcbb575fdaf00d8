// The adhesion as the API shows it names the EPCI's council by the EPCI's nature.
import { pathToActive, runEvents } from '#workflow';
import { anAdhesion, twoEpcis } from '../../test/in-memory/index.js';
import { ManualClock } from '../common/clock.js';
import { AdhesionQueries } from './adhesion.queries.js';
import { stateColumns } from './adhesion-row.js';

describe('the adhesion response', () => {
  it('says « conseil métropolitain » in a métropole and « conseil communautaire » in a communauté', async () => {
    const world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(new Date('2026-02-01T09:00:00Z'));
    // Up to the proposal's acceptance: both councils are to deliberate.
    const deliberating = stateColumns(runEvents(pathToActive('2026-01-05').slice(0, 6)));
    const nantes = anAdhesion({ communeInsee: '44109', epciSiren: world.epcis.b.siren, ...deliberating });
    const angers = anAdhesion({ ...deliberating });
    await world.uow.seed({ adhesions: [nantes, angers] });
    const queries = new AdhesionQueries(world.uow, clock);
    const labels = async (actor: typeof world.actors.dgsA, id: string) => (await queries.get(actor, id)).stateDetail.map((leaf) => leaf.label).join(' | ');
    expect(await labels(world.actors.dgsB, nantes.id)).toContain('Délibération du conseil métropolitain attendue');
    expect(await labels(world.actors.dgsA, angers.id)).toContain('Délibération du conseil communautaire attendue');
  });
});
