import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CatalogueQueries, type Actor } from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller()
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueQueries) {}

  @Get('services')
  services() {
    return this.catalogue.services();
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
