// Decides the reminders that are due: one ledger row per (adhesion, cycle, kind, offset), written in the
// transaction that decides, so that however many workers sweep, each reminder is decided once.
import { Injectable } from '@nestjs/common';
import { addDays, parisDateOf } from '#domain';
import { AdhesionEntity, NotificationLedgerEntity, ServiceEntity, UnitOfWork, isUniqueViolation } from '#persistence';
import { dueReminders, restoreSnapshot, type DueReminder } from '#workflow';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';

@Injectable()
export class ReminderSweep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async run(batch = 500): Promise<{ decided: number; superseded: number }> {
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
