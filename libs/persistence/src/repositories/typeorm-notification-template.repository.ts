// The EPCIs' own notification templates. A row changes only by a compare-and-swap on `version`.
import { In } from 'typeorm';
import { StaleVersion } from '#workflow';
import type { NotificationTemplateRecord, NotificationTemplates } from '../../../application/src/ports/index.js';
import { NotificationTemplateEntity } from '../entities/index.js';
import { TypeOrmRepository } from './typeorm-repository.js';

const toRecord = (row: NotificationTemplateEntity): NotificationTemplateRecord => ({
  epciSiren: row.epciSiren,
  kind: row.kind,
  subject: row.subject,
  body: row.body,
  version: row.version,
  updatedBy: row.updatedBy,
  updatedAt: row.updatedAt,
});

export class TypeOrmNotificationTemplates extends TypeOrmRepository implements NotificationTemplates {
  async get(epciSiren: string, kind: string): Promise<NotificationTemplateRecord | null> {
    const row = await this.m.findOneBy(NotificationTemplateEntity, { epciSiren, kind });
    return row ? toRecord(row) : null;
  }

  async ofEpci(epciSiren: string): Promise<NotificationTemplateRecord[]> {
    const rows = await this.m.find(NotificationTemplateEntity, { where: { epciSiren }, order: { kind: 'ASC' } });
    return rows.map(toRecord);
  }

  async ofEpcis(epciSirens: readonly string[]): Promise<NotificationTemplateRecord[]> {
    if (epciSirens.length === 0) return [];
    const rows = await this.m.find(NotificationTemplateEntity, { where: { epciSiren: In([...new Set(epciSirens)]) }, order: { epciSiren: 'ASC', kind: 'ASC' } });
    return rows.map(toRecord);
  }

  async insert(row: NotificationTemplateRecord): Promise<void> {
    await this.writing(this.m.insert(NotificationTemplateEntity, { ...row }));
  }

  async compareAndSwap(row: NotificationTemplateRecord, expectedVersion: number): Promise<void> {
    const { epciSiren, kind, subject, body, updatedBy, updatedAt } = row;
    const result = await this.writing(
      this.m
        .createQueryBuilder()
        .update(NotificationTemplateEntity)
        .set({ subject, body, updatedBy, updatedAt, version: expectedVersion + 1 })
        .where('epci_siren = :epciSiren AND kind = :kind AND version = :expectedVersion', { epciSiren, kind, expectedVersion })
        .execute(),
    );
    if (result.affected !== 1) throw new StaleVersion('The template changed since it was read', { expectedVersion });
  }

  async remove(epciSiren: string, kind: string, expectedVersion: number): Promise<void> {
    const result = await this.writing(
      this.m
        .createQueryBuilder()
        .delete()
        .from(NotificationTemplateEntity)
        .where('epci_siren = :epciSiren AND kind = :kind AND version = :expectedVersion', { epciSiren, kind, expectedVersion })
        .execute(),
    );
    if (result.affected !== 1) throw new StaleVersion('The template changed since it was read', { expectedVersion });
  }
}
