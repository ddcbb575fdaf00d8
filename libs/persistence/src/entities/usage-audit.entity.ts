import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { UsageAction, UsageAuditRow } from '../../../application/src/ports/records.js';

/** Every change of a usage record (recorded, corrected, contested), as it was after the change. Append-only. */
@Entity('usage_audit')
@Index('usage_audit_adhesion', ['adhesionId', 'at'])
export class UsageAuditEntity implements UsageAuditRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'usage_id', type: 'varchar', length: 36 })
  usageId: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36 })
  adhesionId: string;

  @Column({ type: 'varchar', length: 20 })
  action: UsageAction;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  period: number;

  @Column({ type: 'varchar', length: 30 })
  units: string;

  @Column({ name: 'act_counts', type: 'simple-json', nullable: true })
  actCounts: Record<string, number> | null;

  /** The secretary's comment of a contest. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;
}
