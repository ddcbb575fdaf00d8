// The same ports on every store: the in-memory one of the fast tier, and each database. A spec that runs on
// all of them opens a store with both EPCIs and their catalogues, and closes it after.
import { DataSource } from 'typeorm';
import { InMemoryUnitOfWork } from '../../../application/test/in-memory/in-memory-unit-of-work.js';
import { type UnitOfWork } from '../../../application/src/ports/index.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../../../test/support/databases.js';
import { openDatabase } from '../../src/data-source.js';
import { templateCatalogue } from '../../src/seed/catalogue.js';
import { TypeOrmUnitOfWork } from '../../src/typeorm-unit-of-work.js';
import { databaseConfig } from './migration-database.js';
import { EPCI_A, EPCI_B, upsertTwoEpcis } from './two-epcis.js';

export type StoreKind = 'memory' | (typeof DATABASE_KINDS)[number];
export const STORE_KINDS: StoreKind[] = ['memory', ...DATABASE_KINDS];

export interface TwoEpciStore {
  uow: UnitOfWork;
  /** The database's, when the store is one. */
  dataSource?: DataSource;
  close(): Promise<void>;
}

/** A store of this kind holding both EPCIs and their catalogues. */
export async function openTwoEpciStore(kind: StoreKind): Promise<TwoEpciStore> {
  let uow: UnitOfWork;
  let dataSource: DataSource | undefined;
  let scratch: TestDatabase | undefined;
  if (kind === 'memory') {
    uow = new InMemoryUnitOfWork({ catalogueTemplate: templateCatalogue });
  } else {
    scratch = await createTestDatabase(kind);
    dataSource = await openDatabase(databaseConfig(scratch));
    uow = new TypeOrmUnitOfWork(dataSource);
  }
  await uow.write(async (r) => {
    await upsertTwoEpcis(r);
    await r.catalogue.ensureCatalogue(EPCI_A);
    await r.catalogue.ensureCatalogue(EPCI_B);
  });
  return {
    uow,
    dataSource,
    close: async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      await scratch?.drop();
    },
  };
}
