// The EPCIs' own notification templates, in memory: one per (epciSiren, kind), changed by a compare-and-swap.
import { StaleVersion } from '#workflow';
import { type NotificationTemplateRecord, type NotificationTemplates } from '../../src/ports/index.js';
import { clone, compareText, compositeKey, type Tx } from './in-memory-tables.js';

const pk = (epciSiren: string, kind: string) => compositeKey(epciSiren, kind)!;

export class InMemoryNotificationTemplates implements NotificationTemplates {
  constructor(private readonly tx: Tx) {}

  async get(epciSiren: string, kind: string): Promise<NotificationTemplateRecord | null> {
    const row = this.tx.rows.notificationTemplates.get(pk(epciSiren, kind));
    return row ? clone(row) : null;
  }

  async ofEpci(epciSiren: string): Promise<NotificationTemplateRecord[]> {
    return [...this.tx.rows.notificationTemplates.values()]
      .filter((t) => t.epciSiren === epciSiren)
      .sort((a, b) => compareText(a.kind, b.kind))
      .map(clone);
  }

  async ofEpcis(epciSirens: readonly string[]): Promise<NotificationTemplateRecord[]> {
    const wanted = new Set(epciSirens);
    return [...this.tx.rows.notificationTemplates.values()]
      .filter((t) => wanted.has(t.epciSiren))
      .sort((a, b) => compareText(a.epciSiren, b.epciSiren) || compareText(a.kind, b.kind))
      .map(clone);
  }

  async insert(row: NotificationTemplateRecord): Promise<void> {
    this.tx.insert('notificationTemplates', row);
  }

  async compareAndSwap(row: NotificationTemplateRecord, expectedVersion: number): Promise<void> {
    const key = pk(row.epciSiren, row.kind);
    const stored = this.tx.rows.notificationTemplates.get(key);
    if (!stored || stored.version !== expectedVersion) throw new StaleVersion('The template changed since it was read', { expectedVersion });
    this.tx.update('notificationTemplates', key, { ...row, version: expectedVersion + 1 });
  }

  async remove(epciSiren: string, kind: string, expectedVersion: number): Promise<void> {
    const key = pk(epciSiren, kind);
    const stored = this.tx.rows.notificationTemplates.get(key);
    if (!stored || stored.version !== expectedVersion) throw new StaleVersion('The template changed since it was read', { expectedVersion });
    this.tx.delete('notificationTemplates', key);
  }
}
