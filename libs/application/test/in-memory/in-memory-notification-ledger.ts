// The notification ledger, in memory: one row per decided notification, unique per (adhesion, cycle, kind,
// offset) and per (EPCI, cycle, kind, offset); a row is claimed with a lease, so only one sender holds it.
import { type LedgerRow, type NotificationLedger } from '../../src/ports/index.js';
import { clone, compareText, type Tx } from './in-memory-tables.js';

/** The longest error text kept, as the dispatcher has always cut it. */
const MAX_ERROR_LENGTH = 2000;

export class InMemoryNotificationLedger implements NotificationLedger {
  constructor(private readonly tx: Tx) {}

  async decide(rows: LedgerRow[]): Promise<void> {
    for (const row of rows) this.tx.insert('ledger', row);
  }

  async decidedFor(
    target: { adhesionId: string } | { epciSiren: string; kind: string },
    cycle: number,
  ): Promise<Array<{ kind: string; offsetDays: number }>> {
    const match =
      'adhesionId' in target
        ? (r: LedgerRow) => r.adhesionId === target.adhesionId && r.cycle === cycle
        : (r: LedgerRow) => r.epciSiren === target.epciSiren && r.kind === target.kind && r.cycle === cycle;
    return [...this.tx.rows.ledger.values()]
      .filter(match)
      .sort((a, b) => compareText(a.kind, b.kind) || b.offsetDays - a.offsetDays)
      .map((r) => ({ kind: r.kind, offsetDays: r.offsetDays }));
  }

  async decidedForAdhesions(adhesionIds: readonly string[]): Promise<Array<{ adhesionId: string; cycle: number; kind: string; offsetDays: number }>> {
    const wanted = new Set(adhesionIds);
    return [...this.tx.rows.ledger.values()]
      .filter((r) => r.adhesionId !== null && r.adhesionId !== undefined && wanted.has(r.adhesionId))
      .map((r) => ({ adhesionId: r.adhesionId!, cycle: r.cycle, kind: r.kind, offsetDays: r.offsetDays }));
  }

  /**
   * Pending rows whose time has come, and rows whose sending lease has expired; the oldest decided first.
   * As in SQL, a `sending` row without a lease is listed too (claim then refuses it: nothing sets one so).
   */
  async sendable(now: string, limit: number): Promise<string[]> {
    return [...this.tx.rows.ledger.values()]
      .filter((r) => (r.status === 'pending' || r.status === 'sending') && (r.dueAt === null || r.dueAt <= now))
      .sort((a, b) => compareText(a.createdAt, b.createdAt))
      .slice(0, limit)
      .map((r) => r.id);
  }

  async claim(id: string, now: string, leaseUntil: string): Promise<LedgerRow | null> {
    const row = this.tx.mutable('ledger claim').ledger.get(id);
    if (!row || !claimable(row, now)) return null;
    const claimed: LedgerRow = { ...row, status: 'sending', attempts: row.attempts + 1, dueAt: leaseUntil };
    this.tx.update('ledger', id, claimed);
    return clone(claimed);
  }

  async claimBatch(now: string, leaseUntil: string, limit: number): Promise<LedgerRow[]> {
    const ledger = this.tx.mutable('ledger claimBatch').ledger;
    const rows = [...ledger.values()]
      .filter((r) => claimable(r, now))
      // As `sendable`: the oldest decided first, those decided at one instant in the order they were decided.
      .sort((a, b) => compareText(a.createdAt, b.createdAt))
      .slice(0, Math.max(0, limit));
    return rows.map((row) => {
      const claimed: LedgerRow = { ...row, status: 'sending', attempts: row.attempts + 1, dueAt: leaseUntil };
      this.tx.update('ledger', row.id, claimed);
      return clone(claimed);
    });
  }

  async markSent(ids: string | readonly string[], at: string): Promise<void> {
    const ledger = this.tx.mutable('ledger markSent').ledger;
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const row = ledger.get(id);
      if (row?.status !== 'sending') continue;
      this.tx.update('ledger', id, { ...row, status: 'sent', sentAt: at, lastError: null });
    }
  }

  async markFailed(id: string, outcome: { giveUp: boolean; retryAt: string; error: string }): Promise<void> {
    const row = this.tx.mutable('ledger markFailed').ledger.get(id);
    if (row?.status !== 'sending') return;
    this.tx.update('ledger', id, {
      ...row,
      status: outcome.giveUp ? 'failed' : 'pending',
      dueAt: outcome.retryAt,
      lastError: outcome.error.slice(0, MAX_ERROR_LENGTH),
    });
  }
}

/** Pending and due (or with no due time), or sending with a lease that has expired. */
function claimable(row: LedgerRow, now: string): boolean {
  if (row.status === 'pending') return row.dueAt === null || row.dueAt <= now;
  return row.status === 'sending' && row.dueAt !== null && row.dueAt <= now;
}
