import { Controller, Get, Inject, Res } from '@nestjs/common';
import { type Response } from 'express';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, Clock, UnitOfWork, type AppConfig } from '#application';
import { TimeQueue } from '#scheduling';
import { MACHINE_VERSION } from '#workflow';
import { Public } from '../auth/auth.decorators.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly queue: TimeQueue,
    private readonly clock: Clock,
  ) {}

  /** 200 while the process can take work; `degraded` (still 200) when Redis is away: work is kept and delivered later. */
  @Get()
  @ApiOkResponse({ description: '{ status: ok | degraded, checks } (503 with status down when the database is unreachable)' })
  async health(@Res({ passthrough: true }) response: Response) {
    const database = await this.uow
      .ping()
      .then((up) => (up ? { status: 'up' as const } : { status: 'down' as const, reason: 'no answer' }))
      .catch((error: Error) => ({ status: 'down' as const, reason: error.message }));
    const redis = await this.queue.health();
    const status = database.status === 'down' ? 'down' : redis.status === 'down' ? 'degraded' : 'ok';
    // Down without its database, the process cannot take work: a load balancer must route around it.
    if (status === 'down') response.status(503);
    return {
      status,
      role: this.config.role,
      machineVersion: MACHINE_VERSION,
      clock: { mode: this.config.clock, now: this.clock.now().toISOString() },
      checks: { database: { type: this.config.database.type, ...database }, redis },
    };
  }
}
