import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Whether a service processes personal data on the commune's behalf (`service.processes_personal_data`): its
 * convention then carries the processor clause of RGPD art. 28, the EPCI acting for the commune (DOMAIN.md §6).
 * False by default; true for the services of the template that do (ADS files, payroll, careers, recruitment, the
 * HR department, IT, archives, the shared DPO): every service but the purchasing group. Plain SQL that both
 * databases accept (SQLite has TRUE and FALSE since 3.23).
 */
export const PERSONAL_DATA_SERVICES = ['ADS', 'PAIE', 'CARRIERES', 'RECRUTEMENT', 'DRH', 'INFORMATIQUE', 'ARCHIVES', 'RGPD'] as const;

export class ServicePersonalData1764300000000 implements MigrationInterface {
  name = 'ServicePersonalData1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service ADD COLUMN processes_personal_data boolean NOT NULL DEFAULT FALSE`);
    await q.query(`UPDATE service SET processes_personal_data = TRUE WHERE code IN (${PERSONAL_DATA_SERVICES.map((code) => `'${code}'`).join(', ')})`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service DROP COLUMN processes_personal_data`);
  }
}
