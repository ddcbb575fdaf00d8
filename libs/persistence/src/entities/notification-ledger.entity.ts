import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per reminder decided: unique per (adhesion, cycle, kind, offset), so each is sent once. */
@Entity('notification_ledger')
@Index('notification_once', ['adhesionId', 'cycle', 'kind', 'offsetDays'], { unique: true })
export class NotificationLedgerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36 })
  adhesionId: string;

  @Column({ type: 'integer' })
  cycle: number;

  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @Column({ name: 'offset_days', type: 'integer' })
  offsetDays: number;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;
}
