// Redis connections for BullMQ. The api's connection fails fast when Redis is down (no offline queue),
// so that a request never waits on Redis; the worker's retries forever, as BullMQ workers require.
import { Redis, type RedisOptions } from 'ioredis';

/**
 * On disconnect() ioredis ends the socket and destroys it after `disconnectTimeout` if it has not closed by
 * then: 2 s by default, and always the full 2 s when Redis is away (the socket closed long ago), during which
 * its timer keeps a closing process alive. A live Redis closes well within this.
 */
export const REDIS_DISCONNECT_TIMEOUT_MS = 200;

export function queueConnection(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
    lazyConnect: false,
  } satisfies RedisOptions);
}

export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: 2_000,
    disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
  } satisfies RedisOptions);
}
