import { type EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from '#persistence';
import { type IdempotencyContext } from '../common/idempotency.js';

export type { IdempotencyContext };

/** Thrown when another request with the same key committed first: the caller answers with its response. */
export class ConcurrentIdempotentRequest extends Error {}

/** Stores the answer in the transaction of the write it answers. */
export async function rememberAnswer(
  manager: EntityManager,
  context: IdempotencyContext,
  statusCode: number,
  body: unknown,
  at: string,
): Promise<void> {
  await manager.insert(IdempotencyKeyEntity, { ...context, statusCode, body, createdAt: at } as never);
}
