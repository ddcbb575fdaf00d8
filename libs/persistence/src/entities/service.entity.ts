import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface ServiceOption {
  code: string;
  label: string;
}

/** A shared service of the catalogue, with the settings that its conventions use. */
@Entity('service')
export class ServiceEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 60 })
  pole: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 40 })
  unitCode: string;

  @Column({ name: 'unit_label', type: 'varchar', length: 120 })
  unitLabel: string;

  @Column({ name: 'unit_label_plural', type: 'varchar', length: 120 })
  unitLabelPlural: string;

  /** Options à la carte the commune chooses from (JSON). */
  @Column({ type: 'simple-json' })
  options: ServiceOption[];

  /** Weights of ADS act types (decimal strings), when the service counts weighted acts (JSON). */
  @Column({ name: 'act_weights', type: 'simple-json', nullable: true })
  actWeights: Record<string, string> | null;

  @Column({ name: 'notice_period_months', type: 'integer', default: 6 })
  noticePeriodMonths: number;

  @Column({ name: 'renewal_window_days', type: 'integer', default: 90 })
  renewalWindowDays: number;

  @Column({ name: 'reminder_offsets', type: 'simple-json' })
  reminderOffsets: number[];

  /** `unit`: unit cost × units; `keys`: a yearly total split between members by a key. */
  @Column({ name: 'cost_model', type: 'varchar', length: 10, default: 'unit' })
  costModel: 'unit' | 'keys';

  @Column({ name: 'key_basis', type: 'varchar', length: 20, nullable: true })
  keyBasis: 'population' | 'forecastUnits' | null;
}
