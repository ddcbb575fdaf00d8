import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const USER_ROLES = ['secretary', 'agent', 'dgs', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A person who logs in: a secretary is scoped to a commune, an agent to a pole of an EPCI, a DGS to an EPCI. */
@Entity('app_user')
@Index('app_user_commune', ['communeInsee'])
@Index('app_user_epci', ['epciSiren'])
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20 })
  role: UserRole;

  @Column({ name: 'commune_insee', type: 'varchar', length: 5, nullable: true })
  communeInsee: string | null;

  @Column({ name: 'epci_siren', type: 'varchar', length: 9, nullable: true })
  epciSiren: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  pole: string | null;

  /** Secret of the user's iCalendar feed URL; revocable (set a new one). */
  @Column({ name: 'calendar_token', type: 'varchar', length: 64, nullable: true, unique: true })
  calendarToken: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  /** In every token: bumped by a logout, a password change or a reset, it revokes the user's tokens. */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion: number;
}
