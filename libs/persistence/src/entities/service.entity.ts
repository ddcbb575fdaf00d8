import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { KeyBasis, LegalBasis, Service, ServiceOption, Settlement } from '../../../application/src/ports/records.js';

/**
 * A shared service of ONE EPCI's catalogue, with the settings its conventions use. Keyed by (epci_siren, code):
 * every EPCI decides its own services, legal bases, weights, keys and notice periods (DESIGN.md, "Tenancy and
 * legal basis"); two EPCIs may use the same code for different settings.
 */
@Entity('service')
@Check('service_legal_basis_check', `legal_basis IN ('mise_a_disposition', 'service_commun', 'service_unifie')`)
@Check('service_settlement_check', `settlement IN ('revenue_title', 'compensation')`)
@Check('service_key_basis_check', `key_basis IS NULL OR key_basis IN ('population', 'forecastUnits', 'fixed', 'mixed')`)
export class ServiceEntity implements Service {
  @PrimaryColumn({ name: 'epci_siren', type: 'varchar', length: 9 })
  epciSiren: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 60 })
  pole: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** mise_a_disposition (L5211-4-1, D5211-16), service_commun (L5211-4-2) or service_unifie (L5111-1-1). */
  @Column({ name: 'legal_basis', type: 'varchar', length: 30, default: 'mise_a_disposition' })
  legalBasis: LegalBasis;

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

  /** For `keys` services: population, forecastUnits, fixed (percentages) or mixed (weighted bases). */
  @Column({ name: 'key_basis', type: 'varchar', length: 20, nullable: true })
  keyBasis: KeyBasis | null;

  /**
   * JSON. `fixed`: the percentage of each member (INSEE code → decimal string), the rest borne by the EPCI;
   * `mixed`: the weight of each basis ({ population, forecastUnits } → decimal strings summing to 1).
   */
  @Column({ name: 'key_parameters', type: 'simple-json', nullable: true })
  keyParameters: Record<string, string> | null;

  /**
   * How a commune settles what it owes: `revenue_title` (a title of revenue issued by the EPCI) or
   * `compensation` (a charge against its attribution de compensation: a service commun only, L5211-4-2).
   */
  @Column({ type: 'varchar', length: 20, default: 'revenue_title' })
  settlement: Settlement;

  /** The service processes personal data on the commune's behalf: its convention has the RGPD art. 28 clause. */
  @Column({ name: 'processes_personal_data', type: 'boolean', default: false })
  processesPersonalData: boolean;
}
