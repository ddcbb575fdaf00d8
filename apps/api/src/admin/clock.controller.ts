// The manual clock (ALACARTE_CLOCK=manual, never in production): an admin sets the time, and a sweep runs
// at once. The demo and the acceptance tests live three years in seconds this way.
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { APP_CONFIG, Clock, ManualClock, parseOrThrow, type Actor, type AppConfig } from '#application';
import { TimeKeeper } from '#scheduling';
import { Forbidden, NotFound } from '#workflow';
import { CurrentActor } from '../auth/auth.decorators.js';

const clockSchema = z.object({ now: z.iso.datetime({ offset: true }) }).strict();

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class ClockController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly time: TimeKeeper,
  ) {}

  @Post('clock')
  @HttpCode(200)
  async setClock(@CurrentActor() actor: Actor, @Body() body: unknown) {
    if (actor.role !== 'admin') throw new Forbidden('Only an admin may set the clock');
    if (this.config.clock !== 'manual' || !(this.clock instanceof ManualClock)) {
      throw new NotFound('The clock is the system clock (ALACARTE_CLOCK=manual to set it)');
    }
    const { now } = parseOrThrow(clockSchema, body);
    this.clock.set(new Date(now));
    const { relayed: _relayed, ...sweep } = await this.time.tick();
    return { now: this.clock.now().toISOString(), sweep };
  }
}

