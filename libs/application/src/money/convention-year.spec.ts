// The money of a year reads the terms in force on each day: an avenant's unit cost and forecast from its day,
// each contract year's forecast from its first day, the year's cost the one in force at its end.
import { activeState, type AdhesionContext, type AppliedAmendment, type Terms } from '#workflow';
import { aService, anAdhesion } from '../../test/in-memory/index.js';
import { stateColumns } from '../adhesions/adhesion-row.js';
import { computeConventionYear } from './convention-year.js';

/** A convention in force from 1 January 2026 (180 € a unit, 10 units), with the avenants applied given. */
function year(year: number, amendments: Array<{ appliedOn: string; change: Partial<Terms> }>, forecastByYear: Record<number, number> = { 1: 10 }) {
  const state = activeState('2026-01-01');
  const original = state.context.terms!;
  let terms = original;
  const applied: AppliedAmendment[] = amendments.map(({ appliedOn, change }, i) => {
    const previousTerms = terms;
    terms = { ...terms, ...change };
    return { number: i + 1, proposedBy: 'epci', previousTerms, terms, appliedOn, effectiveDate: appliedOn };
  });
  const context: AdhesionContext = { ...state.context, terms, forecastByYear, ...(applied.length ? { amendments: applied } : {}) };
  const adhesion = anAdhesion({ ...stateColumns({ ...state, context }) });
  return computeConventionYear({ adhesion, service: aService(), year, today: `${year + 1}-01-15`, cost: null, usage: [], share: null });
}

describe('the money of a year under avenants', () => {
  it('without an avenant: the convention’s cost and forecast for the whole year', () => {
    const y = year(2026, []);
    expect(y.money.forecastCents).toBe(180_000);
    expect(y.money.unitCosts).toEqual([{ from: '2026-01-01', to: '2026-12-31', unitCostCents: 18_000 }]);
  });

  it('counts an avenant’s forecast from its day (2026: 10 units for 181 days, then 20 for 184)', () => {
    const y = year(2026, [{ appliedOn: '2026-07-01', change: { forecastUnits: 20 } }]);
    // 180 € × (10 × 181 + 20 × 184) / 365 = 2 707,397… €
    expect(y.money.forecastCents).toBe(270_740);
  });

  it('gives way to the next contract year’s forecast from its first day', () => {
    const y = year(2027, [{ appliedOn: '2026-07-01', change: { forecastUnits: 20 } }], { 1: 10, 2: 15 });
    expect(y.money.forecastCents).toBe(270_000); // 180 € × 15, the renewal’s forecast from 1 January 2027
  });

  it('takes the cost of a year from the terms in force at its end, the cost of its days from those in force on each', () => {
    const rise = [{ appliedOn: '2027-04-01', change: { unitCostCents: 30_000 } }];
    const before = year(2026, rise, { 1: 10, 2: 10 });
    expect(before.unitCostCents).toBe(18_000);
    expect(before.money.forecastCents).toBe(180_000);
    const during = year(2027, rise, { 1: 10, 2: 10 });
    expect(during.unitCostCents).toBe(30_000);
    // (180 € × 10 × 90 + 300 € × 10 × 275) / 365 = 2 704,109… €
    expect(during.money.forecastCents).toBe(270_411);
  });
});
