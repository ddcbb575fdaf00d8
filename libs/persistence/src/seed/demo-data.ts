// The demo installation behind the application's DemoData port (see reference-data.ts for the data).
import { DemoData } from '../../../application/src/ports/repositories.js';
import type { Service } from '../../../application/src/ports/records.js';
import { DEMO_EPCIS, DEMO_SERVICE_SETTINGS, DEMO_USERS, demoUnitCosts, type DemoEpciSiren } from './reference-data.js';

export class SeedDemoData extends DemoData {
  readonly epcis = DEMO_EPCIS;
  readonly users = DEMO_USERS;

  unitCosts(epciSiren: string, year: number) {
    return demoUnitCosts(epciSiren, year);
  }

  serviceSettings(epciSiren: string): Readonly<Record<string, Partial<Omit<Service, 'epciSiren' | 'code'>>>> {
    return DEMO_SERVICE_SETTINGS[epciSiren as DemoEpciSiren] ?? {};
  }
}
