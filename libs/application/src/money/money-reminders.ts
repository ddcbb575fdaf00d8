// The DGS is told when money work is due (DESIGN.md, "The money of a year"), each reminder decided once through
// the ledger:
// - `units_missing`: a period of a convention has ended UNITS_GRACE_DAYS ago and its units are not recorded;
// - `unit_cost_first_year`: a convention signed less than three months ago has no notified cost for its
//   signature year (CGCT D5211-16: within three months of signature in the first year), 30 and 7 days before
//   that deadline and on the day.
// The scan reads every convention in force this year or last: it runs once a day per process, not at every tick.
import { addDays, compareCivil, coveredSpan, firstYearUnitCostDeadline, parisDateOf, parisTime, periodsOf, type CivilDate } from '#domain';
import { type AdhesionContext } from '#workflow';
import { Clock } from '../common/clock.js';
import { pagesById } from '../common/pages-by-id.js';
import { Scope } from '../common/scope.js';
import { newLedgerRow } from '../notifications/ledger-row.js';
import { type AdhesionRow } from '../ports/records.js';
import { UniqueViolation, type Repositories, type UnitOfWork } from '../ports/repositories.js';
import { coverageOf } from './convention-year.js';
import { paymentTermsOf } from './usage-response.js';

/** Days after a period's end before the DGS is told its units are missing: the time to record them. */
export const UNITS_GRACE_DAYS = 10;
/** Days before the first year's unit-cost deadline when the DGS is told, the day itself included. */
export const FIRST_YEAR_COST_OFFSETS = [30, 7, 0];

/** How many conventions are read at once, and share one read of the ledger. */
const LEDGER_BATCH = 500;
/** The reminders of a batch's conventions already in the ledger, by decisionKey. */
type Known = ReadonlySet<string>;
const decisionKey = (adhesionId: string, kind: string, cycle: number, offsetDays: number) => `${adhesionId}|${kind}|${cycle}|${offsetDays}`;

export class MoneyReminders {
  private scannedOn: CivilDate | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly pageSize = LEDGER_BATCH,
  ) {}

  async run(): Promise<number> {
    const now = this.clock.now();
    const today = parisDateOf(now);
    // Once a day, from 09:00 in Paris, as the other reminders.
    if (this.scannedOn === today || now.getTime() < parisTime(today, 9).getTime()) return 0;
    const year = Number(today.slice(0, 4));
    let decided = 0;
    // The conventions in force by the end of this year include those of last year (the same states, an earlier
    // start), so one scan covers both. A page at a time: read whole, with their snapshots, the conventions of a
    // national storm took the worker past a 256 MiB heap (docs/PERFORMANCE.md, decision 15).
    const pages = pagesById((after, limit) => this.uow.read((r) => r.adhesions.conventions(Scope.everything, { year, after, limit })), (row) => row.adhesion.id, this.pageSize);
    for await (const batch of pages) {
      // The ledger read once per batch: a reminder already decided (yesterday's scan, another process) is
      // skipped without a write transaction; decideOnce still checks inside its own, for a race.
      const decidedRows = await this.uow.read((r) => r.ledger.decidedForAdhesions(batch.map((row) => row.adhesion.id)));
      const known: Known = new Set(decidedRows.map((k) => decisionKey(k.adhesionId, k.kind, k.cycle, k.offsetDays)));
      for (const row of batch) {
        decided += await this.unitsMissing(row, today, known);
        decided += await this.firstYearCost(row, now, today, known);
      }
    }
    this.scannedOn = today;
    return decided;
  }

  private async unitsMissing(row: AdhesionRow, today: CivilDate, known: Known): Promise<number> {
    const { adhesion } = row;
    const coverage = coverageOf(adhesion);
    if (!coverage) return 0;
    const { periodicity } = paymentTermsOf(adhesion);
    const year = Number(today.slice(0, 4));
    let decided = 0;
    for (const y of [year - 1, year]) {
      for (const span of periodsOf(y, periodicity)) {
        const due = addDays(span.to, 1 + UNITS_GRACE_DAYS);
        // A window of a month after the grace, so that a convention is not rescanned for ever.
        if (compareCivil(today, due) < 0 || compareCivil(today, addDays(due, 30)) > 0) continue;
        if (!coveredSpan(span, coverage)) continue;
        const cycle = y * 10 + span.period;
        decided += await this.decideOnce(known, adhesion.id, 'units_missing', cycle, 0, async (r) => (await r.usage.get(adhesion.id, y, span.period)) === null, {
          year: y,
          period: span.period,
          periodicity,
          from: span.from,
          to: span.to,
        });
      }
    }
    return decided;
  }

  private async firstYearCost(row: AdhesionRow, now: Date, today: CivilDate, known: Known): Promise<number> {
    const { adhesion } = row;
    if (adhesion.state !== 'active') return 0;
    const context = adhesion.snapshot.context as AdhesionContext;
    const signedOn = [context.signatures.commune?.date, context.signatures.epci?.date]
      .filter((d): d is CivilDate => d !== undefined)
      .sort()
      .at(-1);
    if (!signedOn) return 0;
    const deadline = firstYearUnitCostDeadline(signedOn);
    if (compareCivil(today, deadline) > 0) return 0;
    const offsets = FIRST_YEAR_COST_OFFSETS.filter((offset) => parisTime(addDays(deadline, -offset), 9).getTime() <= now.getTime());
    if (offsets.length === 0) return 0;
    const offset = Math.min(...offsets);
    const year = Number(signedOn.slice(0, 4));
    return this.decideOnce(
      known,
      adhesion.id,
      'unit_cost_first_year',
      year,
      offset,
      async (r) => !(await r.catalogue.unitCost(adhesion.epciSiren, adhesion.serviceCode, year))?.notifiedAt,
      { year, signedOn, deadline, offset },
    );
  }

  /** Decides one reminder if it is still due and not yet decided; 1 if decided. */
  private async decideOnce<K extends 'units_missing' | 'unit_cost_first_year'>(
    known: Known,
    adhesionId: string,
    kind: K,
    cycle: number,
    offsetDays: number,
    stillDue: (r: Repositories) => Promise<boolean>,
    payload: K extends 'units_missing' ? { year: number; period: number; periodicity: string; from: CivilDate; to: CivilDate } : { year: number; signedOn: CivilDate; deadline: CivilDate; offset: number },
  ): Promise<number> {
    // Decided already, or no longer due (units recorded, cost notified): known without a write transaction.
    if (known.has(decisionKey(adhesionId, kind, cycle, offsetDays)) || !(await this.uow.read(stillDue))) return 0;
    const at = this.clock.now().toISOString();
    try {
      return await this.uow.write(async (r) => {
        const known = await r.ledger.decidedFor({ adhesionId }, cycle);
        if (known.some((k) => k.kind === kind && k.offsetDays === offsetDays) || !(await stillDue(r))) return 0;
        await r.ledger.decide([newLedgerRow({ kind, adhesionId, cycle, offsetDays, recipient: 'epci', dueAt: at, payload } as never, at)]);
        return 1;
      });
    } catch (error) {
      // Another worker decided it in between: decided once, as it should be.
      if (error instanceof UniqueViolation) return 0;
      throw error;
    }
  }
}
