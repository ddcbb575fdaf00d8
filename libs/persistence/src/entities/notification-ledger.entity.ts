import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per reminder decided: unique per (adhesion, cycle, kind, offset), so each is sent once. */
@Entity('notification_ledger')
@Index('notification_once', ['adhesionId', 'cycle', 'kind', 'offsetDays'], { unique: true })
export class NotificationLedgerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The adhesion concerned; null for a notice to an EPCI as a whole. */
  @Column({ name: 'adhesion_id', type: 'varchar', length: 36, nullable: true })
  adhesionId: string | null;

  /** The EPCI concerned by a notice to an EPCI as a whole; null for an adhesion's. */
  @Column({ name: 'epci_siren', type: 'varchar', length: 9, nullable: true })
  epciSiren: string | null;

  @Column({ type: 'integer' })
  cycle: number;

  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @Column({ name: 'offset_days', type: 'integer' })
  offsetDays: number;

  /** Who is told: the commune's secretaries, the EPCI's DGS, both, or the agents of the service's pole. */
  @Column({ type: 'varchar', length: 10 })
  recipient: 'commune' | 'epci' | 'both' | 'agents';

  /** pending → sending (claimed, with a lease in due_at) → sent; superseded when a later reminder of the same kind made it pointless. */
  @Column({ type: 'varchar', length: 12 })
  status: 'pending' | 'sending' | 'sent' | 'superseded' | 'failed';

  @Column({ name: 'due_at', type: 'varchar', length: 30, nullable: true })
  dueAt: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** What the message says: dates, amounts, the state reached. */
  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;
}
