// A commune asks for a service: a draft adhesion, unique while live for that commune and service.
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AdhesionEntity, CommuneEntity, ServiceEntity, UnitOfWork, isUniqueViolation } from '#persistence';
import { Conflict, Forbidden, InvalidInput, NotFound, initialState, isFinal, stateKey, topState } from '#workflow';
import { canSeeCommune, type Actor } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { appendAudit, appendOutbox, type AdhesionRecord } from './adhesion-store.js';
import { toAdhesionResponse, type AdhesionResponse } from './adhesion.response.js';
import { ConcurrentIdempotentRequest, rememberAnswer, type IdempotencyContext } from './idempotent-write.js';
import { parseOrThrow, unitsSchema } from '../common/validation.js';

export const createAdhesionSchema = z
  .object({
    communeInsee: z.string().regex(/^[0-9][0-9AB][0-9]{3}$/),
    serviceCode: z.string().min(1).max(40),
    options: z.array(z.string().min(1).max(40)).max(50).optional(),
    forecastUnits: unitsSchema.optional(),
    /** Applying again after a convention ended: its options and units pre-fill what is not given. */
    previousAdhesionId: z.string().uuid().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.forecastUnits === undefined && !v.previousAdhesionId) ctx.addIssue({ code: 'custom', path: ['forecastUnits'], message: 'required' });
  });
export type CreateAdhesionCommand = z.infer<typeof createAdhesionSchema>;

/** Options must exist in the service's catalogue, each at most once. */
export function checkOptions(service: ServiceEntity, options: string[]): void {
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
    const command = parseOrThrow(createAdhesionSchema, body);
    if (actor.role !== 'secretary' && actor.role !== 'dgs') throw new Forbidden('Only a secretary or the DGS may request a service');
    const [commune, service] = await this.uow.read((m) =>
      Promise.all([m.findOneBy(CommuneEntity, { insee: command.communeInsee }), m.findOneBy(ServiceEntity, { code: command.serviceCode })]),
    );
    if (!commune || !canSeeCommune(actor, commune)) throw new NotFound('Commune not found', { insee: command.communeInsee });
    if (!service) throw new NotFound('Service not found', { code: command.serviceCode });
    if (!commune.epciSiren) throw new InvalidInput('The commune belongs to no EPCI', { issues: [{ field: 'communeInsee', code: 'no_epci' }] });
    let options = command.options;
    let forecastUnits = command.forecastUnits === undefined ? undefined : String(command.forecastUnits);
    if (command.previousAdhesionId) {
      const previous = await this.uow.read((m) => m.findOneBy(AdhesionEntity, { id: command.previousAdhesionId }));
      if (!previous || previous.communeInsee !== commune.insee || previous.serviceCode !== service.code) {
        throw new NotFound('Previous adhesion not found for this commune and service', { id: command.previousAdhesionId });
      }
      if (!isFinal(previous.snapshot.value as never)) {
        throw new InvalidInput('The previous adhesion is still live', { issues: [{ field: 'previousAdhesionId', code: 'still_live' }] });
      }
      options ??= previous.options.filter((code) => service.options.some((o) => o.code === code));
      forecastUnits ??= previous.forecastUnits;
    }
    options ??= [];
    checkOptions(service, options);

    const now = this.clock.now();
    const at = now.toISOString();
    const state = initialState({ noticePeriodMonths: service.noticePeriodMonths, renewalWindowDays: service.renewalWindowDays });
    const adhesion: AdhesionEntity = {
      id: newId(),
      communeInsee: commune.insee,
      epciSiren: commune.epciSiren,
      serviceCode: service.code,
      liveKey: `${commune.insee}:${service.code}`,
      options,
      forecastUnits: forecastUnits!,
      state: topState(state.value),
      stateDetail: stateKey(state.value),
      snapshot: { value: state.value, context: state.context },
      machineVersion: state.machineVersion,
      version: 1,
      nextDeadlineAt: null,
      nextDeadlineKind: null,
      nextDeadlineCycle: null,
      startDate: null,
      anniversaryOn: null,
      contractYear: 0,
      createdBy: actor.userId ?? 'system',
      createdAt: at,
      updatedAt: at,
    };
    const record: AdhesionRecord = { adhesion, commune, service };
    const response = toAdhesionResponse(record, actor.role, now);
    try {
      await this.uow.write(async (manager) => {
        await manager.insert(AdhesionEntity, adhesion as never);
        await appendAudit(manager, {
          adhesionId: adhesion.id,
          sequence: 1,
          event: 'CREATED',
          payload: {
            ...command,
            options,
            forecastUnits: Number(forecastUnits),
            input: { noticePeriodMonths: service.noticePeriodMonths, renewalWindowDays: service.renewalWindowDays },
          },
          actorId: actor.userId,
          role: actor.role,
          fromState: null,
          toState: adhesion.stateDetail,
          at,
        });
        await appendOutbox(manager, [{ adhesionId: adhesion.id, kind: 'adhesion.created', payload: { version: 1 } }], at);
        if (idempotency) await rememberAnswer(manager, idempotency, 201, response, at);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        if (idempotency) {
          // Either the key (a concurrent retry) or the live pair collided: the caller checks which.
          throw new ConcurrentIdempotentRequest();
        }
        throw new Conflict('A live adhesion already exists for this commune and service', {
          reason: 'adhesion_already_live',
        });
      }
      throw error;
    }
    return response;
  }
}
