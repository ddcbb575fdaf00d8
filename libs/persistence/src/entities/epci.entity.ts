import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An intercommunal body (établissement public de coopération intercommunale), keyed by its SIREN. */
@Entity('epci')
export class EpciEntity {
  @PrimaryColumn({ type: 'varchar', length: 9 })
  siren: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** CA, CU, CC, METRO… as published by the INSEE. */
  @Column({ type: 'varchar', length: 20 })
  nature: string;
}
