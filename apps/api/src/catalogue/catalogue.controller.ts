// The catalogue of the caller's EPCI (the admin names one with ?epci=), its yearly costs, and the communes.
import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  communePageSchema,
  communeWithEpciSchema,
  epciQuery,
  epciSchema,
  listCommunesQuery,
  serviceListSchema,
  serviceSettingsSchema,
  setUnitCostCommand,
  unitCostSchema,
  updateServiceCommand,
} from '#contracts';
import { CatalogueQueries, SetUnitCostUseCase, UpdateServiceUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

@ApiTags('catalogue')
@Controller()
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueQueries,
    private readonly updateService: UpdateServiceUseCase,
    private readonly setUnitCost: SetUnitCostUseCase,
  ) {}

  @Get('services')
  @Contract({
    operationId: 'listServices',
    summary: 'List the services of the caller’s EPCI',
    query: epciQuery,
    ok: serviceListSchema,
    okDescription: 'The catalogue, with this year’s costs.',
    errors: { 400: WHEN.noEpci, 404: 'No such EPCI (`not_found`).' },
  })
  services(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.catalogue.services(actor, query);
  }

  @Patch('services/:code')
  @Contract({
    operationId: 'updateService',
    summary: 'Change a service of the EPCI’s catalogue',
    description: 'The settings apply to the adhesions created from now on; signed conventions keep their terms.',
    query: epciQuery,
    body: updateServiceCommand,
    ok: serviceSettingsSchema,
    okDescription: 'The service with its new settings.',
    errors: {
      400: `${WHEN.invalid} ${WHEN.noEpci}`,
      403: 'Only the DGS (or the admin) keeps the catalogue (`forbidden`).',
      404: 'No such service in the EPCI (`not_found`).',
      413: WHEN.tooLarge,
      422: 'A charge against the attribution de compensation for a service that would not be a service commun (`rule_violated`, issue `settlement_requires_service_commun`).',
    },
  })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: unknown, @Query('epci') epci?: string) {
    return this.updateService.execute(actor, code, body, epci);
  }

  @Put('services/:code/unit-costs/:year')
  @Contract({
    operationId: 'setUnitCost',
    summary: 'Set a service’s costs of a year',
    description: 'The unit cost (CGCT D5211-16), or the yearly total of a service shared by keys. Integer cents.',
    query: epciQuery,
    body: setUnitCostCommand,
    ok: unitCostSchema,
    okDescription: 'The year’s costs, set; notified to the communes by notifyUnitCost.',
    errors: {
      400: `${WHEN.invalid} ${WHEN.noEpci}`,
      403: 'Only the DGS (or the admin) sets the costs (`forbidden`).',
      404: 'No such service in the EPCI (`not_found`).',
      409: 'The year’s cost is already notified to the communes (`unit_cost_already_notified`).',
      413: WHEN.tooLarge,
    },
  })
  unitCost(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('year') year: string, @Body() body: unknown, @Query('epci') epci?: string) {
    return this.setUnitCost.execute(actor, code, year, body, epci);
  }

  @Get('epcis/:siren')
  @Contract({ operationId: 'getEpci', summary: 'Read an EPCI', ok: epciSchema, okDescription: 'Its name and nature.', errors: { 404: WHEN.notFound } })
  epci(@CurrentActor() actor: Actor, @Param('siren') siren: string) {
    return this.catalogue.epci(actor, siren);
  }

  @Get('communes')
  @Contract({
    operationId: 'listCommunes',
    summary: 'List the communes of the caller’s scope',
    query: listCommunesQuery,
    ok: communePageSchema,
    okDescription: 'One page, by name.',
    errors: { 400: WHEN.invalid },
  })
  communes(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.catalogue.communes(actor, query);
  }

  @Get('communes/:insee')
  @Contract({ operationId: 'getCommune', summary: 'Read a commune', ok: communeWithEpciSchema, okDescription: 'The commune and its EPCI.', errors: { 404: WHEN.notFound } })
  commune(@CurrentActor() actor: Actor, @Param('insee') insee: string) {
    return this.catalogue.commune(actor, insee);
  }
}
