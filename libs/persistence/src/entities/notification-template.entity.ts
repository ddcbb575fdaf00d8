import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An EPCI's own wording of one notification kind (subject and body, with {{variables}}); absent, the default. */
@Entity('notification_template')
export class NotificationTemplateEntity {
  @PrimaryColumn({ name: 'epci_siren', type: 'varchar', length: 9 })
  epciSiren: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  /** Optimistic lock, bumped by every change (compare-and-swap, never TypeORM's save()). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'updated_by', type: 'varchar', length: 36, nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
