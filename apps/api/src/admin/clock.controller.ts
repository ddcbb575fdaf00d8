// The manual clock (ALACARTE_CLOCK=manual, never in production): an admin sets the time, and a sweep runs
// at once. The demo and the acceptance tests live three years in seconds this way.
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { clockSetSchema, setClockCommand, type ClockSet } from '#contracts';
import { APP_CONFIG, Clock, ManualClock, parseOrThrow, UnitOfWork, type Actor, type AppConfig } from '#application';
import { TimeKeeper } from '#scheduling';
import { Conflict, Forbidden, NotFound } from '#workflow';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

@ApiTags('admin')
@Controller('admin')
export class ClockController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly time: TimeKeeper,
    private readonly uow: UnitOfWork,
  ) {}

  @Post('clock')
  @HttpCode(200)
  @Contract({
    operationId: 'setClock',
    summary: 'Set the manual clock, then sweep',
    description: 'Only with ALACARTE_CLOCK=manual, never in production: tests and demos live three years in seconds.',
    body: setClockCommand,
    ok: clockSetSchema,
    okDescription: 'The new instant and what the sweep delivered.',
    errors: { 400: WHEN.invalid, 403: 'Only the admin sets the clock (`forbidden`).', 404: 'The clock is the system clock (`not_found`).', 409: 'The instant is before the latest stored event (`clock_backwards`, with `latestEventAt`).', 413: WHEN.tooLarge },
  })
  async setClock(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ClockSet> {
    if (actor.role !== 'admin') throw new Forbidden('Only an admin may set the clock');
    if (this.config.clock !== 'manual' || !(this.clock instanceof ManualClock)) {
      throw new NotFound('The clock is the system clock (ALACARTE_CLOCK=manual to set it)');
    }
    const { now } = parseOrThrow(setClockCommand, body);
    // Going back past what is stored would date new events before old ones: the audit trail would lie.
    const latestEventAt = await this.uow.read((r) => r.adhesions.latestEventAt());
    if (latestEventAt !== null && new Date(now).getTime() < Date.parse(latestEventAt)) {
      throw new Conflict('The clock may not go back past the latest stored event', { reason: 'clock_backwards', latestEventAt });
    }
    this.clock.set(new Date(now));
    const { relayed: _relayed, ...sweep } = await this.time.tick();
    return { now: this.clock.now().toISOString(), sweep };
  }
}

