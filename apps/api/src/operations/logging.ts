// Structured logs through nestjs-pino: one JSON line per request with its id (X-Request-Id), the actor id,
// the adhesion id and the event, and Nest's own logs through the same pino logger. Never headers, bodies,
// query strings nor the calendar feed's token; authorization, cookie and password fields are redacted
// wherever they appear. LOG_FORMAT=text (the default outside production) prints one readable line each,
// through pino-pretty when it is installed, else a plain formatter. Tests (NODE_ENV=test) log nothing.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type LevelWithSilent, type Logger as PinoInstance } from 'pino';
import { pinoHttp } from 'pino-http';
import { type AppConfig } from '#application';

/** Nest's start-up chatter (50 lines of routes, one per module): at debug level, not at info. */
const STARTUP_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

/** The process's logger: nestjs-pino's, with the start-up chatter moved to debug. */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return this.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  'token',
  '*.token',
  '*.accessToken',
  '*.authorization',
  '*.cookie',
];

type LoggedRequest = IncomingMessage & { id?: unknown; actor?: { userId?: string }; body?: unknown; originalUrl?: string };

/** The path without its query, and without the calendar feed's secret file name. */
export function loggedPath(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(/^\/api\/calendar\/(?!events$|token$)[^/]+$/, '/api/calendar/[redacted]');
}

/** The request's business context: who, which adhesion, which event. Ids and types only, never personal data. */
export function requestContext(request: LoggedRequest): Record<string, string> {
  const path = loggedPath(request.originalUrl ?? request.url);
  const context: Record<string, string> = {};
  if (request.actor?.userId) context.actorId = request.actor.userId;
  const adhesion = /^\/api\/adhesions\/([0-9A-Za-z-]{1,64})(\/|$)/.exec(path)?.[1];
  if (adhesion) context.adhesionId = adhesion;
  const type = (request.body as { type?: unknown } | undefined)?.type;
  if (/\/events$/.test(path) && typeof type === 'string' && /^[A-Z_]{1,40}$/.test(type)) context.event = type;
  return context;
}

/** The process's root pino logger: level, redaction, destination (JSON, or readable text). */
export function createRootLogger(config: AppConfig, env: Record<string, string | undefined> = process.env): PinoInstance {
  const level = (config.env === 'test' ? 'silent' : (env.LOG_LEVEL ?? 'info')) as LevelWithSilent;
  const format = env.LOG_FORMAT ?? (config.env === 'production' ? 'json' : 'text');
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (format !== 'text') return pino(options);
  if (hasPinoPretty()) return pino({ ...options, transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss' } } });
  return pino(options, textStream());
}

/**
 * One line per request, when it ends, with its id, who, which adhesion and which event. Mounted by
 * mountOperations with app.use rather than as Nest middleware: Nest would register a `GET /health/` route
 * for it, and /health (called by the probes every few seconds) is not logged.
 */
export function httpLogger(logger: PinoInstance) {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (request: IncomingMessage) => /^\/health(\/|\?|$)/.test(request.url ?? '') },
    customProps: (request: IncomingMessage) => requestContext(request as LoggedRequest),
    serializers: {
      req: (request: { id?: unknown; method?: string; url?: string }) => ({ id: request.id, method: request.method, url: loggedPath(request.url) }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
    wrapSerializers: false,
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    quietReqLogger: true,
  });
}

function hasPinoPretty(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** A readable line per record, without pino-pretty: `12:00:01 INFO [Context] message key=value`. */
export function formatRecord(record: Record<string, unknown>): string {
  const { time, level, msg, context, pid: _pid, hostname: _hostname, req, res, responseTime, ...rest } = record;
  const clock = new Date(typeof time === 'number' ? time : Date.now()).toTimeString().slice(0, 8);
  const request = req as { method?: string; url?: string; id?: string } | undefined;
  const parts = [clock, (LEVELS[level as number] ?? String(level)).padEnd(5), context ? `[${String(context)}]` : '', String(msg ?? '')];
  if (request) parts.push(`${request.method} ${request.url} ${(res as { statusCode?: number } | undefined)?.statusCode ?? ''} ${responseTime ?? ''}ms id=${request.id}`);
  for (const [key, value] of Object.entries(rest)) parts.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${parts.filter(Boolean).join(' ')}\n`;
}

function textStream(): DestinationStream {
  return {
    write(line: string) {
      try {
        process.stdout.write(formatRecord(JSON.parse(line) as Record<string, unknown>));
      } catch {
        process.stdout.write(line);
      }
    },
  };
}

/** The root pino logger, for httpLogger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const root = createRootLogger(config);
    // nestjs-pino gives Nest's logs to the same pino logger; its own request middleware is off (httpLogger).
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, forRoutes: [] })],
      providers: [AppLogger, { provide: ROOT_LOGGER, useValue: root }],
      exports: [AppLogger, ROOT_LOGGER],
    };
  }
}
