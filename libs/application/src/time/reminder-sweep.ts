// Decides the reminders that are due: one ledger row per (adhesion, cycle, kind, offset), written in the
// transaction that decides, so that however many workers sweep, each reminder is decided once.
import { Inject, Injectable } from '@nestjs/common';
import { addDays, compareCivil, parisDateOf, parisTime, unitCostNotificationDeadline } from '#domain';
import { AdhesionEntity, NotificationLedgerEntity, ServiceEntity, UnitCostEntity, UnitOfWork, isUniqueViolation } from '#persistence';
import { allowedEvents, dueReminders, restoreSnapshot, STATE_LABELS_FR, topState, type DueReminder } from '#workflow';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { workingDaysBetween } from '../inbox/working-days.js';

/** Days before the unit-cost deadline when the DGS is told, the day itself included. */
export const UNIT_COST_NOTICE_OFFSETS = [30, 7, 0];

/** Moves that are always open and never make the EPCI "late". */
const OPTIONAL_EVENTS = new Set<string>(['PROPOSE_AMENDMENT', 'GIVE_NOTICE', 'WITHDRAW']);

@Injectable()
export class ReminderSweep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(batch = 500): Promise<{ decided: number; superseded: number }> {
    const renewals = await this.renewalReminders(batch);
    const waiting = await this.epciWaiting(batch);
    const unitCosts = await this.unitCostDeadline();
    return { decided: renewals.decided + waiting + unitCosts.decided, superseded: renewals.superseded + unitCosts.superseded };
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
    const missing = await this.uow.read((m) =>
      m
        .createQueryBuilder(AdhesionEntity, 'a')
        .innerJoin(ServiceEntity, 's', 's.code = a.service_code')
        .leftJoin(UnitCostEntity, 'u', 'u.service_code = a.service_code AND u.year = :year AND u.notified_at IS NOT NULL', { year })
        .select(['a.epci_siren AS epci', 's.name AS service'])
        .where("a.state = 'active' AND u.service_code IS NULL")
        .distinct(true)
        .getRawMany<{ epci: string; service: string }>(),
    );
    const byEpci = new Map<string, string[]>();
    for (const row of missing) byEpci.set(row.epci, [...(byEpci.get(row.epci) ?? []), row.service]);
    const latest = Math.min(...due);
    let decided = 0;
    let superseded = 0;
    for (const [epciSiren, services] of byEpci) {
      const known = await this.uow.read((m) => m.find(NotificationLedgerEntity, { where: { epciSiren, cycle: year, kind: 'unit_cost_deadline' } }));
      const fresh = due.filter((offset) => !known.some((k) => k.offsetDays === offset));
      if (fresh.length === 0) continue;
      const rows = fresh.map((offset) => ({
        id: newId(),
        adhesionId: null,
        epciSiren,
        cycle: year,
        kind: 'unit_cost_deadline',
        offsetDays: offset,
        recipient: 'epci',
        status: offset === latest ? 'pending' : 'superseded',
        dueAt: now.toISOString(),
        attempts: 0,
        lastError: null,
        payload: { year, deadline, offset, services: services.sort() },
        createdAt: now.toISOString(),
        sentAt: null,
      }));
      try {
        await this.uow.write((m) => m.insert(NotificationLedgerEntity, rows as never));
        decided += rows.filter((r) => r.status === 'pending').length;
        superseded += rows.filter((r) => r.status === 'superseded').length;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
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
    let after = '';
    for (;;) {
      const candidates = await this.uow.read((m) =>
        m
          .createQueryBuilder(AdhesionEntity, 'a')
          // Only the states where a step can wait on the EPCI (a convention in force waits on nobody).
          .where(
            "(a.state IN ('submitted', 'study', 'proposal', 'deliberations', 'signature') OR a.state_detail LIKE '%renewalConfirmed%') AND a.updated_at <= :before AND a.id > :after",
            { before, after },
          )
          .orderBy('a.id', 'ASC')
          .limit(batch)
          .getMany(),
      );
      if (candidates.length === 0) break;
      after = candidates[candidates.length - 1].id;
      for (const adhesion of candidates) {
        const workingDays = workingDaysBetween(parisDateOf(adhesion.updatedAt), today);
        if (workingDays <= limit) continue;
        const snapshot = restoreSnapshot(adhesion.snapshot);
        if (!allowedEvents(snapshot, 'dgs', now.toISOString()).some((type) => !OPTIONAL_EVENTS.has(type))) continue;
        try {
          await this.uow.write((m) =>
            m.insert(NotificationLedgerEntity, {
              id: newId(),
              adhesionId: adhesion.id,
              cycle: adhesion.version,
              kind: 'epci_waiting',
              offsetDays: limit,
              recipient: 'epci',
              status: 'pending',
              dueAt: now.toISOString(),
              attempts: 0,
              lastError: null,
              payload: { since: parisDateOf(adhesion.updatedAt), workingDays, state: STATE_LABELS_FR[topState(snapshot.value)] },
              createdAt: now.toISOString(),
              sentAt: null,
            } as never),
          );
          decided++;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // already told for this step
        }
      }
      if (candidates.length < batch) break;
    }
    return decided;
  }

  private async renewalReminders(batch: number): Promise<{ decided: number; superseded: number }> {
    const now = this.clock.now();
    const today = parisDateOf(now);
    const services = await this.uow.read((m) => m.find(ServiceEntity));
    const offsetsOf = new Map(services.map((s) => [s.code, s.reminderOffsets]));
    const longest = Math.max(90, ...services.flatMap((s) => s.reminderOffsets));
    const horizon = addDays(today, longest + 1);
    let decided = 0;
    let superseded = 0;
    let after = '';
    for (;;) {
      const candidates = await this.uow.read((m) =>
        m
          .createQueryBuilder(AdhesionEntity, 'a')
          .where("a.state = 'active' AND a.anniversary_on > :today AND a.anniversary_on <= :horizon AND a.id > :after", { today, horizon, after })
          .orderBy('a.id', 'ASC')
          .limit(batch)
          .getMany(),
      );
      if (candidates.length === 0) break;
      after = candidates[candidates.length - 1].id;
      for (const adhesion of candidates) {
        const due = dueReminders(restoreSnapshot(adhesion.snapshot), offsetsOf.get(adhesion.serviceCode) ?? [], now);
        if (due.length === 0) continue;
        const result = await this.decide(adhesion, due, now);
        decided += result.decided;
        superseded += result.superseded;
      }
      if (candidates.length < batch) break;
    }
    return { decided, superseded };
  }

  /** Per kind, the latest due reminder is sent; older ones never sent are recorded as superseded. */
  private async decide(adhesion: AdhesionEntity, due: DueReminder[], now: Date) {
    const known = await this.uow.read((m) =>
      m.find(NotificationLedgerEntity, { where: { adhesionId: adhesion.id, cycle: due[0].cycle }, select: { kind: true, offsetDays: true } }),
    );
    const fresh = due.filter((r) => !known.some((k) => k.kind === r.kind && k.offsetDays === r.offset));
    if (fresh.length === 0) return { decided: 0, superseded: 0 };
    const latest = new Map<string, number>();
    for (const r of due) latest.set(r.kind, Math.min(latest.get(r.kind) ?? Infinity, r.offset));
    const rows = fresh.map((r) => ({
      id: newId(),
      adhesionId: adhesion.id,
      cycle: r.cycle,
      kind: r.kind,
      offsetDays: r.offset,
      recipient: r.recipient,
      status: r.offset === latest.get(r.kind) ? ('pending' as const) : ('superseded' as const),
      dueAt: r.dueAt.toISOString(),
      attempts: 0,
      lastError: null,
      payload: { anniversary: r.anniversary, offset: r.offset, year: r.cycle },
      createdAt: now.toISOString(),
      sentAt: null,
    }));
    try {
      await this.uow.write((m) => m.insert(NotificationLedgerEntity, rows as never));
    } catch (error) {
      // Another worker decided the same reminders first: nothing to do.
      if (isUniqueViolation(error)) return { decided: 0, superseded: 0 };
      throw error;
    }
    const sent = rows.filter((r) => r.status === 'pending').length;
    return { decided: sent, superseded: rows.length - sent };
  }
}
