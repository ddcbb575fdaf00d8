// Recording and contesting the units of a period: who may, which periods, which values; a broken rule is a 422
// with the field and the French rule, and nothing is written; two writers never lose each other's work.
import { activeState } from '#workflow';
import { anAdhesion, twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { stateColumns } from '../../adhesions/adhesion-row.js';
import { ManualClock } from '../../common/clock.js';
import { ContestUnitsUseCase } from '../contest-units/contest-units.usecase.js';
import { RecordUnitsUseCase } from './record-units.usecase.js';

describe('recording and contesting units', () => {
  let world: TwoEpcis;
  let clock: ManualClock;
  let record: RecordUnitsUseCase;
  let contest: ContestUnitsUseCase;
  let id: string;

  /** What the store holds of the adhesion's units: nothing may change when a rule is broken. */
  const stored = () => world.uow.read(async (r) => ({ records: await r.usage.ofAdhesion(id), audit: await r.usage.audit(id) }));

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    clock.set(new Date('2026-07-02T08:00:00Z'));
    record = new RecordUnitsUseCase(world.uow, clock);
    contest = new ContestUnitsUseCase(world.uow, clock);
    // Angers's convention for ADS, in force from 15 March 2026, paid quarterly.
    const state = activeState('2026-03-15');
    state.context = { ...state.context, terms: { ...state.context.terms!, periodicity: 'quarterly' } };
    const adhesion = anAdhesion({ communeInsee: '49007', serviceCode: 'ADS', ...stateColumns(state) });
    id = adhesion.id;
    await world.uow.seed({ adhesions: [adhesion] });
  });

  it('weights the act counts of an ADS period with the EPCI’s weights', async () => {
    const saved = await record.execute(world.actors.agentA, id, '2026', '2', { actCounts: { PC: 3, DP: 4, CUa: 1 } });
    expect(saved).toMatchObject({ year: 2026, period: 2, units: '6', actCounts: { PC: 3, DP: 4, CUa: 1 }, version: 1, contestUntil: '2026-08-01' });
    expect((await stored()).audit.map((a) => a.action)).toEqual(['recorded']);
  });

  it.each([
    ['a negative count', { actCounts: { PC: -1 } }, 'actCounts.PC', 'units_negative', 'ne peut pas être négatif'],
    ['a fractional count', { actCounts: { PC: 1.5 } }, 'actCounts.PC', 'units_not_integer', 'nombre entier'],
    ['an act type without weight', { actCounts: { XX: 1 } }, 'actCounts.XX', 'unknown_act_type', 'pondération'],
    ['no counts at all', { units: '3' }, 'actCounts', 'required', 'nombre d’actes de chaque type'],
  ])('refuses %s with a 422 on its field, and writes nothing', async (_what, body, field, code, words) => {
    const attempt = record.execute(world.actors.agentA, id, '2026', '2', body);
    await expect(attempt).rejects.toMatchObject({ code: 'rule_violated', issues: [expect.objectContaining({ field, code, message: expect.stringContaining(words) })] });
    expect(await stored()).toEqual({ records: [], audit: [] });
  });

  it.each([
    ['before the convention', '2025', '4', 'period_outside_convention', 'Le 4e trimestre 2025 (du 01/10/2025 au 31/12/2025) est en dehors de la convention'],
    ['after the convention’s term', '2029', '2', 'period_outside_convention', 'en dehors de la convention, en vigueur du 15/03/2026 au 15/03/2029'],
    ['not yet begun', '2026', '3', 'period_not_started', 'à partir du 01/07/2026'],
    ['not a quarter', '2026', '5', 'period_unknown', 'entre 1 et 4'],
  ])('refuses a period %s', async (_what, year, period, code, words) => {
    if (code === 'period_not_started') clock.set(new Date('2026-06-30T08:00:00Z'));
    await expect(record.execute(world.actors.agentA, id, year, period, { actCounts: { PC: 1 } })).rejects.toMatchObject({
      code: 'rule_violated',
      issues: [expect.objectContaining({ field: 'period', code, message: expect.stringContaining(words) })],
    });
    expect(await stored()).toEqual({ records: [], audit: [] });
  });

  it('counts the first quarter from the convention’s start: 15 March is inside it', async () => {
    await expect(record.execute(world.actors.agentA, id, '2026', '1', { actCounts: { PC: 1 } })).resolves.toMatchObject({ period: 1 });
  });

  it('lets only the agent of the pole or the DGS record, and hides another EPCI’s file', async () => {
    await expect(record.execute(world.actors.secretaryA1, id, '2026', '2', { actCounts: { PC: 1 } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(record.execute(world.actors.dgsB, id, '2026', '2', { actCounts: { PC: 1 } })).rejects.toMatchObject({ code: 'not_found' });
    await expect(record.execute(world.actors.secretaryA2, id, '2026', '2', { actCounts: { PC: 1 } })).rejects.toMatchObject({ code: 'not_found' });
    expect(await stored()).toEqual({ records: [], audit: [] });
  });

  it('makes a second recording a correction of a named version: never a lost update', async () => {
    await record.execute(world.actors.agentA, id, '2026', '2', { actCounts: { PC: 3 } });
    await expect(record.execute(world.actors.dgsA, id, '2026', '2', { actCounts: { PC: 4 } })).rejects.toMatchObject({ code: 'conflict', details: { reason: 'units_already_recorded' } });
    await record.execute(world.actors.dgsA, id, '2026', '2', { actCounts: { PC: 4 }, expectedVersion: 1 });
    // The agent, still on version 1, corrects again: refused, the DGS's correction stands.
    await expect(record.execute(world.actors.agentA, id, '2026', '2', { actCounts: { PC: 5 }, expectedVersion: 1 })).rejects.toMatchObject({ code: 'stale_version' });
    const { records, audit } = await stored();
    expect(records).toEqual([expect.objectContaining({ units: '4', version: 2 })]);
    expect(audit.map((a) => [a.action, a.units])).toEqual([
      ['recorded', '3'],
      ['corrected', '4'],
    ]);
  });

  it('takes decimal units for a service without act types, with a French comma, and refuses a negative one', async () => {
    await world.uow.write((r) => r.catalogue.updateService(world.epcis.a.siren, 'ADS', { actWeights: null }));
    await expect(record.execute(world.actors.agentA, id, '2026', '2', { units: '12,5' })).resolves.toMatchObject({ units: '12.5', actCounts: null });
    await expect(record.execute(world.actors.agentA, id, '2026', '3', { units: -2 })).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'units', code: 'units_negative' })] });
  });

  it('lets the commune contest within 30 days of the recording, once, and not after', async () => {
    await record.execute(world.actors.agentA, id, '2026', '2', { actCounts: { PC: 3 } });
    await expect(contest.execute(world.actors.agentA, id, '2026', '2', { comment: 'Trois actes de trop.' })).rejects.toMatchObject({ code: 'forbidden' });
    clock.set(new Date('2026-08-01T20:00:00Z')); // the 30th day after 2 July, in Paris
    const contested = await contest.execute(world.actors.secretaryA1, id, '2026', '2', { comment: 'Nous comptons deux permis.' });
    expect(contested.contest).toMatchObject({ comment: 'Nous comptons deux permis.' });
    await expect(contest.execute(world.actors.secretaryA1, id, '2026', '2', { comment: 'Encore.' })).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'comment', code: 'already_contested' })] });

    await record.execute(world.actors.agentA, id, '2026', '1', { actCounts: { PC: 1 } });
    clock.set(new Date('2026-09-02T08:00:00Z'));
    await record.execute(world.actors.agentA, id, '2026', '3', { actCounts: { PC: 1 } });
    const late = contest.execute(world.actors.secretaryA1, id, '2026', '1', { comment: 'Trop tard ?' });
    await expect(late).rejects.toMatchObject({ code: 'rule_violated', issues: [expect.objectContaining({ field: 'comment', code: 'contest_deadline_passed', message: expect.stringContaining('a expiré le 31/08/2026') })] });
    expect((await stored()).records.find((r) => r.period === 1)!.contest).toBeNull();
  });
});
