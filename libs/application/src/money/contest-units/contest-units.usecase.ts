// The commune's secretary contests the units recorded for her commune, with a comment, within
// UNITS_CONTEST_DAYS of their recording. The agent or the DGS answers by correcting them (record-units).
import { Injectable } from '@nestjs/common';
import { contestUnitsCommand, type UsageRecordResponse } from '#contracts';
import { compareCivil, parisDateOf } from '#domain';
import { shortDateFr } from '#documents';
import { Forbidden, NotFound, RuleViolation } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow, yearSchema } from '../../common/validation.js';
import { UnitOfWork } from '../../ports/repositories.js';
import { UNITS_CONTEST_DAYS } from '../convention-year.js';
import { contestUntil, toUsageResponse } from '../usage-response.js';

@Injectable()
export class ContestUnitsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, adhesionId: string, yearText: string, periodText: string, body: unknown): Promise<UsageRecordResponse> {
    const { comment } = parseOrThrow(contestUnitsCommand, body);
    const year = parseOrThrow(yearSchema, yearText);
    const period = Number(periodText);
    const now = this.clock.now().toISOString();
    return this.uow.write(async (r) => {
      const record = await r.adhesions.get(adhesionId);
      if (!record || !Scope.of(actor).includes({ communeInsee: record.adhesion.communeInsee, epciSiren: record.adhesion.epciSiren, servicePole: record.service.pole })) {
        throw new NotFound('Adhesion not found', { id: adhesionId });
      }
      if (actor.role !== 'secretary') throw new Forbidden('Only the commune contests the units recorded for it');
      const usage = Number.isInteger(period) ? await r.usage.get(adhesionId, year, period) : null;
      if (!usage) throw new NotFound('No units recorded for this period', { year, period });
      const until = contestUntil(usage.recordedAt);
      if (compareCivil(parisDateOf(now), until) > 0) {
        throw new RuleViolation([
          { field: 'comment', code: 'contest_deadline_passed', message: `Le délai de contestation de ${UNITS_CONTEST_DAYS} jours après l’enregistrement des unités a expiré le ${shortDateFr(until)}.` },
        ]);
      }
      if (usage.contest) {
        throw new RuleViolation([{ field: 'comment', code: 'already_contested', message: `Ces unités sont déjà contestées depuis le ${shortDateFr(parisDateOf(usage.contest.at))} : l’EPCI doit d’abord y répondre.` }]);
      }
      const row = { ...usage, contest: { comment, by: actor.userId ?? '', at: now }, version: usage.version + 1 };
      await r.usage.compareAndSwap(row, usage.version);
      await r.usage.appendAudit({ id: newId(), usageId: row.id, adhesionId, action: 'contested', year, period, units: row.units, actCounts: row.actCounts, comment, actorId: actor.userId ?? '', role: actor.role, at: now });
      return toUsageResponse(row);
    });
  }
}
