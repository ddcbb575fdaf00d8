// Decides the reminders that are due: one ledger row per (adhesion, cycle, kind, offset), written in the
// transaction that decides, so that however many workers sweep, each reminder is decided once.
import { Inject, Injectable } from '@nestjs/common';
import { addDays, compareCivil, parisDateOf, parisTime, unitCostNotificationDeadline, workingDaysBetween } from '#domain';
import { allowedOnce, dueReminders, dueTermReminders, isFinal, restoreSnapshot, STATE_LABELS_FR, TERM_REMINDER_OFFSETS_DAYS, topState, type DueReminder } from '#workflow';
import { waitsOn } from '../adhesions/waiting.js';
import { Clock } from '../common/clock.js';
import { pagesById } from '../common/pages-by-id.js';
import { newLedgerRow } from '../notifications/ledger-row.js';
import { type Adhesion } from '../ports/records.js';
import { UniqueViolation, UnitOfWork } from '../ports/repositories.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MoneyReminders } from '../money/money-reminders.js';

/** Days before the unit-cost deadline when the DGS is told, the day itself included. */
export const UNIT_COST_NOTICE_OFFSETS = [30, 7, 0];

@Injectable()
export class ReminderSweep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private readonly money = new MoneyReminders(this.uow, this.clock);

  async run(batch = 500): Promise<{ decided: number; superseded: number }> {
    const renewals = await this.renewalReminders(batch);
    const waiting = await this.epciWaiting(batch);
    const unitCosts = await this.unitCostDeadline();
    const money = await this.money.run();
    return { decided: renewals.decided + waiting + unitCosts.decided + money, superseded: renewals.superseded + unitCosts.superseded };
  }

  /**
   * Each EPCI's DGS is told when the deadline for notifying the year's unit costs approaches (30 and 7 days
   * before, and on the day: 15 April, or 30 April in a year of municipal elections), as long as a service
   * its communes use has no unit cost notified for the year.
   */
  private async unitCostDeadline(): Promise<{ decided: number; superseded: number }> {
    const now = this.clock.now();
    const today = parisDateOf(now);
    const year = Number(today.slice(0, 4));
    const deadline = unitCostNotificationDeadline(year);
    if (compareCivil(today, deadline) > 0) return { decided: 0, superseded: 0 };
    const due = UNIT_COST_NOTICE_OFFSETS.filter((offset) => parisTime(addDays(deadline, -offset), 9).getTime() <= now.getTime());
    if (due.length === 0) return { decided: 0, superseded: 0 };
    const missing = await this.uow.read((r) => r.adhesions.missingUnitCosts(year));
    const byEpci = new Map<string, string[]>();
    for (const row of missing) byEpci.set(row.epciSiren, [...(byEpci.get(row.epciSiren) ?? []), row.serviceName]);
    const latest = Math.min(...due);
    let decided = 0;
    let superseded = 0;
    for (const [epciSiren, services] of byEpci) {
      const known = await this.uow.read((r) => r.ledger.decidedFor({ epciSiren, kind: 'unit_cost_deadline' }, year));
      const fresh = due.filter((offset) => !known.some((k) => k.offsetDays === offset));
      if (fresh.length === 0) continue;
      const rows = fresh.map((offset) =>
        newLedgerRow(
          {
            kind: 'unit_cost_deadline',
            epciSiren,
            cycle: year,
            offsetDays: offset,
            recipient: 'epci',
            status: offset === latest ? 'pending' : 'superseded',
            dueAt: now.toISOString(),
            payload: { year, deadline, offset, services: [...new Set(services)].sort((a, b) => a.localeCompare(b, 'fr')) },
          },
          now.toISOString(),
        ),
      );
      try {
        await this.uow.write((r) => r.ledger.decide(rows));
        decided += rows.filter((r) => r.status === 'pending').length;
        superseded += rows.filter((r) => r.status === 'superseded').length;
      } catch (error) {
        if (!(error instanceof UniqueViolation)) throw error;
      }
    }
    return { decided, superseded };
  }

  /**
   * The DGS is told once per step when a step has waited on the EPCI more than the set number of
   * working days (French public holidays counted). The step's identity is the adhesion's version.
   */
  private async epciWaiting(batch: number): Promise<number> {
    const now = this.clock.now();
    const today = parisDateOf(now);
    const limit = this.config.epciWaitWorkingDays;
    // Working days are never fewer than calendar days: a cheap filter first.
    const before = new Date(now.getTime() - limit * 86_400_000).toISOString();
    let decided = 0;
    const pages = pagesById((after, limit) => this.uow.read((r) => r.adhesions.possiblyWaitingOnEpci(before, after, limit)), (a) => a.id, batch);
    for await (const candidates of pages) {
      // One read of the ledger for the batch: a step already told about is skipped without a write.
      const told = new Set(
        (await this.uow.read((r) => r.ledger.decidedForAdhesions(candidates.map((c) => c.id))))
          .filter((k) => k.kind === 'epci_waiting')
          .map((k) => `${k.adhesionId}:${k.cycle}`),
      );
      for (const adhesion of candidates) {
        if (told.has(`${adhesion.id}:${adhesion.version}`)) continue;
        const workingDays = workingDaysBetween(parisDateOf(adhesion.updatedAt), today);
        if (workingDays <= limit) continue;
        const snapshot = restoreSnapshot(adhesion.snapshot);
        if (!waitsOn(snapshot, 'dgs', allowedOnce(now.toISOString()))) continue;
        const row = newLedgerRow(
          {
            kind: 'epci_waiting',
            adhesionId: adhesion.id,
            cycle: adhesion.version,
            offsetDays: limit,
            recipient: 'epci',
            dueAt: now.toISOString(),
            payload: { since: parisDateOf(adhesion.updatedAt), workingDays, state: STATE_LABELS_FR[topState(snapshot.value)] },
          },
          now.toISOString(),
        );
        try {
          await this.uow.write((r) => r.ledger.decide([row]));
          decided++;
        } catch (error) {
          if (!(error instanceof UniqueViolation)) throw error; // already told for this step
        }
      }
    }
    return decided;
  }

  private async renewalReminders(batch: number): Promise<{ decided: number; superseded: number }> {
    const now = this.clock.now();
    const today = parisDateOf(now);
    const services = await this.uow.read((r) => r.catalogue.allServices());
    const offsetsOf = new Map(services.map((s) => [`${s.epciSiren}:${s.code}`, s.reminderOffsets]));
    const longest = Math.max(90, ...TERM_REMINDER_OFFSETS_DAYS, ...services.flatMap((s) => s.reminderOffsets));
    const horizon = addDays(today, longest + 1);
    let decided = 0;
    let superseded = 0;
    const pages = pagesById((after, limit) => this.uow.read((r) => r.adhesions.approachingAnniversary(today, horizon, after, limit)), (a) => a.id, batch);
    for await (const candidates of pages) {
      const dueOf = new Map<Adhesion, DueReminder[]>();
      for (const adhesion of candidates) {
        const snapshot = restoreSnapshot(adhesion.snapshot);
        const due = [...dueReminders(snapshot, offsetsOf.get(`${adhesion.epciSiren}:${adhesion.serviceCode}`) ?? [], now), ...(await this.termReminders(adhesion, snapshot, now))];
        if (due.length > 0) dueOf.set(adhesion, due);
      }
      // One read of the ledger for the whole batch, not one per adhesion (docs/PERFORMANCE.md, P7).
      const decidedRows = dueOf.size ? await this.uow.read((r) => r.ledger.decidedForAdhesions([...dueOf.keys()].map((a) => a.id))) : [];
      const known = new Map<string, Array<{ kind: string; offsetDays: number }>>();
      for (const k of decidedRows) known.set(`${k.adhesionId}:${k.cycle}`, [...(known.get(`${k.adhesionId}:${k.cycle}`) ?? []), k]);
      for (const [adhesion, due] of dueOf) {
        const result = await this.decide(adhesion, due, known.get(`${adhesion.id}:${due[0].cycle}`) ?? [], now);
        decided += result.decided;
        superseded += result.superseded;
      }
    }
    return { decided, superseded };
  }

  /** « Renouveler la convention », unless a successor already renews this convention (and is not over). */
  private async termReminders(adhesion: Adhesion, snapshot: Parameters<typeof dueTermReminders>[0], now: Date): Promise<DueReminder[]> {
    const due = dueTermReminders(snapshot, now);
    if (due.length === 0) return [];
    const successor = await this.uow.read((r) => r.adhesions.successorOf(adhesion.id));
    return successor && !isFinal(successor.snapshot.value as never) ? [] : due;
  }

  /** Per kind, the latest due reminder is sent; older ones never sent are recorded as superseded. */
  private async decide(adhesion: Adhesion, due: DueReminder[], known: ReadonlyArray<{ kind: string; offsetDays: number }>, now: Date) {
    const fresh = due.filter((r) => !known.some((k) => k.kind === r.kind && k.offsetDays === r.offset));
    if (fresh.length === 0) return { decided: 0, superseded: 0 };
    const latest = new Map<string, number>();
    for (const r of due) latest.set(r.kind, Math.min(latest.get(r.kind) ?? Infinity, r.offset));
    const rows = fresh.map((r) =>
      newLedgerRow(
        {
          kind: r.kind,
          adhesionId: adhesion.id,
          cycle: r.cycle,
          offsetDays: r.offset,
          recipient: r.recipient,
          status: r.offset === latest.get(r.kind) ? 'pending' : 'superseded',
          dueAt: r.dueAt.toISOString(),
          payload: r.kind === 'term_reminder' ? { termEnd: r.anniversary, offset: r.offset } : { anniversary: r.anniversary, offset: r.offset, year: r.cycle },
        },
        now.toISOString(),
      ),
    );
    try {
      await this.uow.write((r) => r.ledger.decide(rows));
    } catch (error) {
      // Another worker decided the same reminders first: nothing to do.
      if (error instanceof UniqueViolation) return { decided: 0, superseded: 0 };
      throw error;
    }
    const sent = rows.filter((r) => r.status === 'pending').length;
    return { decided: sent, superseded: rows.length - sent };
  }
}
