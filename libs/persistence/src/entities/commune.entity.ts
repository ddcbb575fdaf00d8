import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A commune, keyed by its INSEE code, member of at most one EPCI. */
@Entity('commune')
export class CommuneEntity {
  @PrimaryColumn({ type: 'varchar', length: 5 })
  insee: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  siren: string | null;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The name as French sorts it, compared byte by byte (frenchSortKey; migration 1764310000000). */
  @Column({ name: 'name_sort', type: 'varchar', length: 200, default: '' })
  nameSort: string;

  @Column({ type: 'integer', nullable: true })
  population: number | null;

  @Index()
  @Column({ name: 'epci_siren', type: 'varchar', length: 9, nullable: true })
  epciSiren: string | null;
}
