import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CatalogueAdmin, ReportQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportQueries,
    private readonly admin: CatalogueAdmin,
  ) {}

  @Get('services/:code/members')
  members(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: Record<string, unknown>) {
    return this.reports.members(actor, code, query);
  }

  @Patch('services/:code')
  updateService(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: unknown) {
    return this.admin.updateService(actor, code, body);
  }

  @Put('services/:code/unit-costs/:year')
  setUnitCost(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('year') year: string, @Body() body: unknown) {
    return this.admin.setUnitCost(actor, code, year, body);
  }

  @Get('reports/annual')
  annual(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.reports.annual(actor, query);
  }
}
