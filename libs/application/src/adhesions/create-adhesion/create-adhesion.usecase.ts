// A commune asks for a service of its EPCI's catalogue: a draft adhesion, unique while live for that pair.
import { Injectable } from '@nestjs/common';
import { Conflict, Forbidden, InvalidInput, NotFound, initialState, isFinal } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { ConcurrentIdempotentRequest, rememberAnswer, type IdempotencyContext } from '../../common/idempotency.js';
import { newId } from '../../common/ids.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow } from '../../common/validation.js';
import { type Service } from '../../ports/records.js';
import { newOutboxRows } from '../../ports/outbox.js';
import { UniqueViolation, UnitOfWork } from '../../ports/repositories.js';
import { adhesionInput, newAdhesion } from '../adhesion-row.js';
import { toAdhesionResponse, type AdhesionResponse } from '../adhesion.response.js';
import { createAdhesionCommand } from './create-adhesion.command.js';

/** Options must exist in the service's catalogue, each at most once. */
export function checkOptions(service: Service, options: string[]): void {
  const known = new Set(service.options.map((o) => o.code));
  const issues = options
    .map((code, index) => ({ code, index }))
    .filter(({ code, index }) => !known.has(code) || options.indexOf(code) !== index)
    .map(({ index }) => ({ field: `options.${index}`, code: 'unknown_option' }));
  if (issues.length) throw new InvalidInput('Unknown or repeated option', { issues });
}

@Injectable()
export class CreateAdhesionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, body: unknown, idempotency?: IdempotencyContext): Promise<AdhesionResponse> {
    const command = parseOrThrow(createAdhesionCommand, body);
    if (actor.role !== 'secretary' && actor.role !== 'dgs') throw new Forbidden('Only a secretary or the DGS may request a service');
    const { commune, service, epci, previous } = await this.uow.read(async (r) => {
      const commune = await r.communes.commune(command.communeInsee);
      if (!commune || !Scope.of(actor).includesCommune(commune)) throw new NotFound('Commune not found', { insee: command.communeInsee });
      if (!commune.epciSiren) throw new InvalidInput('The commune belongs to no EPCI', { issues: [{ field: 'communeInsee', code: 'no_epci' }] });
      // The commune's own EPCI's catalogue: a service code of another EPCI is unknown here.
      const service = await r.catalogue.service(commune.epciSiren, command.serviceCode);
      if (!service) throw new NotFound('Service not found', { code: command.serviceCode });
      const previous = command.previousAdhesionId ? await r.adhesions.get(command.previousAdhesionId) : null;
      return { commune, service, epci: (await r.communes.epci(commune.epciSiren))!, previous };
    });
    let options = command.options;
    let forecastUnits = command.forecastUnits === undefined ? undefined : String(command.forecastUnits);
    if (command.previousAdhesionId) {
      const before = previous?.adhesion;
      if (!before || before.communeInsee !== commune.insee || before.serviceCode !== service.code || before.epciSiren !== commune.epciSiren) {
        throw new NotFound('Previous adhesion not found for this commune and service', { id: command.previousAdhesionId });
      }
      if (!isFinal(before.snapshot.value as never)) {
        throw new InvalidInput('The previous adhesion is still live', { issues: [{ field: 'previousAdhesionId', code: 'still_live' }] });
      }
      options ??= before.options.filter((code) => service.options.some((o) => o.code === code));
      forecastUnits ??= before.forecastUnits;
    }
    options ??= [];
    checkOptions(service, options);

    const now = this.clock.now();
    const at = now.toISOString();
    const input = adhesionInput(service);
    const adhesion = newAdhesion({
      id: newId(),
      communeInsee: commune.insee,
      epciSiren: commune.epciSiren!,
      serviceCode: service.code,
      options,
      forecastUnits: forecastUnits!,
      createdBy: actor.userId ?? 'system',
      at,
      state: initialState(input),
    });
    const response = toAdhesionResponse({ adhesion, commune, service, epci }, actor.role, now);
    try {
      await this.uow.write(async (r) => {
        await r.adhesions.insert(adhesion);
        await r.adhesions.appendAudit({
          adhesionId: adhesion.id,
          sequence: 1,
          event: 'CREATED',
          payload: { ...command, options, forecastUnits: Number(forecastUnits), input },
          actorId: actor.userId,
          role: actor.role,
          fromState: null,
          toState: adhesion.stateDetail,
          at,
        });
        await r.outbox.append(newOutboxRows([{ adhesionId: adhesion.id, kind: 'adhesion.created', payload: { version: 1 } }], at));
        await rememberAnswer(r, idempotency, 201, response, at);
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        // Either the key (a concurrent retry) or the live pair collided: the caller checks which.
        if (idempotency) throw new ConcurrentIdempotentRequest();
        throw new Conflict('A live adhesion already exists for this commune and service', { reason: 'adhesion_already_live' });
      }
      throw error;
    }
    return response;
  }
}
