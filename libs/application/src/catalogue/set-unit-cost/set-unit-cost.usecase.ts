// The DGS sets its own EPCI's yearly costs, then notifies them to the communes (money/notify-unit-cost), each
// year before the budget vote (D5211-16). A cost once notified no longer changes: the communes budgeted it.
import { Injectable } from '@nestjs/common';
import { Conflict, Forbidden, NotFound } from '#workflow';
import { type UnitCost as UnitCostResponse } from '#contracts';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { parseOrThrow, yearSchema } from '../../common/validation.js';
import { type UnitCost } from '../../ports/records.js';
import { UnitOfWork } from '../../ports/repositories.js';
import { epciOf } from '../epci-of.js';
import { mayEditCatalogue } from '../update-service/update-service.usecase.js';
import { setUnitCostCommand } from './set-unit-cost.command.js';

@Injectable()
export class SetUnitCostUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, code: string, yearText: string, body: unknown, epci?: unknown): Promise<UnitCostResponse> {
    const cost = parseOrThrow(setUnitCostCommand, body);
    const year = parseOrThrow(yearSchema, yearText);
    const epciSiren = epciOf(actor, epci);
    return this.uow.write(async (r) => {
      if (!(await r.catalogue.service(epciSiren, code))) throw new NotFound('Service not found', { code });
      if (!mayEditCatalogue(actor)) throw new Forbidden('Only the DGS may set unit costs');
      const existing = await r.catalogue.unitCost(epciSiren, code, year);
      if (existing?.notifiedAt) throw new Conflict('This cost is already notified', { reason: 'unit_cost_already_notified', notifiedAt: existing.notifiedAt });
      const row: UnitCost = {
        epciSiren,
        serviceCode: code,
        year,
        unitCostCents: cost.unitCostCents ?? existing?.unitCostCents ?? null,
        totalCostCents: cost.totalCostCents ?? existing?.totalCostCents ?? null,
        notifiedAt: null,
        notifiedBy: null,
      };
      await r.catalogue.saveUnitCost(row);
      const { notifiedBy: _by, ...answer } = row;
      return answer;
    });
  }
}
