import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { APP_CONFIG, CalendarQueries, RotateCalendarTokenUseCase, type Actor, type AppConfig } from '#application';
import { NotFound } from '#workflow';
import { CurrentActor, Public } from '../auth/auth.decorators.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarQueries,
    private readonly token: RotateCalendarTokenUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('events')
  events(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.calendar.events(actor, query);
  }

  /** A new feed URL for the caller; the previous one stops working. */
  @Post('token')
  @HttpCode(200)
  rotate(@CurrentActor() actor: Actor) {
    return this.token.rotate(actor, this.config.publicUrl);
  }

  @Delete('token')
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor): Promise<void> {
    await this.token.revoke(actor);
  }

  /** The iCalendar feed: public route, the token in the path is the credential. */
  @Public()
  @Get(':file')
  async feed(@Param('file') file: string, @Res({ passthrough: true }) response: Response) {
    if (!file.endsWith('.ics')) throw new NotFound('Unknown calendar');
    const body = await this.calendar.feed(file.slice(0, -4), this.config.publicUrl);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, max-age=300');
    return body;
  }
}
