// On a fresh database (no user yet): the demo EPCIs with their communes and catalogues, this year's unit
// costs of each (different from one EPCI to the other), and the demo accounts.
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type DemoAccount } from './demo-credentials.js';
import { DemoData, UnitOfWork } from '../../ports/repositories.js';
import { CreateUserUseCase } from '../create-user/create-user.usecase.js';
import { ImportReferenceUseCase } from '../import-reference/import-reference.usecase.js';

@Injectable()
export class SeedDemoUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly demo: DemoData,
    private readonly importReference: ImportReferenceUseCase,
    private readonly createUser: CreateUserUseCase,
  ) {}

  /** The demo accounts with their passwords, drawn at random here and never stored in clear; null if already seeded. */
  async execute(year: number, at: string): Promise<DemoAccount[] | null> {
    if ((await this.uow.read((r) => r.users.count())) > 0) return null;
    try {
      for (const siren of this.demo.epcis) {
        await this.importReference.epci(siren);
        await this.costs(siren, year);
      }
    } finally {
      this.importReference.release();
    }
    const accounts: DemoAccount[] = [];
    for (const user of this.demo.users) {
      const password = demoPassword();
      await this.createUser.execute({ ...user, password }, at);
      accounts.push({ email: user.email, password, role: user.role, displayName: user.displayName });
    }
    return accounts;
  }

  /** The demo EPCI's own settings and unit costs of a year, where it has none yet (not notified: the DGS does that). */
  async costs(epciSiren: string, year: number): Promise<void> {
    await this.uow.write(async (r) => {
      for (const [code, changes] of Object.entries(this.demo.serviceSettings(epciSiren))) await r.catalogue.updateService(epciSiren, code, changes);
      for (const cost of this.demo.unitCosts(epciSiren, year)) {
        if (!(await r.catalogue.unitCost(epciSiren, cost.serviceCode, year))) await r.catalogue.saveUnitCost(cost);
      }
    });
  }
}

/** 18 random characters (108 bits) of the URL-safe alphabet: easy to copy, impossible to guess. */
export function demoPassword(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}
