import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { UnitCost } from '../../../application/src/ports/records.js';

/**
 * The yearly unit cost of one EPCI's service (CGCT D5211-16), or its yearly total when shared by keys. Integer
 * cents. Keyed by (epci_siren, service_code, year); (epci_siren, service_code) references service.
 */
@Entity('unit_cost')
export class UnitCostEntity implements UnitCost {
  @PrimaryColumn({ name: 'epci_siren', type: 'varchar', length: 9 })
  epciSiren: string;

  @PrimaryColumn({ name: 'service_code', type: 'varchar', length: 40 })
  serviceCode: string;

  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ name: 'unit_cost_cents', type: 'integer', nullable: true })
  unitCostCents: number | null;

  @Column({ name: 'total_cost_cents', type: 'bigint', nullable: true, transformer: { to: (v) => v, from: (v) => (v === null ? null : Number(v)) } })
  totalCostCents: number | null;

  @Column({ name: 'notified_at', type: 'varchar', length: 30, nullable: true })
  notifiedAt: string | null;

  /** The user who notified the year's cost to the member communes (null: not notified, or before this was kept). */
  @Column({ name: 'notified_by', type: 'varchar', length: 36, nullable: true })
  notifiedBy: string | null;
}
