import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { annualReportSchema, reportQuery, serviceMembersSchema } from '#contracts';
import { Contract, WHEN } from '../openapi/contract.decorator.js';
import { ReportQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportQueries) {}

  @Get('services/:code/members')
  @Contract({
    operationId: 'getServiceMembers',
    summary: 'List the members of a service and what each pays',
    description: 'Split over all the EPCI’s members; a secretary sees her commune’s row only, an agent the services of its pole.',
    query: reportQuery,
    ok: serviceMembersSchema,
    okDescription: 'The active members in the year.',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}`, 404: 'No such service in the caller’s scope (`not_found`).' },
  })
  members(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() query: Record<string, unknown>) {
    return this.reports.members(actor, code, query);
  }

  @Get('reports/annual')
  @Contract({
    operationId: 'getAnnualReport',
    summary: 'Report a year of the pooling',
    query: reportQuery,
    ok: annualReportSchema,
    okDescription: 'Adhesions by service and state, amounts, communes covered, in the caller’s scope.',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}` },
  })
  annual(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.reports.annual(actor, query);
  }
}
