// The units used per adhesion and period, and the trail of their changes. A record changes only by a
// compare-and-swap on `version` (never TypeORM's save()); the trail is append-only.
import { StaleVersion } from '#workflow';
import type { UsageAuditRow, UsageRecord, UsageRepository } from '../../../application/src/ports/index.js';
import { UsageAuditEntity, UsageRecordEntity } from '../entities/index.js';
import { toUsageAuditRow, toUsageRecord, usageRecordColumns } from './mappers.js';
import { TypeOrmRepository } from './typeorm-repository.js';

export class TypeOrmUsageRepository extends TypeOrmRepository implements UsageRepository {
  async get(adhesionId: string, year: number, period: number): Promise<UsageRecord | null> {
    const row = await this.m.findOneBy(UsageRecordEntity, { adhesionId, year, period });
    return row ? toUsageRecord(row) : null;
  }

  async ofAdhesion(adhesionId: string, year?: number): Promise<UsageRecord[]> {
    const rows = await this.m.find(UsageRecordEntity, {
      where: year === undefined ? { adhesionId } : { adhesionId, year },
      order: { year: 'ASC', period: 'ASC' },
    });
    return rows.map(toUsageRecord);
  }

  /** By service, then commune (INSEE code), then period; ties (two adhesions of one pair) by adhesion. */
  async ofEpciYear(epciSiren: string, year: number, filter: { serviceCode?: string; communeInsee?: string } = {}): Promise<UsageRecord[]> {
    const rows = await this.m.find(UsageRecordEntity, {
      where: {
        epciSiren,
        year,
        ...(filter.serviceCode === undefined ? {} : { serviceCode: filter.serviceCode }),
        ...(filter.communeInsee === undefined ? {} : { communeInsee: filter.communeInsee }),
      },
      order: { serviceCode: 'ASC', communeInsee: 'ASC', period: 'ASC', adhesionId: 'ASC' },
    });
    return rows.map(toUsageRecord);
  }

  /** Fails with UniqueViolation (`usage_record(adhesion_id, year, period)`) when the period is already recorded. */
  async insert(record: UsageRecord): Promise<void> {
    await this.writing(this.m.insert(UsageRecordEntity, usageRecordColumns(record)));
  }

  async compareAndSwap(record: UsageRecord, expectedVersion: number): Promise<void> {
    const { id, ...columns } = usageRecordColumns(record);
    const result = await this.writing(
      this.m
        .createQueryBuilder()
        .update(UsageRecordEntity)
        .set({ ...columns, version: expectedVersion + 1 })
        .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
        .execute(),
    );
    if (result.affected !== 1) {
      throw new StaleVersion('The units changed since they were read', { expectedVersion });
    }
  }

  async appendAudit(row: UsageAuditRow): Promise<void> {
    await this.writing(this.m.insert(UsageAuditEntity, row));
  }

  /** Oldest first; ties (one instant) in insertion order, as the document trail. */
  async audit(adhesionId: string): Promise<UsageAuditRow[]> {
    const rows = await this.m.find(UsageAuditEntity, { where: { adhesionId }, order: { at: 'ASC' } });
    return rows.map(toUsageAuditRow);
  }
}
