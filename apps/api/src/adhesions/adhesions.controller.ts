// HTTP for adhesions. Each handler translates and calls one use case or query; the rules live there, the
// shapes in libs/contracts.
import { Body, Controller, Get, Header, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import {
  adhesionPageSchema,
  adhesionSchema,
  createAdhesionCommand,
  estimateSchema,
  historySchema,
  listAdhesionsQuery,
  renewConventionCommand,
  updateDraftCommand,
  type Adhesion,
} from '#contracts';
import {
  AdhesionQueries,
  ApplyEventUseCase,
  CreateAdhesionUseCase,
  InvalidPrecondition,
  RenewConventionUseCase,
  UpdateDraftUseCase,
  type Actor,
  type IdempotencyContext,
} from '#application';
import { CurrentActor } from '../auth/auth.decorators.js';
import { Idempotency, Idempotent } from '../common/idempotency.interceptor.js';
import { Contract, WHEN } from '../openapi/contract.decorator.js';

/** `If-Match: 3` or `If-Match: "3"`: the version the caller saw. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw new InvalidPrecondition('If-Match must be the adhesion version', { header: 'If-Match' });
  return Number(match[1]);
}

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'The version the caller saw (`"3"`): a stale one is a 409 `stale_version`.' });

@ApiTags('adhesions')
@Controller('adhesions')
export class AdhesionsController {
  constructor(
    private readonly create: CreateAdhesionUseCase,
    private readonly update: UpdateDraftUseCase,
    private readonly apply: ApplyEventUseCase,
    private readonly queries: AdhesionQueries,
    private readonly renewal: RenewConventionUseCase,
  ) {}

  @Post()
  @Idempotent()
  @Contract({
    operationId: 'createAdhesion',
    summary: 'Create a draft request of a commune for a service',
    body: createAdhesionCommand,
    status: 201,
    ok: adhesionSchema,
    okDescription: 'The draft, version 1.',
    errors: {
      400: WHEN.invalid,
      403: 'The role may not create requests (an agent, the admin).',
      404: 'No such commune or service in the caller’s scope.',
      409: 'A live adhesion of this commune to this service exists already (`adhesion_already_live`).',
      413: WHEN.tooLarge,
      422: 'The Idempotency-Key was used with another body (`idempotency_key_reused`).',
    },
  })
  createDraft(@CurrentActor() actor: Actor, @Body() body: unknown, @Idempotency() idempotency?: IdempotencyContext): Promise<Adhesion> {
    return this.create.execute(actor, body, idempotency);
  }

  @Get()
  @Contract({
    operationId: 'listAdhesions',
    summary: 'List the adhesions of the caller’s scope',
    query: listAdhesionsQuery,
    ok: adhesionPageSchema,
    okDescription: 'One page, filtered, in a stable order, with the cursor of the next one (`nextCursor`).',
    errors: { 400: `${WHEN.invalid} Also a cursor (\`after\`) that is malformed, altered or of another sort (\`invalid_cursor\`), or sent with \`page\`.` },
  })
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    return this.queries.list(actor, query);
  }

  @Get(':id')
  @Contract({
    operationId: 'getAdhesion',
    summary: 'Read one adhesion',
    description: 'Its ETag is its version: send it back as If-Match.',
    ok: adhesionSchema,
    okDescription: 'The adhesion, with the actions the caller may take now (allowedActions).',
    errors: { 404: WHEN.notFound },
  })
  // Its body depends on the day (the state's label « Signée — en vigueur à compter du … », the allowed actions),
  // its version does not: a browser that kept it would revalidate it by its ETag and be told, wrongly, 304.
  @Header('Cache-Control', 'private, no-store')
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<Adhesion> {
    return this.queries.get(actor, id).then((adhesion) => {
      response.setHeader('ETag', `"${adhesion.version}"`);
      return adhesion;
    });
  }

  @Patch(':id')
  @IF_MATCH
  @Contract({
    operationId: 'updateDraft',
    summary: 'Change a draft’s options or forecast units',
    body: updateDraftCommand,
    ok: adhesionSchema,
    okDescription: 'The draft, one version further.',
    errors: {
      400: `${WHEN.invalid} Also an If-Match that is not a version (\`invalid_precondition\`).`,
      403: WHEN.forbidden,
      404: WHEN.notFound,
      409: 'No longer a draft (`transition_not_allowed`), or a stale If-Match (`stale_version`).',
      413: WHEN.tooLarge,
    },
  })
  patch(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Headers('if-match') ifMatch?: string): Promise<Adhesion> {
    return this.update.execute(actor, id, body, parseIfMatch(ifMatch));
  }

  @Post(':id/events')
  @HttpCode(200)
  @Idempotent()
  @IF_MATCH
  @Contract({
    operationId: 'sendAdhesionEvent',
    summary: 'Send one event of the lifecycle',
    description: 'The event’s payload fields sit beside its `type`; GET /api/workflow lists them with their French labels.',
    body: { ref: 'AdhesionEvent' },
    ok: adhesionSchema,
    okDescription: 'The adhesion after the event.',
    errors: {
      400: `${WHEN.invalid} An unknown type is \`unknown_event\` on the field \`type\`.`,
      403: 'The caller’s role may not send this event, or not for this party (`forbidden`).',
      404: WHEN.notFound,
      409: 'The state does not accept the event (`transition_not_allowed`, with the allowed events), or a stale If-Match (`stale_version`).',
      413: WHEN.tooLarge,
      422: 'A date breaks the legal chain (`rule_violated`: each issue names its field, a stable code and the French sentence of the rule, e.g. `deliberation_before_acceptance`; `allowedActions[].dateBounds` gives the bounds), or the Idempotency-Key was used with another body (`idempotency_key_reused`).',
    },
  })
  sendEvent(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<Adhesion> {
    return this.apply.execute(actor, {
      adhesionId: id,
      body: body && typeof body === 'object' && !Array.isArray(body) ? body : {},
      expectedVersion: parseIfMatch(ifMatch),
      idempotency,
    });
  }

  @Post(':id/renewal')
  @Idempotent()
  @Contract({
    operationId: 'renewConvention',
    summary: 'Renew a convention at its term (« renouveler la convention »)',
    description:
      'In the convention’s last year, its commune’s secretary or the DGS creates the next adhesion, pre-filled from this one (options, forecast, terms as the proposal’s draft). It skips the study unless the DGS asks for one (`study: true`), and its convention starts the day this one’s term ends.',
    body: renewConventionCommand,
    status: 201,
    ok: adhesionSchema,
    okDescription: 'The new adhesion, a draft that links to the one it renews (`renews`).',
    errors: {
      400: WHEN.invalid,
      403: 'The role may not renew a convention (an agent, the admin).',
      404: WHEN.notFound,
      409: 'Another renewal of this convention was created at the same time (`already_renewed`).',
      413: WHEN.tooLarge,
      422: 'Not in its last year, not in force, already renewed, a study asked by a secretary (`rule_violated`), or an Idempotency-Key used with another body.',
    },
  })
  renew(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: unknown, @Idempotency() idempotency?: IdempotencyContext): Promise<Adhesion> {
    return this.renewal.execute(actor, id, body, idempotency);
  }

  @Get(':id/history')
  @Contract({
    operationId: 'getAdhesionHistory',
    summary: 'Read the history of an adhesion',
    ok: historySchema,
    okDescription: 'Its events in order, with the documents generated.',
    errors: { 404: WHEN.notFound },
  })
  history(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.history(actor, id);
  }

  @Get(':id/estimate')
  @Contract({
    operationId: 'getAdhesionEstimate',
    summary: 'Estimate this year’s cost of an adhesion',
    ok: estimateSchema,
    okDescription: 'Unit cost × forecast units, or the adhesion’s share of a total split by keys; `available: false` before the year’s cost is notified.',
    errors: { 404: WHEN.notFound },
  })
  estimate(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.estimate(actor, id);
  }
}
