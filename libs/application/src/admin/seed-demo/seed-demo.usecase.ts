// On a fresh database (no user yet): the demo EPCIs with their communes and catalogues, this year's unit
// costs of each (different from one EPCI to the other), and the demo accounts.
import { Injectable } from '@nestjs/common';
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

  async execute(year: number, at: string): Promise<boolean> {
    if ((await this.uow.read((r) => r.users.count())) > 0) return false;
    for (const siren of this.demo.epcis) {
      await this.importReference.epci(siren);
      await this.costs(siren, year);
    }
    for (const user of this.demo.users) await this.createUser.execute(user, at);
    return true;
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
