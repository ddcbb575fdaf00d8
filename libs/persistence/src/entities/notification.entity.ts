import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An in-app notification of one user, made from one ledger row (unique per ledger row and user). */
@Entity('notification')
@Index('notification_per_user', ['ledgerId', 'userId'], { unique: true })
@Index('notification_inbox', ['userId', 'createdAt'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'ledger_id', type: 'varchar', length: 36 })
  ledgerId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'adhesion_id', type: 'varchar', length: 36, nullable: true })
  adhesionId: string | null;

  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'read_at', type: 'varchar', length: 30, nullable: true })
  readAt: string | null;
}
