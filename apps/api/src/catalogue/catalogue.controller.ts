// The catalogue of the caller's EPCI (the admin names one with ?epci=), its yearly costs, and the communes.
import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CatalogueQueries, SetUnitCostUseCase, UpdateServiceUseCase, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueController {
  constructor(
    private readonly catalogue: CatalogueQueries,
    private readonly updateService: UpdateServiceUseCase,
    private readonly setUnitCost: SetUnitCostUseCase,
  ) {}

  @Get('services')
  @ApiQuery({ name: 'epci', required: false, description: 'The EPCI (admin only; others get their own).' })
  services(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.catalogue.services(actor, query);
  }

  @Patch('services/:code')
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() body: unknown, @Query('epci') epci?: string) {
    return this.updateService.execute(actor, code, body, epci);
  }

  @Put('services/:code/unit-costs/:year')
  unitCost(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('year') year: string, @Body() body: unknown, @Query('epci') epci?: string) {
    return this.setUnitCost.execute(actor, code, year, body, epci);
  }

  @Get('epcis/:siren')
  epci(@CurrentActor() actor: Actor, @Param('siren') siren: string) {
    return this.catalogue.epci(actor, siren);
  }

  @Get('communes')
  communes(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.catalogue.communes(actor, query);
  }

  @Get('communes/:insee')
  commune(@CurrentActor() actor: Actor, @Param('insee') insee: string) {
    return this.catalogue.commune(actor, insee);
  }
}
