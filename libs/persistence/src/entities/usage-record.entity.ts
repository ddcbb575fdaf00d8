import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The units one commune used of one service in one period of a year (a quarter, a half or the year, after the
 * convention's periodicity): unique per (adhesion_id, year, period). The EPCI, commune and service are copied
 * from the adhesion, so that an EPCI's year is read by (epci_siren, year) without a join. Not 1:1 with the
 * record: the secretary's contest is three columns here, `contest` there (repositories/mappers.ts).
 */
@Entity('usage_record')
@Index('usage_record_period', ['adhesionId', 'year', 'period'], { unique: true })
@Index('usage_record_epci_year', ['epciSiren', 'year'])
export class UsageRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36 })
  adhesionId: string;

  @Column({ name: 'epci_siren', type: 'varchar', length: 9 })
  epciSiren: string;

  @Column({ name: 'commune_insee', type: 'varchar', length: 5 })
  communeInsee: string;

  @Column({ name: 'service_code', type: 'varchar', length: 40 })
  serviceCode: string;

  @Column({ type: 'integer' })
  year: number;

  /** 1…4 (quarters), 1…2 (halves) or 1 (the year). */
  @Column({ type: 'integer' })
  period: number;

  /** For an ADS service, the count of each act type (JSON); null when the units were recorded as such. */
  @Column({ name: 'act_counts', type: 'simple-json', nullable: true })
  actCounts: Record<string, number> | null;

  /** A decimal string: Σ count × weight, or the units recorded. */
  @Column({ type: 'varchar', length: 30 })
  units: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 36 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt: string;

  /** Optimistic lock, bumped by every change (compare-and-swap, never TypeORM's save()). */
  @Column({ type: 'integer' })
  version: number;

  /** The secretary's contest: the three columns are all set, or all NULL. */
  @Column({ name: 'contest_comment', type: 'text', nullable: true })
  contestComment: string | null;

  @Column({ name: 'contested_by', type: 'varchar', length: 36, nullable: true })
  contestedBy: string | null;

  @Column({ name: 'contested_at', type: 'varchar', length: 30, nullable: true })
  contestedAt: string | null;
}
