// The notifications decided, each once (a unique index), and their sending: a row is claimed with a
// compare-and-swap (pending → sending, with a lease), so two workers never send it both.
import { In } from 'typeorm';
import type { LedgerRow, NotificationLedger } from '../../../application/src/ports/index.js';
import { NotificationLedgerEntity } from '../entities/index.js';
import { toLedgerRow } from './mappers.js';
import { insertRows } from './plain-sql.js';
import { TypeOrmRepository } from './typeorm-repository.js';

/** What a lost error message may weigh in the ledger. */
const ERROR_LENGTH = 2000;

export class TypeOrmNotificationLedger extends TypeOrmRepository implements NotificationLedger {
  async decide(rows: LedgerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.writing(insertRows(this.m, NotificationLedgerEntity, rows as Array<Partial<NotificationLedgerEntity>>));
  }

  async decidedFor(
    target: { adhesionId: string } | { epciSiren: string; kind: string },
    cycle: number,
  ): Promise<Array<{ kind: string; offsetDays: number }>> {
    const where =
      'adhesionId' in target ? { adhesionId: target.adhesionId, cycle } : { epciSiren: target.epciSiren, cycle, kind: target.kind };
    const rows = await this.m.find(NotificationLedgerEntity, { where, select: { kind: true, offsetDays: true }, order: { kind: 'ASC', offsetDays: 'DESC' } });
    return rows.map((r) => ({ kind: r.kind, offsetDays: r.offsetDays }));
  }

  async decidedForAdhesions(adhesionIds: readonly string[]): Promise<Array<{ adhesionId: string; cycle: number; kind: string; offsetDays: number }>> {
    if (adhesionIds.length === 0) return [];
    const rows = await this.m.find(NotificationLedgerEntity, {
      where: { adhesionId: In([...adhesionIds]) },
      select: { adhesionId: true, cycle: true, kind: true, offsetDays: true },
    });
    return rows.map((r) => ({ adhesionId: r.adhesionId!, cycle: r.cycle, kind: r.kind, offsetDays: r.offsetDays }));
  }

  async sendable(now: string, limit: number): Promise<string[]> {
    const rows = await this.m
      .createQueryBuilder(NotificationLedgerEntity, 'l')
      .select('l.id', 'id')
      .where("(l.status = 'pending' OR l.status = 'sending') AND (l.due_at IS NULL OR l.due_at <= :now)", { now })
      .orderBy('l.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  async claim(id: string, now: string, leaseUntil: string): Promise<LedgerRow | null> {
    const result = await this.writing(
      this.m
        .createQueryBuilder()
        .update(NotificationLedgerEntity)
        .set({ status: 'sending', attempts: () => 'attempts + 1', dueAt: leaseUntil })
        .where("id = :id AND (status = 'pending' OR (status = 'sending' AND due_at <= :now)) AND (due_at IS NULL OR due_at <= :now)", { id, now })
        .execute(),
    );
    if (result.affected !== 1) return null;
    return toLedgerRow(await this.m.findOneByOrFail(NotificationLedgerEntity, { id }));
  }

  async markSent(id: string, at: string): Promise<void> {
    await this.writing(this.m.update(NotificationLedgerEntity, { id, status: 'sending' }, { status: 'sent', sentAt: at, lastError: null }));
  }

  async markFailed(id: string, outcome: { giveUp: boolean; retryAt: string; error: string }): Promise<void> {
    await this.writing(
      this.m.update(
        NotificationLedgerEntity,
        { id, status: 'sending' },
        { status: outcome.giveUp ? 'failed' : 'pending', dueAt: outcome.retryAt, lastError: outcome.error.slice(0, ERROR_LENGTH) },
      ),
    );
  }
}
