// What every TypeORM repository shares: the manager it is bound to (a transaction's, or the read manager),
// and the record of the unique violations its writes hit, so that the unit of work can fail the whole
// write with UniqueViolation even when the work caught the error and went on (on PostgreSQL the
// transaction is dead after it; on SQLite it would commit the rest: neither is what a caller means).
import { type EntityManager } from 'typeorm';
import { UniqueViolation } from '../../../application/src/ports/repositories.js';
import { isUniqueViolation, uniqueConstraintOf } from '../unit-of-work.js';

/** One per `write()`: the first unique violation a statement of it hit. */
export class WriteTracker {
  violation: UniqueViolation | undefined;
}

/** A unique violation of either database as the port's UniqueViolation; any other error unchanged. */
export function asUniqueViolation(error: unknown): unknown {
  if (error instanceof UniqueViolation || !isUniqueViolation(error)) return error;
  const violation = new UniqueViolation(uniqueConstraintOf(error));
  violation.cause = error;
  return violation;
}

export abstract class TypeOrmRepository {
  constructor(
    protected readonly m: EntityManager,
    private readonly tracker?: WriteTracker,
  ) {}

  /** Runs a statement that writes: a unique violation is thrown as UniqueViolation and remembered. */
  protected async writing<T>(statement: Promise<T>): Promise<T> {
    try {
      return await statement;
    } catch (error) {
      const translated = asUniqueViolation(error);
      if (translated instanceof UniqueViolation && this.tracker) this.tracker.violation ??= translated;
      throw translated;
    }
  }
}
