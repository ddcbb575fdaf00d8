// The money of each year: an adhesion's year and its units (recorded by the agent or the DGS, contested by the
// commune), the notification of a year's costs, and the statements of an EPCI's year.
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  adhesionUsageResponse,
  adhesionYearMoneyResponse,
  contestUnitsCommand,
  epciQuery,
  moneyYearQuery,
  recordUnitsCommand,
  statementsQuery,
  unitCostNotificationResponse,
  usageRecordResponse,
  yearStatementsResponse,
} from '#contracts';
import { ContestUnitsUseCase, MoneyQueries, NotifyUnitCostUseCase, RecordUnitsUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

const RULE = 'A rule is broken; each issue names its field and states the rule in French (`rule_violated`).';

@ApiTags('money')
@Controller()
export class MoneyController {
  constructor(
    private readonly money: MoneyQueries,
    private readonly recordUnits: RecordUnitsUseCase,
    private readonly contestUnits: ContestUnitsUseCase,
    private readonly notifyUnitCost: NotifyUnitCostUseCase,
  ) {}

  @Get('adhesions/:id/money')
  @Contract({
    operationId: 'getAdhesionYearMoney',
    summary: 'Read the money of a convention’s year',
    description: 'Forecast (pro rata by days), instalments after the periodicity, units recorded, actual amount and balance.',
    query: moneyYearQuery,
    ok: adhesionYearMoneyResponse,
    okDescription: 'The year (this year by default).',
    errors: { 400: WHEN.invalid, 404: WHEN.notFound },
  })
  year(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: Record<string, unknown>) {
    return this.money.year(actor, id, query);
  }

  @Get('adhesions/:id/usage')
  @Contract({ operationId: 'getAdhesionUsage', summary: 'List the units recorded and their trail', ok: adhesionUsageResponse, okDescription: 'Every record and every change.', errors: { 404: WHEN.notFound } })
  usage(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.money.usage(actor, id);
  }

  @Put('adhesions/:id/usage/:year/:period')
  @Contract({
    operationId: 'recordUnits',
    summary: 'Record the units of a period',
    description: 'By the service’s agent or the DGS. For an ADS service, the count of each act type (weighted by the EPCI’s weights). A correction names the version it corrects.',
    body: recordUnitsCommand,
    ok: usageRecordResponse,
    okDescription: 'The record, as stored.',
    errors: {
      400: WHEN.invalid,
      403: 'Only the service’s agent or the DGS records units (`forbidden`).',
      404: WHEN.notFound,
      409: 'Already recorded, or corrected by someone else since it was read (`units_already_recorded`, `stale_version`).',
      413: WHEN.tooLarge,
      422: RULE,
    },
  })
  record(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('year') year: string, @Param('period') period: string, @Body() body: unknown) {
    return this.recordUnits.execute(actor, id, year, period, body);
  }

  @Post('adhesions/:id/usage/:year/:period/contest')
  @HttpCode(200)
  @Contract({
    operationId: 'contestUnits',
    summary: 'Contest the units of a period',
    description: 'By the commune’s secretary, with a comment, within 30 days of their recording.',
    body: contestUnitsCommand,
    ok: usageRecordResponse,
    okDescription: 'The record with its contest.',
    errors: { 400: WHEN.invalid, 403: 'Only the commune contests (`forbidden`).', 404: WHEN.notFound, 409: 'Changed since it was read (`stale_version`).', 413: WHEN.tooLarge, 422: RULE },
  })
  contest(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('year') year: string, @Param('period') period: string, @Body() body: unknown) {
    return this.contestUnits.execute(actor, id, year, period, body);
  }

  @Post('services/:code/unit-costs/:year/notify')
  @HttpCode(200)
  @Contract({
    operationId: 'notifyUnitCost',
    summary: 'Notify a year’s cost to the member communes',
    description: 'Each commune whose convention is in force is told once, in the application and by e-mail, with its letter. A notified cost no longer changes.',
    query: epciQuery,
    ok: unitCostNotificationResponse,
    okDescription: 'The communes told.',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}`, 403: 'Only the DGS notifies (`forbidden`).', 404: 'No such service in the EPCI (`not_found`).', 409: 'Already notified (`unit_cost_already_notified`).', 422: RULE },
  })
  notify(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('year') year: string, @Query('epci') epci?: string) {
    return this.notifyUnitCost.execute(actor, code, year, epci);
  }

  @Get('reports/statements')
  @Contract({
    operationId: 'getYearStatements',
    summary: 'Read the statements of a year',
    description: 'Per convention in force in the year: forecast, instalments, actual, balance. A secretary sees her commune’s.',
    query: statementsQuery,
    ok: yearStatementsResponse,
    okDescription: 'The statements and their totals.',
    errors: { 400: `${WHEN.invalid} ${WHEN.noEpci}` },
  })
  statements(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.money.statements(actor, query);
  }
}
