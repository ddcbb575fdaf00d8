// The operator's endpoints outside the API and its OpenAPI document (Express middleware, not Nest routes):
// GET /metrics in the Prometheus format behind METRICS_TOKEN, the request-duration timer, and the queue
// dashboard (Bull Board) at /admin/queues behind the admin role. Mounted by createApp before the routes.
import { timingSafeEqual, createHash } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { TimeQueue } from '#scheduling';
import { AUTH_COOKIE } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { ERROR_MESSAGES_FR } from '../common/error-messages.fr.js';
import { httpLogger, ROOT_LOGGER } from './logging.js';
import { MetricsService } from './metrics.service.js';

export const METRICS_PATH = '/metrics';
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The token of GET /metrics; without one, /metrics answers 404. Read at each scrape. */
export function metricsToken(env: Record<string, string | undefined> = process.env): string | null {
  const token = env.METRICS_TOKEN?.trim();
  return token ? token : null;
}

export function mountOperations(app: INestApplication): void {
  const metrics = app.get(MetricsService);
  app.use(httpLogger(app.get(ROOT_LOGGER)));
  app.use(requestTimer(metrics));
  app.use(METRICS_PATH, metricsEndpoint(metrics));
  app.use(QUEUE_DASHBOARD_PATH, adminOnly(app.get(AuthService)), queueDashboard(app.get(TimeQueue)));
}

function error(response: Response, status: number, code: keyof typeof ERROR_MESSAGES_FR): void {
  response.status(status).json({ code, message: ERROR_MESSAGES_FR[code] });
}

function requestTimer(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request as Request & { route?: { path?: string } }).route?.path;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      metrics.requestDuration.observe(
        { method: request.method, route: typeof route === 'string' ? `${request.baseUrl}${route}` : 'other', status: String(response.statusCode) },
        seconds,
      );
    });
    next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function metricsEndpoint(metrics: MetricsService) {
  return async (request: Request, response: Response, next: NextFunction) => {
    if (request.path !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    const token = metricsToken();
    if (!token) return error(response, 404, 'not_found');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!given || !timingSafeEqual(digest(given), digest(token))) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return error(response, 401, 'unauthenticated');
    }
    try {
      const body = await metrics.metrics();
      response.status(200).setHeader('Content-Type', metrics.registry.contentType);
      response.setHeader('Cache-Control', 'no-store');
      response.end(body);
    } catch (failure) {
      next(failure);
    }
  };
}

/** The same token as the API (bearer or cookie), re-read from the database; the admin role only. */
function adminOnly(auth: AuthService) {
  return async (request: Request, response: Response, next: NextFunction) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : (request.cookies?.[AUTH_COOKIE] as string | undefined);
    if (!token) return error(response, 401, 'unauthenticated');
    try {
      const { actor } = await auth.actorFromToken(token);
      if (actor.role !== 'admin') return error(response, 403, 'forbidden');
    } catch {
      return error(response, 401, 'unauthenticated');
    }
    next();
  };
}

/** Bull Board, loaded at its first request (half a second less at start). */
function queueDashboard(timeQueue: TimeQueue): RequestHandler {
  let router: Promise<RequestHandler> | null = null;
  const load = async (): Promise<RequestHandler> => {
    const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/express'),
    ]);
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({ queues: [new BullMQAdapter(timeQueue.queue)], serverAdapter, options: { uiConfig: { boardTitle: 'À la carte' } } });
    return serverAdapter.getRouter() as RequestHandler;
  };
  return (request, response, next) => {
    router ??= load();
    router.then((handler) => handler(request, response, next), next);
  };
}
