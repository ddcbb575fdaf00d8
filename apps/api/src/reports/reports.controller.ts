import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReportQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportQueries) {}

  @Get('services/:code/members')
  members(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: Record<string, unknown>) {
    return this.reports.members(actor, code, query);
  }

  @Get('reports/annual')
  annual(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.reports.annual(actor, query);
  }
}
