// Configuration is read from the environment once, validated, and injected as a typed object.
// The process refuses to start on a bad variable and lists every problem at once.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** A JWT secret given by JWT_SECRET must have at least this many bytes and this many distinct characters. */
export const JWT_SECRET_MIN_BYTES = 32;
export const JWT_SECRET_MIN_DISTINCT = 10;
/** The file, in the data directory, of the secret generated when JWT_SECRET is not set. */
export const JWT_SECRET_FILE = 'jwt-secret';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    DATABASE_URL: z
      .string()
      .default('sqlite:./data/alacarte.sqlite')
      .refine((v) => /^(sqlite:|postgres(ql)?:\/\/)/.test(v), { message: 'must start with sqlite: or postgres://' }),
    REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('alacarte'),
    JWT_SECRET: z.string().optional(),
    ALACARTE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    ALACARTE_CLOCK: z.enum(['system', 'manual']).default('system'),
    ALACARTE_SEED_DEMO: z.enum(['true', 'false']).optional(),
    PUBLIC_URL: z.string().default('http://localhost:3000'),
    SMTP_URL: z.string().regex(/^smtps?:\/\//).optional(),
    MAIL_FROM: z.string().default('À la carte <no-reply@alacarte.local>'),
    /** The name the SMTP client gives in EHLO/HELO (nodemailer's `name`); the machine's host name when unset. */
    SMTP_NAME: z.string().regex(/^[A-Za-z0-9.-]+$/).optional(),
    SWEEP_EVERY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    SCHEDULER_CHECK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** How many messages the dispatcher has in flight at once (P6); a crash may resend at most these. */
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    /** How many SMTP connections the pooled transport keeps open. */
    SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(64).default(8),
    EPCI_WAIT_WORKING_DAYS: z.coerce.number().int().min(1).max(365).default(10),
    TRUST_PROXY: z.string().optional(),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /** The interface the server listens on: the loopback by default, 0.0.0.0 in a container (Dockerfile). */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Serve the OpenAPI document (/docs, /docs-json): on by default outside production. */
    ALACARTE_DOCS: z.enum(['true', 'false']).optional(),
    /** How long an idempotency answer is kept before the sweep purges it. */
    IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_SECRET !== undefined) {
      const weakness = secretWeakness(env.JWT_SECRET);
      if (weakness) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: `${weakness}: unset it to have a random one generated, or set e.g. \`openssl rand -base64 48\`` });
    } else if (env.NODE_ENV === 'production' && !env.DATABASE_URL.startsWith('sqlite:')) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'required with PostgreSQL in production: every api process must share one secret' });
    }
    if (env.NODE_ENV !== 'production') return;
    if (env.ALACARTE_SEED_DEMO === 'true') {
      ctx.addIssue({ code: 'custom', path: ['ALACARTE_SEED_DEMO'], message: 'the demo accounts are never created in production' });
    }
    if (env.SMTP_URL && /\.local>?\s*$/i.test(env.MAIL_FROM)) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'set a sender in a real domain in production (a .local address is refused by mail servers)' });
    }
    if (env.ALACARTE_CLOCK === 'manual') {
      ctx.addIssue({ code: 'custom', path: ['ALACARTE_CLOCK'], message: 'the manual clock is never allowed in production' });
    }
  });

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  port: number;
  database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  redis: { url: string; prefix: string };
  jwtSecret: string;
  role: 'all' | 'api' | 'worker';
  clock: 'system' | 'manual';
  seedDemo: boolean;
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** The SMTP client's name in EHLO (SMTP_NAME), or null for the machine's host name. */
  smtpName: string | null;
  /** How often the sweep re-delivers due deadlines and reminders from the database. */
  sweepEverySeconds: number;
  /** How often a worker makes sure the sweep's job scheduler exists (Redis may have been emptied). */
  schedulerCheckSeconds: number;
  /** How long a worker holds a notification it is sending before another may retry it. */
  notifyLeaseSeconds: number;
  /** How many messages the dispatcher sends at once (NOTIFY_CONCURRENCY). */
  notifyConcurrency: number;
  /** How many SMTP connections the pooled transport keeps (SMTP_POOL_SIZE). */
  smtpPoolSize: number;
  /** After this many working days waiting on the EPCI, a step is overdue and the DGS is told. */
  epciWaitWorkingDays: number;
  /** Express's `trust proxy` behind a reverse proxy (e.g. `1` or `loopback`), so that rate limits see client addresses. */
  trustProxy: string | null;
  /** Login attempts per minute and client address. */
  loginRateLimit: number;
  /** The interface the server listens on. */
  host: string;
  /** Whether /docs and /docs-json are served. */
  docs: boolean;
  /** Days an idempotency answer is kept. */
  idempotencyRetentionDays: number;
}

export class InvalidConfiguration extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new InvalidConfiguration(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    database: e.DATABASE_URL.startsWith('sqlite:')
      ? { type: 'sqlite', path: e.DATABASE_URL.slice('sqlite:'.length) }
      : { type: 'postgres', url: e.DATABASE_URL },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    jwtSecret: e.JWT_SECRET ?? generatedSecret(e.DATABASE_URL),
    role: e.ALACARTE_ROLE,
    clock: e.ALACARTE_CLOCK,
    seedDemo: e.ALACARTE_SEED_DEMO ? e.ALACARTE_SEED_DEMO === 'true' : e.NODE_ENV !== 'production',
    publicUrl: e.PUBLIC_URL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    host: e.HOST,
    docs: e.ALACARTE_DOCS ? e.ALACARTE_DOCS === 'true' : e.NODE_ENV !== 'production',
    idempotencyRetentionDays: e.IDEMPOTENCY_RETENTION_DAYS,
    trustProxy: e.TRUST_PROXY ?? null,
    epciWaitWorkingDays: e.EPCI_WAIT_WORKING_DAYS,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    smtpName: e.SMTP_NAME ?? null,
    sweepEverySeconds: e.SWEEP_EVERY_SECONDS,
    schedulerCheckSeconds: e.SCHEDULER_CHECK_SECONDS,
    notifyLeaseSeconds: e.NOTIFY_LEASE_SECONDS,
    notifyConcurrency: e.NOTIFY_CONCURRENCY,
    smtpPoolSize: e.SMTP_POOL_SIZE,
  };
}

/** Why a secret given by JWT_SECRET is too weak to sign tokens, or null. */
export function secretWeakness(secret: string): string | null {
  if (Buffer.byteLength(secret) < JWT_SECRET_MIN_BYTES) return `too short: at least ${JWT_SECRET_MIN_BYTES} bytes`;
  if (new Set(secret).size < JWT_SECRET_MIN_DISTINCT) return `too little entropy: at least ${JWT_SECRET_MIN_DISTINCT} distinct characters`;
  if (secret === 'dev-only-secret-change-me') return 'the former public development secret';
  return null;
}

/**
 * With no JWT_SECRET: a random secret kept in the data directory (beside the SQLite file, or ./data with
 * PostgreSQL), created once with mode 0600, so that tokens survive a restart and no public default exists.
 * Two processes starting together agree: the first one creates the file (`wx`), the other reads it.
 */
function generatedSecret(databaseUrl: string): string {
  const sqlite = databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length) : null;
  // An in-memory database lives as long as the process: so does its secret.
  if (sqlite === ':memory:') return randomBytes(48).toString('base64url');
  const file = join(sqlite ? dirname(sqlite) : 'data', JWT_SECRET_FILE);
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new InvalidConfiguration(`Invalid configuration:\n  JWT_SECRET: cannot create ${file}: ${(error as Error).message}`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  const weakness = secretWeakness(secret);
  if (weakness) throw new InvalidConfiguration(`Invalid configuration:\n  JWT_SECRET: the secret in ${file} is ${weakness}; delete the file to have a new one generated`);
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
