// The one way to touch the database. On SQLite, TypeORM shares one connection and one query runner
// for the whole DataSource, so concurrent transactions collide and a plain write issued while another
// transaction is open silently joins it (STACK.md, traps 1–2). So every transaction and every read of
// the process is queued and runs alone; each is short and does no network wait inside. On PostgreSQL
// the pool gives each transaction its own connection, and the compare-and-swap on `version` does the rest.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type DataSource, type EntityManager } from 'typeorm';

export class UnitOfWork {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<boolean>();
  readonly serialized: boolean;

  constructor(readonly dataSource: DataSource) {
    this.serialized = dataSource.options.type === 'better-sqlite3';
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.serialized ? 'sqlite' : 'postgres';
  }

  /** Runs `work` in one transaction: all of it commits, or none of it. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.queue(() => this.dataSource.transaction(work));
  }

  /** Reads committed data (on SQLite, never the inside of another request's open transaction). */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serialized ? this.queue(() => work(this.dataSource.manager)) : work(this.dataSource.manager);
  }

  private queue<T>(work: () => Promise<T>): Promise<T> {
    if (!this.serialized) return work();
    // A read or write started from inside another would wait for itself forever: fail loudly instead.
    if (this.inside.getStore()) return Promise.reject(new Error('UnitOfWork used from inside another unit of work'));
    const run = this.tail.then(() => this.inside.run(true, work));
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** True when a write failed on a unique constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
