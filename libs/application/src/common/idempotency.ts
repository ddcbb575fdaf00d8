// Idempotency-Key: a POST repeated with the same key returns the first answer; the same key with another
// request is a 422. The first answer is stored in the transaction of its own write (`rememberAnswer`), so a
// retried "sign" click can never apply twice, even when both copies arrive at the same moment. The HTTP
// side (replay, racing copies) is one interceptor in apps/api.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { UnitOfWork, type Repositories } from '../ports/repositories.js';
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

/** Thrown when another request with the same key committed first: the caller answers with its response. */
export class ConcurrentIdempotentRequest extends Error {}

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

/** Stores the answer in the transaction of the write it answers. */
export async function rememberAnswer(repos: Repositories, context: IdempotencyContext | undefined, statusCode: number, body: unknown, at: string): Promise<void> {
  if (context) await repos.idempotency.remember({ ...context, statusCode, body, createdAt: at });
}

@Injectable()
export class IdempotencyStore {
  constructor(private readonly uow: UnitOfWork) {}

  /** The stored answer for this key, if any; a 422 if the key was used for another request. */
  async replay(context: IdempotencyContext | undefined): Promise<StoredAnswer | null> {
    if (!context) return null;
    const row = await this.uow.read((r) => r.idempotency.find(context.userId, context.key));
    if (!row) return null;
    if (row.requestHash !== context.requestHash) {
      throw new IdempotencyKeyReused('This Idempotency-Key was already used for another request');
    }
    return { statusCode: row.statusCode, body: row.body };
  }
}
