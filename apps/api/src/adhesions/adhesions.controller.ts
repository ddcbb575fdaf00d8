// HTTP for adhesions. Each handler translates and calls one use case or query; the rules live there.
import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import {
  AdhesionQueries,
  ApplyEventUseCase,
  ConcurrentIdempotentRequest,
  CreateAdhesionUseCase,
  IdempotencyStore,
  idempotencyContext,
  InvalidPrecondition,
  requestHash,
  UpdateDraftUseCase,
  type Actor,
} from '#application';
import { Conflict, StaleVersion, TransitionNotAllowed } from '#workflow';
import { CurrentActor } from '../auth/auth.decorators.js';
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
    private readonly idempotency: IdempotencyStore,
  ) {}

  @Post()
  @ApiBody({ type: CreateAdhesionDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async createDraft(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.idempotent(actor, key, request, response, 201, () =>
      this.create.execute(actor, body, idempotencyContext(actor.userId!, key, requestHash('POST', request.path, body))),
    );
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
  @ApiBody({ type: EventDto })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the caller saw: a stale one is a 409.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  sendEvent(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const expectedVersion = parseIfMatch(ifMatch);
    return this.idempotent(actor, key, request, response, 200, () =>
      this.apply.execute(actor, {
        adhesionId: id,
        body: body && typeof body === 'object' && !Array.isArray(body) ? body : {},
        expectedVersion,
        idempotency: idempotencyContext(actor.userId!, key, requestHash('POST', request.path, body)),
      }),
    );
  }

  @Get(':id/history')
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.history(actor, id);
  }

  @Get(':id/estimate')
  estimate(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.estimate(actor, id);
  }

  /** Replays the stored first answer of a repeated Idempotency-Key, or runs the write once. */
  private async idempotent<T>(
    actor: Actor,
    key: string | undefined,
    request: Request,
    response: Response,
    status: number,
    write: () => Promise<T>,
  ): Promise<unknown> {
    const context = idempotencyContext(actor.userId!, key, requestHash('POST', request.path, request.body));
    const stored = await this.idempotency.replay(context);
    if (stored) {
      response.status(stored.statusCode).setHeader('Idempotent-Replayed', 'true');
      return stored.body;
    }
    try {
      const result = await write();
      response.status(status);
      return result;
    } catch (error) {
      // A copy of this request that raced us and committed first: its answer is ours.
      const lostRace = context && (error instanceof StaleVersion || error instanceof TransitionNotAllowed);
      if (lostRace) {
        const first = await this.idempotency.replay(context);
        if (first) {
          response.status(first.statusCode).setHeader('Idempotent-Replayed', 'true');
          return first.body;
        }
      }
      if (!(error instanceof ConcurrentIdempotentRequest)) throw error;
      const first = await this.idempotency.replay(context);
      if (!first) throw new Conflict('A live adhesion already exists for this commune and service', { reason: 'adhesion_already_live' });
      response.status(first.statusCode).setHeader('Idempotent-Replayed', 'true');
      return first.body;
    }
  }
}
