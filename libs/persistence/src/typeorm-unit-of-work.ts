// The application's UnitOfWork on TypeORM: the repositories of libs/persistence/src/repositories, bound to
// one transaction (write) or to the read manager (read), over the serialisation of unit-of-work.ts (on
// SQLite every read and write of the process runs alone, in one lane per DataSource; see its comments).
import { type DataSource } from 'typeorm';
import { type Repositories, UnitOfWork } from '../../application/src/ports/repositories.js';
import { asUniqueViolation, typeOrmRepositories, WriteTracker } from './repositories/index.js';
import { UnitOfWork as EntityUnitOfWork, isAbortedTransaction } from './unit-of-work.js';

export class TypeOrmUnitOfWork extends UnitOfWork {
  /** The entity-level unit of work it runs on (same lane as any other over this DataSource). */
  readonly entities: EntityUnitOfWork;

  constructor(readonly dataSource: DataSource) {
    super();
    this.entities = new EntityUnitOfWork(dataSource);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.entities.dialect;
  }

  /** On PostgreSQL, 8 commands in flight ran 2 to 3 times faster than one (docs/PERFORMANCE.md, P5); SQLite has one lane. */
  override get parallelWrites(): number {
    return this.dialect === 'postgres' ? 8 : 1;
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.entities.read((manager) => work(typeOrmRepositories(manager)));
  }

  /**
   * One transaction. A unique violation, thrown by the work or at commit, fails it as UniqueViolation; so
   * does one the work caught and went on from (the write is all or nothing, on both databases).
   */
  async write<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const tracker = new WriteTracker();
    try {
      return await this.entities.write(async (manager) => {
        const result = await work(typeOrmRepositories(manager, tracker));
        // Thrown inside the transaction, so that it rolls back.
        if (tracker.violation) throw tracker.violation;
        return result;
      });
    } catch (error) {
      // On PostgreSQL, a statement after a caught violation fails with "transaction aborted": the cause is the violation.
      if (tracker.violation && isAbortedTransaction(error)) throw tracker.violation;
      throw asUniqueViolation(error);
    }
  }

  /** A round trip to the database; false when it cannot be reached. Not queued: it touches no data. */
  async ping(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
