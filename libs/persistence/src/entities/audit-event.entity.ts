import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Append-only trail: replaying an adhesion's machine events from its initial state yields its stored state. */
@Entity('audit_event')
@Index('audit_adhesion_seq', ['adhesionId', 'sequence'], { unique: true })
export class AuditEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36 })
  adhesionId: string;

  /** The adhesion's version after this event: 1 for the creation, then one more per change. */
  @Column({ type: 'integer' })
  sequence: number;

  /** A machine event type, or CREATED / DRAFT_UPDATED for changes outside the machine. */
  @Column({ type: 'varchar', length: 40 })
  event: string;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ name: 'from_state', type: 'varchar', length: 200, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 200 })
  toState: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;
}
