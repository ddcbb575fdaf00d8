import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { healthSchema, type Health } from '#contracts';
import { Contract, WHEN } from '../openapi/contract.decorator.js';
import { APP_CONFIG, Clock, UnitOfWork, type AppConfig } from '#application';
import { TimeQueue } from '#scheduling';
import { MACHINE_VERSION } from '#workflow';
import { Public } from '../auth/auth.decorators.js';
import { AuthService } from '../auth/auth.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly queue: TimeQueue,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  /** 200 while the process can take work; `degraded` (still 200) when Redis is away: work is kept and delivered later. */
  @Get()
  @Contract({
    operationId: 'getHealth',
    summary: 'Check the process',
    public: true,
    ok: healthSchema,
    okDescription: 'The process can take work: `ok`, or `degraded` while Redis is away (work is kept and delivered later).',
    errors: { 400: WHEN.malformed },
    also: [{ status: 503, body: healthSchema, description: 'The database is unreachable: `down`, route around this process.' }],
  })
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<Health> {
    const database = await this.uow
      .ping()
      .then((up) => (up ? { status: 'up' as const } : { status: 'down' as const, reason: 'no answer' }))
      .catch((error: Error) => ({ status: 'down' as const, reason: error.message }));
    const redis = await this.queue.health();
    const status = database.status === 'down' ? 'down' : redis.status === 'down' ? 'degraded' : 'ok';
    // Down without its database, the process cannot take work: a load balancer must route around it.
    if (status === 'down') response.status(503);
    // The raw error text (host names, ports, paths) is for the admin; anyone else reads that it is unavailable.
    if (!(await this.isAdmin(request))) {
      for (const check of [database, redis] as Array<{ reason?: string }>) if (check.reason !== undefined) check.reason = 'unavailable';
    }
    return {
      status,
      role: this.config.role,
      machineVersion: MACHINE_VERSION,
      clock: { mode: this.config.clock, now: this.clock.now().toISOString() },
      checks: { database: { type: this.config.database.type, ...database }, redis },
    };
  }

  /** Whether the request carries the admin's valid token (bearer or cookie); a public route, so never an error. */
  private async isAdmin(request: Request): Promise<boolean> {
    const header = request.headers.authorization;
    const cookies = Object.entries((request.cookies ?? {}) as Record<string, string>).filter(([name]) => name.endsWith('alacarte_token'));
    const token = header?.startsWith('Bearer ') ? header.slice(7) : cookies[0]?.[1];
    if (!token) return false;
    return this.auth.actorFromToken(token).then(
      ({ actor }) => actor.role === 'admin',
      () => false,
    );
  }
}
