import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One commune × one service, through its whole lifecycle. Instants are stored as ISO-8601 UTC strings
 * (same text on SQLite and PostgreSQL, ordered lexicographically); civil dates as YYYY-MM-DD.
 */
@Entity('adhesion')
// The lists' indexes (migration 1764330000000): a filter, then the next deadline and the id; and
// adhesion_updated (updated_at DESC NULLS LAST, id), which a decorator cannot say.
@Index('adhesion_deadline_id', ['nextDeadlineAt', 'id'])
@Index('adhesion_state_deadline', ['state', 'nextDeadlineAt', 'id'])
@Index('adhesion_service_state_deadline', ['serviceCode', 'state', 'nextDeadlineAt', 'id'])
@Index('adhesion_epci_deadline', ['epciSiren', 'nextDeadlineAt', 'id'])
@Index('adhesion_commune_deadline', ['communeInsee', 'nextDeadlineAt', 'id'])
@Index('adhesion_epci_state', ['epciSiren', 'state'])
// The adhesions of one EPCI's service (the keys' members; the FK to service (epci_siren, code) from this side).
@Index('adhesion_service', ['epciSiren', 'serviceCode'])
@Index('adhesion_renews', ['renews'])
export class AdhesionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'commune_insee', type: 'varchar', length: 5 })
  communeInsee: string;

  @Column({ name: 'epci_siren', type: 'varchar', length: 9 })
  epciSiren: string;

  @Column({ name: 'service_code', type: 'varchar', length: 40 })
  serviceCode: string;

  /** `<insee>:<service>` while the adhesion is live, NULL once final: unique, so at most one live per pair. */
  @Column({ name: 'live_key', type: 'varchar', length: 60, nullable: true, unique: true })
  liveKey: string | null;

  /** The adhesion whose convention this one renews at its term (« renouveler la convention »); null otherwise. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  renews?: string | null;

  @Column({ type: 'simple-json' })
  options: string[];

  /** A decimal string: units may be fractional (weighted acts) and must stay exact. */
  @Column({ name: 'forecast_units', type: 'varchar', length: 20 })
  forecastUnits: string;

  /** Top-level state (draft, study, active, lapsed…): what lists filter on. */
  @Column({ type: 'varchar', length: 20 })
  state: string;

  /** Every leaf of the state configuration, joined by `|`. */
  @Column({ name: 'state_detail', type: 'varchar', length: 200 })
  stateDetail: string;

  @Column({ type: 'simple-json' })
  snapshot: { value: unknown; context: unknown };

  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** Optimistic lock, bumped by every write (compare-and-swap, never TypeORM's save()). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'next_deadline_at', type: 'varchar', length: 30, nullable: true })
  nextDeadlineAt: string | null;

  @Column({ name: 'next_deadline_kind', type: 'varchar', length: 40, nullable: true })
  nextDeadlineKind: string | null;

  @Column({ name: 'next_deadline_cycle', type: 'integer', nullable: true })
  nextDeadlineCycle: number | null;

  @Column({ name: 'start_date', type: 'varchar', length: 10, nullable: true })
  startDate: string | null;

  /** The anniversary that ends the current contract year (renewal reminders count down to it). */
  @Column({ name: 'anniversary_on', type: 'varchar', length: 10, nullable: true })
  anniversaryOn: string | null;

  @Column({ name: 'contract_year', type: 'integer', default: 0 })
  contractYear: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
