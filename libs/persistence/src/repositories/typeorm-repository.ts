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

/**
 * Copies of the rows to insert. TypeORM writes what it reads back after an insert (the primary key and the
 * defaulted columns) into the objects it was given, and on SQLite it pairs a multi-row insert's read-back rows
 * with the objects in the wrong order: the caller's rows came back with each other's ids.
 */
export const copies = <T extends object>(rows: readonly T[]): T[] => rows.map((row) => ({ ...row }));

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
