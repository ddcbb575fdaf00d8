// The one way to touch the database. On SQLite, TypeORM shares one connection and one query runner
// for the whole DataSource, so concurrent transactions collide and a plain write issued while another
// transaction is open silently joins it and is rolled back with it (both reproduced with TypeORM 1.1 and
// better-sqlite3 12). So every transaction and every read of
// the process is queued and runs alone; each is short and does no network wait inside. On PostgreSQL
// the pool gives each transaction its own connection, and the compare-and-swap on `version` does the rest.
//
// The queue belongs to the DataSource, not to one UnitOfWork: any number of units of work over the same
// SQLite DataSource (this class, and TypeOrmUnitOfWork which wraps it) share one lane, so none can slip a
// write into another's transaction.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type DataSource, type EntityManager } from 'typeorm';

interface Lane {
  tail: Promise<unknown>;
  readonly inside: AsyncLocalStorage<boolean>;
}

const lanes = new WeakMap<DataSource, Lane>();

function laneOf(dataSource: DataSource): Lane {
  let lane = lanes.get(dataSource);
  if (!lane) {
    lane = { tail: Promise.resolve(), inside: new AsyncLocalStorage<boolean>() };
    lanes.set(dataSource, lane);
  }
  return lane;
}

export class UnitOfWork {
  private readonly lane: Lane;
  readonly serialized: boolean;

  constructor(readonly dataSource: DataSource) {
    this.serialized = dataSource.options.type === 'better-sqlite3';
    this.lane = laneOf(dataSource);
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
    const lane = this.lane;
    // A read or write started from inside another would wait for itself forever: fail loudly instead.
    if (lane.inside.getStore()) return Promise.reject(new Error('UnitOfWork used from inside another unit of work'));
    const run = lane.tail.then(() => lane.inside.run(true, work));
    lane.tail = run.catch(() => undefined);
    return run;
  }
}

interface DriverFailure {
  code?: string;
  message?: string;
  table?: string;
  detail?: string;
  constraint?: string;
  driverError?: DriverFailure;
}

/** True when a write failed on a unique constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as DriverFailure | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The constraint a unique violation hit, the same on both databases: `table(column, column)`, e.g.
 * `adhesion(live_key)` or `idempotency_key(user_id, key)`; PostgreSQL's constraint name when its message
 * cannot be read; undefined when nothing tells.
 */
export function uniqueConstraintOf(error: unknown): string | undefined {
  const e = error as DriverFailure | undefined;
  const driver = e?.driverError ?? e;
  if (!driver) return undefined;
  if (driver.code === '23505') {
    const columns = /^Key \(([^)]+)\)=/.exec(driver.detail ?? '')?.[1];
    if (driver.table && columns) return `${driver.table}(${columns.split(',').map((c) => c.trim()).join(', ')})`;
    return driver.constraint;
  }
  // SQLite: "UNIQUE constraint failed: notification_ledger.adhesion_id, notification_ledger.cycle, …"
  const failed = /constraint failed: (.+)$/.exec(driver.message ?? '')?.[1];
  if (!failed) return undefined;
  const qualified = failed.split(',').map((c) => c.trim());
  const table = qualified[0].split('.')[0];
  return `${table}(${qualified.map((c) => c.slice(c.indexOf('.') + 1)).join(', ')})`;
}

/** True when PostgreSQL refused a statement because an earlier one already failed the transaction. */
export function isAbortedTransaction(error: unknown): boolean {
  const e = error as DriverFailure | undefined;
  return (e?.driverError?.code ?? e?.code) === '25P02';
}
