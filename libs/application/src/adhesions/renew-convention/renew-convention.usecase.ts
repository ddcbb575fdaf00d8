// « Renouveler la convention »: in the last year of a convention, its commune's secretary or the EPCI's DGS
// starts the next one. A successor adhesion for the same commune and service, pre-filled from the old one (its
// options, its forecast, its terms as the proposal's draft), that skips the study unless the DGS asks for one,
// and whose convention must start the day the old term ends, so that the two follow each other with no gap.
// It lives beside its predecessor under the successor's live key (one at a time), and takes the plain one when
// the predecessor ends (ApplyEventUseCase).
import { Injectable } from '@nestjs/common';
import { renewConventionCommand } from '#contracts';
import { anniversary, type CivilDate } from '#domain';
import { CONVENTION_YEARS, Conflict, Forbidden, initialState, NotFound, restoreSnapshot, RuleViolation, type RenewalOf } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConcurrentIdempotentRequest, rememberAnswer, type IdempotencyContext } from '../../common/idempotency.js';
import { newId } from '../../common/ids.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow } from '../../common/validation.js';
import { newOutboxRows } from '../../ports/outbox.js';
import { UniqueViolation, UnitOfWork } from '../../ports/repositories.js';
import { adhesionInput, newAdhesion } from '../adhesion-row.js';
import { toAdhesionResponse, type AdhesionResponse } from '../adhesion.response.js';
import { RENEWING_ROLES, renewalRefusal } from '../renewal-links.js';

@Injectable()
export class RenewConventionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, adhesionId: string, body: unknown, idempotency?: IdempotencyContext): Promise<AdhesionResponse> {
    const record = await this.uow.read((r) => r.adhesions.get(adhesionId));
    if (!record || !Scope.of(actor).includes({ ...record.adhesion, servicePole: record.service.pole })) {
      throw new NotFound('Adhesion not found', { id: adhesionId });
    }
    if (!RENEWING_ROLES.includes(actor.role)) throw new Forbidden('Only the commune’s secretary or the DGS may renew a convention');
    const command = parseOrThrow(renewConventionCommand, body ?? {});
    if (command.study && actor.role !== 'dgs') {
      throw new RuleViolation([{ field: 'study', code: 'study_by_dgs_only', message: 'Seule la direction générale des services de l’EPCI peut demander une étude du renouvellement.' }]);
    }
    const { adhesion: old, service, commune, epci } = record;
    const state = restoreSnapshot(old.snapshot);
    const successorBefore = await this.uow.read((r) => r.adhesions.successorOf(old.id));
    const refusal = renewalRefusal(state, successorBefore);
    if (refusal) throw new RuleViolation([refusal]);

    const context = state.context;
    const terms = context.terms!;
    const renewalOf: RenewalOf = {
      startDate: anniversary(context.startDate as CivilDate, CONVENTION_YEARS),
      ...(command.study ? { study: true as const } : {}),
      draft: {
        unitCostCents: terms.unitCostCents,
        forecastUnits: terms.forecastUnits,
        ...(terms.periodicity ? { periodicity: terms.periodicity } : {}),
        ...(terms.costRevision ? { costRevision: terms.costRevision } : {}),
      },
    };
    const input = { ...adhesionInput(service), renewalOf };
    const options = old.options.filter((code) => service.options.some((o) => o.code === code));
    const forecastUnits = String(terms.forecastUnits);
    const now = this.clock.now();
    const at = now.toISOString();
    const successor = newAdhesion({
      id: newId(),
      communeInsee: old.communeInsee,
      epciSiren: old.epciSiren,
      serviceCode: old.serviceCode,
      options,
      forecastUnits,
      createdBy: actor.userId ?? 'system',
      at,
      state: initialState(input),
      renews: old.id,
    });
    const response = {
      ...toAdhesionResponse({ adhesion: successor, commune, service, epci }, actor.role, now),
      renews: old.id,
      renewedBy: null,
      canRenew: false,
    };
    try {
      await this.uow.write(async (r) => {
        await r.adhesions.insert(successor);
        await r.adhesions.appendAudit({
          adhesionId: successor.id,
          sequence: 1,
          event: 'CREATED',
          payload: { communeInsee: old.communeInsee, serviceCode: old.serviceCode, options, forecastUnits: Number(forecastUnits), renews: old.id, input },
          actorId: actor.userId,
          role: actor.role,
          fromState: null,
          toState: successor.stateDetail,
          at,
        });
        await r.outbox.append(newOutboxRows([{ adhesionId: successor.id, kind: 'adhesion.created', payload: { version: 1, renews: old.id } }], at));
        await rememberAnswer(r, idempotency, 201, response, at);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        if (idempotency) throw new ConcurrentIdempotentRequest();
        // Another renewal of the same convention won the race (the successor's live key is unique).
        throw new Conflict('This convention is already being renewed', { reason: 'already_renewed' });
      }
      throw error;
    }
    return response;
  }
}
