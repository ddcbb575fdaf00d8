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

  /**
   * One statement. PostgreSQL: the rows are picked `FOR UPDATE SKIP LOCKED`, so a concurrent claim takes the
   * next ones instead of waiting for (or getting) these; a row it picked first is re-checked against the
   * WHERE once its lock is released (read committed), and it is `sending` under a live lease by then.
   * SQLite: the write transaction holds the one writer's lock, so nobody claims in between.
   */
  async claimBatch(now: string, leaseUntil: string, limit: number): Promise<LedgerRow[]> {
    if (limit <= 0) return [];
    const postgres = this.m.connection.options.type === 'postgres';
    // better-sqlite3 binds `?` by position: the values in the order they appear.
    const [pNow, pLease, pLimit] = postgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    const values = postgres ? [now, leaseUntil, limit] : [leaseUntil, now, now, limit];
    const sql = `UPDATE notification_ledger SET status = 'sending', attempts = attempts + 1, due_at = ${pLease}
      WHERE id IN (
        SELECT id FROM notification_ledger
        WHERE status IN ('pending', 'sending')
          AND ((status = 'pending' AND (due_at IS NULL OR due_at <= ${pNow})) OR (status = 'sending' AND due_at <= ${pNow}))
        ORDER BY created_at, id
        LIMIT ${pLimit}${postgres ? ' FOR UPDATE SKIP LOCKED' : ''}
      )
      RETURNING *`;
    // The query runner's structured result: the rows RETURNING gave, on either driver.
    const runner = this.m.queryRunner ?? this.m.connection.createQueryRunner();
    try {
      const result = await this.writing(runner.query(sql, values, true));
      return ((result.records ?? []) as RawLedgerRow[]).map(fromRaw).sort(byCreation);
    } finally {
      if (runner !== this.m.queryRunner) await runner.release();
    }
  }

  async markSent(ids: string | readonly string[], at: string): Promise<void> {
    const list = typeof ids === 'string' ? [ids] : [...ids];
    if (list.length === 0) return;
    await this.writing(this.m.update(NotificationLedgerEntity, { id: In(list), status: 'sending' }, { status: 'sent', sentAt: at, lastError: null }));
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

/** The order of the claim: the oldest decided first (RETURNING gives the rows in no promised order). */
const byCreation = (a: LedgerRow, b: LedgerRow) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** A row as `RETURNING *` gives it: the columns' names, the payload as its JSON text. */
interface RawLedgerRow {
  id: string;
  adhesion_id: string | null;
  epci_siren: string | null;
  cycle: number | string;
  kind: string;
  offset_days: number | string;
  recipient: LedgerRow['recipient'];
  status: LedgerRow['status'];
  due_at: string | null;
  attempts: number | string;
  last_error: string | null;
  payload: string | Record<string, unknown>;
  created_at: string;
  sent_at: string | null;
}

function fromRaw(r: RawLedgerRow): LedgerRow {
  return {
    id: r.id,
    adhesionId: r.adhesion_id,
    epciSiren: r.epci_siren,
    cycle: Number(r.cycle),
    kind: r.kind,
    offsetDays: Number(r.offset_days),
    recipient: r.recipient,
    status: r.status,
    dueAt: r.due_at,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}
