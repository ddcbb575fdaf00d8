// HTTP for adhesions. Each handler translates and calls one use case or query; the rules live there.
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import {
  AdhesionQueries,
  ApplyEventUseCase,
  CreateAdhesionUseCase,
  InvalidPrecondition,
  UpdateDraftUseCase,
  type Actor,
  type IdempotencyContext,
} from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Idempotency, Idempotent } from '../common/idempotency.interceptor.js';
import { CreateAdhesionDto, EventDto, UpdateDraftDto } from './adhesion.dto.js';

/** `If-Match: 3` or `If-Match: "3"`: the version the caller saw. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new InvalidPrecondition('If-Match must be the adhesion version', { header: 'If-Match' });
  return Number(match[1]);
}

@ApiTags('adhesions')
@ApiBearerAuth()
@Controller('adhesions')
export class AdhesionsController {
  constructor(
    private readonly create: CreateAdhesionUseCase,
    private readonly update: UpdateDraftUseCase,
    private readonly apply: ApplyEventUseCase,
    private readonly queries: AdhesionQueries,
  ) {}

  @Post()
  @Idempotent()
  @ApiBody({ type: CreateAdhesionDto })
  createDraft(@CurrentActor() actor: Actor, @Body() body: unknown, @Idempotency() idempotency?: IdempotencyContext) {
    return this.create.execute(actor, body, idempotency);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The adhesion, with the actions the caller may take now (allowedActions).' })
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) response: Response) {
    return this.queries.get(actor, id).then((adhesion) => {
      response.setHeader('ETag', `"${adhesion.version}"`);
      return adhesion;
    });
  }

  @Patch(':id')
  @ApiBody({ type: UpdateDraftDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the caller saw.' })
  patch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string) {
    return this.update.execute(actor, id, body, parseIfMatch(ifMatch));
  }

  @Post(':id/events')
  @HttpCode(200)
  @Idempotent()
  @ApiBody({ type: EventDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the caller saw: a stale one is a 409.' })
  sendEvent(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Idempotency() idempotency?: IdempotencyContext,
  ) {
    return this.apply.execute(actor, {
      adhesionId: id,
      body: body && typeof body === 'object' && !Array.isArray(body) ? body : {},
      expectedVersion: parseIfMatch(ifMatch),
      idempotency,
    });
  }

  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.history(actor, id);
  }

  @Get(':id/estimate')
  estimate(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.estimate(actor, id);
  }
}
