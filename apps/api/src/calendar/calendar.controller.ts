import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { calendarEventsSchema, calendarFeedSchema, calendarRangeQuery } from '#contracts';
import { Contract, WHEN } from '../openapi/contract.decorator.js';
import { type Response } from 'express';
import { APP_CONFIG, CalendarQueries, RotateCalendarTokenUseCase, type Actor, type AppConfig } from '#application';
import { NotFound } from '#workflow';
import { CurrentActor, Public } from '../auth/auth.decorators.js';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarQueries,
    private readonly token: RotateCalendarTokenUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('events')
  @Contract({
    operationId: 'listCalendarEvents',
    summary: 'List the deadlines and anniversaries between two days',
    query: calendarRangeQuery,
    ok: calendarEventsSchema,
    okDescription: 'In the caller’s scope, by day.',
    errors: { 400: WHEN.invalid },
  })
  events(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.calendar.events(actor, query);
  }

  /** A new feed URL for the caller; the previous one stops working. */
  @Post('token')
  @HttpCode(200)
  @Contract({ operationId: 'createCalendarFeed', summary: 'Create the caller’s iCalendar feed', ok: calendarFeedSchema, okDescription: 'A new feed URL; the previous one stops working.' })
  rotate(@CurrentActor() actor: Actor) {
    return this.token.rotate(actor, this.config.publicUrl);
  }

  @Delete('token')
  @HttpCode(204)
  @Contract({ operationId: 'revokeCalendarFeed', summary: 'Revoke the caller’s iCalendar feed', status: 204, ok: null, okDescription: 'The feed URL no longer works.' })
  async revoke(@CurrentActor() actor: Actor): Promise<void> {
    await this.token.revoke(actor);
  }

  /** The iCalendar feed: public route, the token in the path is the credential. */
  @Public()
  @Get(':file')
  @Contract({
    operationId: 'getCalendarFeed',
    summary: 'Read an iCalendar feed',
    description: 'Public: the token in the file name (`<token>.ics`) is the credential, since calendar applications cannot send a bearer token.',
    public: true,
    ok: { contentType: 'text/calendar', schema: { type: 'string' } },
    okDescription: 'The coming 13 months of the token owner’s scope.',
    errors: { 404: 'No such feed: unknown or revoked token (`not_found`).' },
  })
  async feed(@Param('file') file: string, @Res({ passthrough: true }) response: Response) {
    if (!file.endsWith('.ics')) throw new NotFound('Unknown calendar');
    const body = await this.calendar.feed(file.slice(0, -4), this.config.publicUrl);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, max-age=300');
    return body;
  }
}
