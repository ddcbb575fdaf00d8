import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The yearly unit cost of a service (CGCT D5211-16), or its yearly total when shared by keys. Integer cents. */
@Entity('unit_cost')
export class UnitCostEntity {
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
}
