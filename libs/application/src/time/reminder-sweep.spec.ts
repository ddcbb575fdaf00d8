// Reminders before an anniversary: decided once per (adhesion, cycle, kind, offset), at the offsets of the
// adhesion's own EPCI's service.
import { activeState } from '#workflow';
import { twoEpcis, type TwoEpcis } from '../../test/in-memory/index.js';
import { newAdhesion } from '../adhesions/adhesion-row.js';
import { ManualClock } from '../common/clock.js';
import { type AppConfig } from '../config/app-config.js';
import { ReminderSweep } from './reminder-sweep.js';

describe('ReminderSweep', () => {
  let world: TwoEpcis;
  let sweep: ReminderSweep;
  const now = new Date('2026-06-01T10:00:00Z');

  /** An adhesion in force whose first anniversary is 20 days from now. */
  const activeWithAnniversaryIn20Days = (communeInsee: string, epciSiren: string) => {
    const state = activeState('2025-06-21');
    return newAdhesion({ id: `adh-${communeInsee}`, communeInsee, epciSiren, serviceCode: 'ADS', options: [], forecastUnits: '40.5', createdBy: 'test', at: '2025-04-01T08:00:00.000Z', state });
  };

  beforeEach(async () => {
    world = await twoEpcis();
    const clock = new ManualClock();
    clock.set(now);
    sweep = new ReminderSweep(world.uow, clock, { epciWaitWorkingDays: 10 } as AppConfig);
    await world.uow.seed({ adhesions: [activeWithAnniversaryIn20Days('49007', world.epcis.a.siren), activeWithAnniversaryIn20Days('44109', world.epcis.b.siren)] });
    // Nantes Métropole reminds its communes 10 days before, and only then.
    await world.uow.write((r) => r.catalogue.updateService(world.epcis.b.siren, 'ADS', { reminderOffsets: [10] }));
  });

  const ledger = (adhesionId: string) =>
    [...world.uow.tables().ledger.values()].filter((row) => row.adhesionId === adhesionId).map((row) => [row.kind, row.offsetDays, row.status]);

  it('sends the latest due reminder of each kind once, the older ones recorded as superseded', async () => {
    await sweep.run();
    expect(ledger('adh-49007').sort()).toEqual(
      [
        ['renewal_reminder', 90, 'superseded'],
        ['renewal_reminder', 60, 'superseded'],
        ['renewal_reminder', 30, 'pending'],
        // Unconfirmed 30 days before: the DGS is told too.
        ['renewal_escalation', 30, 'pending'],
      ].sort(),
    );
    const again = await sweep.run();
    expect(again.decided).toBe(0);
    expect(ledger('adh-49007')).toHaveLength(4);
  });

  it('follows the offsets of the adhesion’s own EPCI: no commune reminder yet for Nantes Métropole’s 10-day one', async () => {
    await sweep.run();
    expect(ledger('adh-44109')).toEqual([['renewal_escalation', 30, 'pending']]);
  });
});
