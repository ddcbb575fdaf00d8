// The DGS notifies a year's unit cost (or total, for a service shared by keys) to the member communes
// (CGCT D5211-16): each commune whose convention is in force gets, once, an in-app and e-mail notice with its
// letter. The notification is dated and recorded; a notified cost no longer changes.
import { Injectable } from '@nestjs/common';
import { type UnitCostNotification } from '#contracts';
import { parisDateOf } from '#domain';
import { Conflict, Forbidden, NotFound, RuleViolation } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { parseOrThrow, yearSchema } from '../../common/validation.js';
import { epciOf } from '../../catalogue/epci-of.js';
import { mayEditCatalogue } from '../../catalogue/update-service/update-service.usecase.js';
import { newLedgerRow } from '../../notifications/ledger-row.js';
import { UnitOfWork } from '../../ports/repositories.js';

@Injectable()
export class NotifyUnitCostUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, code: string, yearText: string, epci?: unknown): Promise<UnitCostNotification> {
    const year = parseOrThrow(yearSchema, yearText);
    const epciSiren = epciOf(actor, epci);
    const now = this.clock.now().toISOString();
    return this.uow.write(async (r) => {
      const service = await r.catalogue.service(epciSiren, code);
      if (!service) throw new NotFound('Service not found', { code });
      if (!mayEditCatalogue(actor)) throw new Forbidden('Only the DGS notifies unit costs');
      const cost = await r.catalogue.unitCost(epciSiren, code, year);
      const amount = service.costModel === 'keys' ? cost?.totalCostCents : cost?.unitCostCents;
      if (!cost || amount === null || amount === undefined) {
        const field = service.costModel === 'keys' ? 'totalCostCents' : 'unitCostCents';
        throw new RuleViolation([{ field, code: 'unit_cost_missing', message: `Fixez d’abord le coût ${service.costModel === 'keys' ? 'total' : 'unitaire'} ${year} du service avant de le notifier aux communes.` }]);
      }
      if (cost.notifiedAt) throw new Conflict('This cost is already notified', { reason: 'unit_cost_already_notified', notifiedAt: cost.notifiedAt });
      await r.catalogue.saveUnitCost({ ...cost, notifiedAt: now, notifiedBy: actor.userId });
      const members = (await r.adhesions.keyMembers(epciSiren, code)).filter((m) => m.state === 'active');
      await r.ledger.decide(
        members.map((m) =>
          newLedgerRow(
            {
              kind: 'unit_cost_notified',
              adhesionId: m.adhesionId,
              cycle: year,
              offsetDays: 0,
              recipient: 'commune',
              dueAt: now,
              payload: { year, on: parisDateOf(now), costModel: service.costModel, costCents: amount },
            },
            now,
          ),
        ),
      );
      return {
        serviceCode: code,
        year,
        notifiedAt: now,
        communes: members
          .map((m) => ({ adhesionId: m.adhesionId, communeInsee: m.communeInsee, communeName: m.communeName }))
          .sort((a, b) => a.communeName.localeCompare(b.communeName, 'fr')),
      };
    });
  }
}
