// « Renouveler la convention »: before the third anniversary (the term), both parties are told 180, 90 and 30
// days before, each reminder once, and no more once a successor renews the convention.
import { activeState, applyEvent, dueTermReminders, initialState, runEvents, TERM_REMINDER_OFFSETS_DAYS, type PersistedAdhesionState } from '#workflow';
import { addDays, anniversary, parisTime } from '#domain';
import { twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { newAdhesion } from '../adhesions/adhesion-row.js';
import { ManualClock } from '../common/clock.js';
import { type AppConfig } from '../config/app-config.js';
import { ReminderSweep } from './reminder-sweep.js';

const START = '2026-06-21';
const TERM_END = anniversary(START, 3); // 2029-06-21
const at = (date: string, hour = 10) => parisTime(date, hour).toISOString();

/** A convention in force in its third year (renewed twice). */
function inYear3(): PersistedAdhesionState {
  let state = activeState(START);
  for (const year of [1, 2]) {
    const window = addDays(anniversary(START, year), -90);
    state = runEvents(
      [
        { type: 'RENEWAL_WINDOW_OPENED', at: at(window, 0) },
        { type: 'CONFIRM_RENEWAL', plannedUnits: 40, at: at(window) },
        { type: 'VALIDATE_RENEWAL', at: at(window, 11) },
      ],
      state,
    );
  }
  return state;
}

describe('dueTermReminders', () => {
  const year3 = inYear3();

  it('is due at 09:00 in Paris on each offset before the term, to both parties, and not a minute earlier', () => {
    expect(year3.context.year).toBe(3);
    expect(TERM_REMINDER_OFFSETS_DAYS).toEqual([180, 90, 30]);
    for (const offset of [180, 90, 30]) {
      const day = addDays(TERM_END, -offset);
      const before = dueTermReminders(year3, new Date(parisTime(day, 9).getTime() - 60_000));
      const after = dueTermReminders(year3, parisTime(day, 9));
      expect(after.map((r) => r.offset)).toEqual([...before.map((r) => r.offset), offset]);
      expect(after.at(-1)).toMatchObject({ kind: 'term_reminder', recipient: 'both', cycle: 3, anniversary: TERM_END });
    }
  });

  it('is never due before year 3, on or after the term, nor under notice', () => {
    const year1 = activeState(START);
    expect(dueTermReminders(year1, parisTime(addDays(anniversary(START, 1), -10), 10))).toEqual([]);
    expect(dueTermReminders(year3, parisTime(TERM_END, 10))).toEqual([]);
    const notice = applyEvent(year3, {
      type: 'GIVE_NOTICE',
      party: 'epci',
      reason: 'Réorganisation des services',
      effectiveDate: '2029-06-01',
      at: at('2028-11-01'),
    });
    expect(notice.accepted).toBe(true);
    if (notice.accepted) expect(dueTermReminders(notice.next, parisTime(addDays(TERM_END, -30), 10))).toEqual([]);
  });
});

describe('ReminderSweep: « renouveler la convention »', () => {
  let world: TwoEpcis;
  let clock: ManualClock;
  let sweep: ReminderSweep;
  const ID = 'adh-term';

  beforeEach(async () => {
    world = await twoEpcis();
    clock = new ManualClock();
    sweep = new ReminderSweep(world.uow, clock, { epciWaitWorkingDays: 10 } as AppConfig);
    const adhesion = newAdhesion({ id: ID, communeInsee: '49007', epciSiren: world.epcis.a.siren, serviceCode: 'ADS', options: [], forecastUnits: '40', createdBy: 'test', at: '2026-04-01T08:00:00.000Z', state: inYear3() });
    await world.uow.seed({ adhesions: [adhesion] });
  });

  const termRows = () =>
    [...world.uow.tables().ledger.values()].filter((row) => row.adhesionId === ID && row.kind === 'term_reminder').map((row) => [row.offsetDays, row.status, row.recipient]);

  it('decides each reminder once, at its offset, to both parties', async () => {
    clock.set(new Date(parisTime(addDays(TERM_END, -181), 10)));
    await sweep.run();
    expect(termRows()).toEqual([]);
    clock.set(parisTime(addDays(TERM_END, -180), 10));
    await sweep.run();
    await sweep.run();
    expect(termRows()).toEqual([[180, 'pending', 'both']]);
    clock.set(parisTime(addDays(TERM_END, -90), 10));
    await sweep.run();
    clock.set(parisTime(addDays(TERM_END, -30), 10));
    await sweep.run();
    await sweep.run();
    expect(termRows()).toEqual([
      [180, 'pending', 'both'],
      [90, 'pending', 'both'],
      [30, 'pending', 'both'],
    ]);
  });

  it('stops once a successor renews the convention', async () => {
    clock.set(parisTime(addDays(TERM_END, -180), 10));
    await sweep.run();
    const successor = newAdhesion({
      id: 'adh-next',
      communeInsee: '49007',
      epciSiren: world.epcis.a.siren,
      serviceCode: 'ADS',
      options: [],
      forecastUnits: '40',
      createdBy: 'test',
      at: clock.now().toISOString(),
      state: initialState({ renewalOf: { startDate: TERM_END } }),
      renews: ID,
    });
    await world.uow.seed({ adhesions: [successor] });
    clock.set(parisTime(addDays(TERM_END, -90), 10));
    await sweep.run();
    expect(termRows()).toEqual([[180, 'pending', 'both']]);
  });
});
