// The per-account lockout, beside the per-address rate limit of bootstrap.ts: after LOCKOUT_THRESHOLD
// failed logins for one e-mail, from any address, the account is locked for a back-off that doubles with
// each further failure (30 s, 1 min, 2 min… up to 15 min). A success clears it. Kept in Redis when Redis
// answers, so that several api processes share it; in this process's memory while Redis is away. The key is
// the SHA-256 of the e-mail (no address in Redis), and an unknown e-mail is locked the same way (no enumeration).
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '#application';
import { REDIS_DISCONNECT_TIMEOUT_MS } from '#scheduling';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_BASE_SECONDS = 30;
export const LOCKOUT_MAX_SECONDS = 15 * 60;
/** How long failures are remembered without a new one. */
const FAILURE_MEMORY_SECONDS = 24 * 3600;

interface Entry {
  failures: number;
  /** Epoch ms until which the account is locked (0: not locked). */
  until: number;
}

/** The lock after `failures` consecutive failures, in seconds (0 below the threshold). */
export function backoffSeconds(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(LOCKOUT_BASE_SECONDS * 2 ** (failures - LOCKOUT_THRESHOLD), LOCKOUT_MAX_SECONDS);
}

@Injectable()
export class LoginLockout implements OnModuleDestroy {
  private readonly logger = new Logger('LoginLockout');
  private readonly memory = new Map<string, Entry>();
  private readonly redis: Redis | null;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.redis.prefix}:login-lockout:`;
    // Fails fast, as the queue's connection: a login never waits on Redis.
    this.redis = new Redis(config.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1_000, commandTimeout: 500, disconnectTimeout: REDIS_DISCONNECT_TIMEOUT_MS, retryStrategy: (times) => Math.min(times * 500, 5_000) });
    this.redis.on('error', () => undefined);
  }

  /** Seconds before `email` may try again (0: it may). */
  async lockedFor(email: string, now = Date.now()): Promise<number> {
    const entry = await this.read(this.key(email));
    return entry && entry.until > now ? Math.ceil((entry.until - now) / 1000) : 0;
  }

  async failed(email: string, now = Date.now()): Promise<void> {
    const key = this.key(email);
    const shared = await this.shared(async (redis) => {
      const failures = await redis.hincrby(key, 'failures', 1);
      const lock = backoffSeconds(failures);
      const pipeline = redis.multi();
      if (lock > 0) pipeline.hset(key, 'until', String(now + lock * 1000));
      pipeline.expire(key, Math.max(FAILURE_MEMORY_SECONDS, lock));
      await pipeline.exec();
      return true;
    });
    if (shared) return;
    const entry = this.memory.get(key) ?? { failures: 0, until: 0 };
    entry.failures += 1;
    const lock = backoffSeconds(entry.failures);
    if (lock > 0) entry.until = now + lock * 1000;
    this.memory.set(key, entry);
  }

  async succeeded(email: string): Promise<void> {
    const key = this.key(email);
    this.memory.delete(key);
    await this.shared((redis) => redis.del(key).then(() => true));
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }

  private async read(key: string): Promise<Entry | null> {
    const shared = await this.shared(async (redis) => {
      const row = await redis.hgetall(key);
      return { failures: Number(row.failures ?? 0), until: Number(row.until ?? 0) };
    });
    const local = this.memory.get(key) ?? null;
    // While Redis was away this process kept its own count: the stricter of the two holds.
    if (!shared) return local;
    return local && local.until > shared.until ? local : shared;
  }

  /** Runs `work` on Redis if it answers, or returns null (the caller falls back to memory). */
  private async shared<T>(work: (redis: Redis) => Promise<T>): Promise<T | null> {
    if (!this.redis) return null;
    // Just started: wait a moment for the first connection rather than count apart from the other processes.
    if (this.redis.status === 'connecting' || this.redis.status === 'connect') await this.ready(this.redis, 500);
    if (this.redis.status !== 'ready') return null;
    try {
      return await work(this.redis);
    } catch (error) {
      this.logger.warn(`Redis unavailable for the login lockout, using memory: ${(error as Error).message}`);
      return null;
    }
  }

  private ready(redis: Redis, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      redis.once('ready', done);
    });
  }

  private key(email: string): string {
    return this.prefix + createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  }
}
