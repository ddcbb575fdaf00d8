import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per document generated (convention, proposal, annual statement): who, when, and the SHA-256 of the
 * exact bytes served, so that a copy can be checked against the trail later. Append-only; apart from
 * audit_event, because a document changes no state and its sequence is not the adhesion's version.
 */
@Entity('document_audit')
@Index('document_audit_adhesion', ['adhesionId', 'at'])
export class DocumentAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36 })
  adhesionId: string;

  /** convention, proposal or annual-statement. */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** Lower-case hex. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;
}
