// Redis connections for BullMQ. The api's connection fails fast when Redis is down (no offline queue),
// so that a request never waits on Redis; the worker's retries forever, as BullMQ workers require.
import { Redis, type RedisOptions } from 'ioredis';

export function queueConnection(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
    lazyConnect: false,
  } satisfies RedisOptions);
}

export function workerConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
  } satisfies RedisOptions);
}
