// While a request is a draft, its commune (or the DGS) may change the options and the forecast.
import { Injectable } from '@nestjs/common';
import { Forbidden, NotFound, StaleVersion, TransitionNotAllowed } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow } from '../../common/validation.js';
import { UnitOfWork } from '../../ports/repositories.js';
import { toAdhesionResponse, type AdhesionResponse } from '../adhesion.response.js';
import { checkOptions } from '../create-adhesion/create-adhesion.usecase.js';
import { updateDraftCommand } from './update-draft.command.js';

@Injectable()
export class UpdateDraftUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, id: string, body: unknown, expectedVersion?: number): Promise<AdhesionResponse> {
    const patch = parseOrThrow(updateDraftCommand, body);
    const record = await this.uow.read((r) => r.adhesions.get(id));
    if (!record || !Scope.of(actor).includes({ ...record.adhesion, servicePole: record.service.pole })) {
      throw new NotFound('Adhesion not found', { id });
    }
    if (actor.role !== 'secretary' && actor.role !== 'dgs') throw new Forbidden('Only the commune or the DGS may edit a draft');
    const { adhesion } = record;
    if (adhesion.state !== 'draft') {
      throw new TransitionNotAllowed('Only a draft can be edited', { state: adhesion.stateDetail, allowedEvents: [] });
    }
    if (expectedVersion !== undefined && expectedVersion !== adhesion.version) {
      throw new StaleVersion('The adhesion changed since the caller read it', { currentVersion: adhesion.version });
    }
    if (patch.options) checkOptions(record.service, patch.options);
    const now = this.clock.now();
    const at = now.toISOString();
    const changes = {
      ...(patch.options ? { options: patch.options } : {}),
      ...(patch.forecastUnits !== undefined ? { forecastUnits: String(patch.forecastUnits) } : {}),
      updatedAt: at,
    };
    await this.uow.write(async (r) => {
      await r.adhesions.compareAndSwap(adhesion.id, adhesion.version, changes);
      await r.adhesions.appendAudit({
        adhesionId: adhesion.id,
        sequence: adhesion.version + 1,
        event: 'DRAFT_UPDATED',
        payload: patch,
        actorId: actor.userId,
        role: actor.role,
        fromState: adhesion.stateDetail,
        toState: adhesion.stateDetail,
        at,
      });
    });
    return toAdhesionResponse({ ...record, adhesion: { ...adhesion, ...changes, version: adhesion.version + 1 } }, actor.role, now);
  }
}
