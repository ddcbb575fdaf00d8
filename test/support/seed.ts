// Seeding a database the way the product does, for tests that drive processes of their own: the same use
// cases (import, demo seed) on the same ports, without a Nest container.
import { type DataSource } from 'typeorm';
import { CreateUserUseCase, ImportReferenceUseCase, SeedDemoUseCase, type DemoAccount } from '#application';
import { parisDateOf } from '#domain';
import { EtalabReferenceSource, SeedDemoData, TypeOrmUnitOfWork } from '#persistence';

/** The demo accounts with their generated passwords, when `demo` seeded them. */
export async function seedInstallation(dataSource: DataSource, options: { demo?: boolean; allOfFrance?: boolean }, now = new Date()): Promise<DemoAccount[] | null> {
  const uow = new TypeOrmUnitOfWork(dataSource);
  const importReference = new ImportReferenceUseCase(uow, new EtalabReferenceSource());
  const accounts = options.demo ? await new SeedDemoUseCase(uow, new SeedDemoData(), importReference, new CreateUserUseCase(uow)).execute(Number(parisDateOf(now).slice(0, 4)), now.toISOString()) : null;
  if (options.allOfFrance) await importReference.all();
  return accounts;
}
