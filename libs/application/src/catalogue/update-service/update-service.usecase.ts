// The DGS keeps its own EPCI's catalogue. Existing conventions keep the terms they were signed with.
import { Injectable } from '@nestjs/common';
import { Forbidden, InvalidInput, NotFound, RuleViolation } from '#workflow';
import { type ServiceSettings } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { parseOrThrow } from '../../common/validation.js';
import { type Service } from '../../ports/records.js';
import { UnitOfWork } from '../../ports/repositories.js';
import { epciOf } from '../epci-of.js';
import { updateServiceCommand } from './update-service.command.js';

export const mayEditCatalogue = (actor: Actor) => actor.role === 'dgs' || actor.role === 'admin';

@Injectable()
export class UpdateServiceUseCase {
  constructor(private readonly uow: UnitOfWork) {}

  async execute(actor: Actor, code: string, body: unknown, epci?: unknown): Promise<ServiceSettings> {
    const patch = parseOrThrow(updateServiceCommand, body);
    const epciSiren = epciOf(actor, epci);
    return this.uow.write(async (r) => {
      const service = await r.catalogue.service(epciSiren, code);
      if (!service) throw new NotFound('Service not found', { code });
      if (!mayEditCatalogue(actor)) throw new Forbidden('Only the DGS may edit the catalogue');
      const changes: Partial<Service> = { ...patch, ...(patch.reminderOffsets ? { reminderOffsets: [...patch.reminderOffsets].sort((a, b) => b - a) } : {}) };
      const next = { ...service, ...changes };
      checkKey(next);
      checkSettlement(next);
      if (patch.actWeights && next.options.length && Object.keys(patch.actWeights).some((k) => !next.options.some((o) => o.code === k))) {
        throw new InvalidInput('A weight names an unknown act type', { issues: [{ field: 'actWeights', code: 'unknown_option' }] });
      }
      await r.catalogue.updateService(epciSiren, code, changes);
      return next;
    });
  }
}

/**
 * Only a service commun may be charged against the attribution de compensation (CGCT L5211-4-2): checked on the
 * service as it would become, so that a service so settled cannot leave that basis either.
 */
function checkSettlement(service: Service): void {
  if (service.settlement === 'compensation' && service.legalBasis !== 'service_commun') {
    throw new RuleViolation([
      {
        field: 'settlement',
        code: 'settlement_requires_service_commun',
        message: 'L’imputation sur l’attribution de compensation n’est possible que pour un service commun (CGCT, art. L5211-4-2).',
      },
    ]);
  }
}

/** A keys service's key must be computable: fixed percentages at most 100 %, mixed weights given. */
function checkKey(service: Service): void {
  if (service.costModel !== 'keys') return;
  const basis = service.keyBasis ?? 'population';
  const parameters = service.keyParameters ?? {};
  const sum = (keys: string[]) => keys.reduce((total, key) => total + Number(parameters[key] ?? 0), 0);
  if (basis === 'fixed' && sum(Object.keys(parameters)) > 100) {
    throw new InvalidInput('The fixed shares exceed 100 %', { issues: [{ field: 'keyParameters', code: 'shares_over_100' }] });
  }
  if ((basis === 'fixed' && Object.keys(parameters).length === 0) || (basis === 'mixed' && sum(['population', 'forecastUnits']) === 0)) {
    throw new InvalidInput('The key needs its parameters', { issues: [{ field: 'keyParameters', code: 'required' }] });
  }
}
