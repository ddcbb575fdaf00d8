// Idempotency-Key: a POST repeated with the same key returns the first answer; the same key with another
// request is a 422. The first answer is stored in the transaction of its own write, so a retried "sign"
// click can never apply twice, even when both copies arrive at the same moment.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { IdempotencyKeyEntity, UnitOfWork } from '#persistence';
import { IdempotencyKeyReused, InvalidPrecondition } from './errors.js';

export interface IdempotencyContext {
  userId: string;
  key: string;
  requestHash: string;
}

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

export function idempotencyContext(userId: string, key: string | undefined, hash: string): IdempotencyContext | undefined {
  if (key === undefined) return undefined;
  if (!/^[\w.:-]{1,200}$/.test(key)) {
    throw new InvalidPrecondition('Idempotency-Key must be 1 to 200 letters, digits, or . _ : -', { header: 'Idempotency-Key' });
  }
  return { userId, key, requestHash: hash };
}

@Injectable()
export class IdempotencyStore {
  constructor(private readonly uow: UnitOfWork) {}

  /** The stored answer for this key, if any; a 422 if the key was used for another request. */
  async replay(context: IdempotencyContext | undefined): Promise<StoredAnswer | null> {
    if (!context) return null;
    const row = await this.uow.read((m) => m.findOneBy(IdempotencyKeyEntity, { userId: context.userId, key: context.key }));
    if (!row) return null;
    if (row.requestHash !== context.requestHash) {
      throw new IdempotencyKeyReused('This Idempotency-Key was already used for another request');
    }
    return { statusCode: row.statusCode, body: row.body };
  }
}

