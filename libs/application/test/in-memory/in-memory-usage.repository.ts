// The units used per adhesion and period, and the trail of their changes, in memory: unique per (adhesionId,
// year, period), changed only by a compare-and-swap on `version`, in the orders of the SQL implementation.
import { StaleVersion } from '#workflow';
import { type UsageAuditRow, type UsageRecord, type UsageRepository } from '../../src/ports/index.js';
import { clone, compareText, type Tx } from './in-memory-tables.js';

export class InMemoryUsageRepository implements UsageRepository {
  constructor(private readonly tx: Tx) {}

  async get(adhesionId: string, year: number, period: number): Promise<UsageRecord | null> {
    const found = [...this.tx.rows.usage.values()].find((u) => u.adhesionId === adhesionId && u.year === year && u.period === period);
    return found ? clone(found) : null;
  }

  async ofAdhesion(adhesionId: string, year?: number): Promise<UsageRecord[]> {
    return [...this.tx.rows.usage.values()]
      .filter((u) => u.adhesionId === adhesionId && (year === undefined || u.year === year))
      .sort((a, b) => a.year - b.year || a.period - b.period)
      .map(clone);
  }

  /** By service, then commune (INSEE code), then period; ties by adhesion. */
  async ofEpciYear(epciSiren: string, year: number, filter: { serviceCode?: string; communeInsee?: string } = {}): Promise<UsageRecord[]> {
    return [...this.tx.rows.usage.values()]
      .filter(
        (u) =>
          u.epciSiren === epciSiren &&
          u.year === year &&
          (filter.serviceCode === undefined || u.serviceCode === filter.serviceCode) &&
          (filter.communeInsee === undefined || u.communeInsee === filter.communeInsee),
      )
      .sort(
        (a, b) =>
          compareText(a.serviceCode, b.serviceCode) || compareText(a.communeInsee, b.communeInsee) || a.period - b.period || compareText(a.adhesionId, b.adhesionId),
      )
      .map(clone);
  }

  async insert(record: UsageRecord): Promise<void> {
    this.tx.insert('usage', record);
  }

  async compareAndSwap(record: UsageRecord, expectedVersion: number): Promise<void> {
    const current = this.tx.mutable('compareAndSwap').usage.get(record.id);
    if (!current || current.version !== expectedVersion) {
      throw new StaleVersion('The units changed since they were read', { expectedVersion });
    }
    this.tx.update('usage', record.id, { ...record, version: expectedVersion + 1 });
  }

  async appendAudit(row: UsageAuditRow): Promise<void> {
    this.tx.insert('usageAudit', row);
  }

  /** Oldest first; ties (one instant) in insertion order, as the SQL one. */
  async audit(adhesionId: string): Promise<UsageAuditRow[]> {
    return [...this.tx.rows.usageAudit.values()]
      .filter((r) => r.adhesionId === adhesionId)
      .sort((a, b) => compareText(a.at, b.at))
      .map(clone);
  }
}
