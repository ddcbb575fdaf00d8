// The service's agent or the DGS records the units a commune used in one period of a year: for an ADS service
// the count of each act type (weighted by the EPCI's weights), otherwise the units. A second recording of the
// same period is a correction: it names the version it corrects, so that two writers never lose each other's
// work (409). Every change is kept in the trail. Nothing is written when a rule is broken (422).
import { Injectable } from '@nestjs/common';
import Big from 'big.js';
import { recordUnitsCommand, type UsageRecordResponse } from '#contracts';
import { coveredSpan, parisDateOf, periodsOf, weightedUnits, compareCivil, type RuleIssue } from '#domain';
import { periodFr, PERIODICITY_FR, shortDateFr } from '#documents';
import { Conflict, Forbidden, NotFound, RuleViolation, StaleVersion } from '#workflow';
import { type Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { newId } from '../../common/ids.js';
import { Scope } from '../../common/scope.js';
import { parseOrThrow, yearSchema } from '../../common/validation.js';
import { type UsageRecord } from '../../ports/records.js';
import { UnitOfWork, UniqueViolation } from '../../ports/repositories.js';
import { coverageOf } from '../convention-year.js';
import { paymentTermsOf, toUsageResponse } from '../usage-response.js';

const MAX_DECIMALS = 4;

@Injectable()
export class RecordUnitsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute(actor: Actor, adhesionId: string, yearText: string, periodText: string, body: unknown): Promise<UsageRecordResponse> {
    const command = parseOrThrow(recordUnitsCommand, body);
    const year = parseOrThrow(yearSchema, yearText);
    const period = Number(periodText);
    const now = this.clock.now().toISOString();
    const today = parisDateOf(now);
    try {
      return await this.uow.write(async (r) => {
        const record = await r.adhesions.get(adhesionId);
        const scope = Scope.of(actor);
        if (!record || !scope.includes({ communeInsee: record.adhesion.communeInsee, epciSiren: record.adhesion.epciSiren, servicePole: record.service.pole })) {
          throw new NotFound('Adhesion not found', { id: adhesionId });
        }
        if (actor.role !== 'agent' && actor.role !== 'dgs') throw new Forbidden('Only the service’s agent or the DGS records units');
        const { adhesion, service } = record;

        // The period: one of the year's after the periodicity, begun, and inside the convention.
        const coverage = coverageOf(adhesion);
        const { periodicity } = paymentTermsOf(adhesion);
        const spans = periodsOf(year, periodicity);
        if (!coverage) {
          throw new RuleViolation([{ field: 'period', code: 'no_convention', message: 'Aucune convention n’est en vigueur pour ce dossier : il n’y a pas d’unités à enregistrer.' }]);
        }
        if (!Number.isInteger(period) || period < 1 || period > spans.length) {
          throw new RuleViolation([{ field: 'period', code: 'period_unknown', message: `La périodicité des versements est ${PERIODICITY_FR[periodicity]} : la période doit être comprise entre 1 et ${spans.length}.` }]);
        }
        const span = spans[period - 1];
        const covered = coveredSpan(span, coverage);
        if (!covered) {
          const until = coverage.until ? ` au ${shortDateFr(coverage.until)} (exclu)` : '';
          throw new RuleViolation([{ field: 'period', code: 'period_outside_convention', message: `${capitalize(periodFr(periodicity, period))} ${year} (du ${shortDateFr(span.from)} au ${shortDateFr(span.to)}) est en dehors de la convention, en vigueur du ${shortDateFr(coverage.from)}${until}.` }]);
        }
        if (compareCivil(covered.from, today) > 0) {
          throw new RuleViolation([{ field: 'period', code: 'period_not_started', message: `${capitalize(periodFr(periodicity, period))} ${year} n’a pas commencé : les unités s’enregistrent à partir du ${shortDateFr(covered.from)}.` }]);
        }

        const { units, actCounts } = unitsOf(command, service.actWeights, service.unitLabelPlural);
        const existing = await r.usage.get(adhesionId, year, period);
        const audit = (row: UsageRecord, action: 'recorded' | 'corrected') =>
          r.usage.appendAudit({ id: newId(), usageId: row.id, adhesionId, action, year, period, units: row.units, actCounts: row.actCounts, comment: null, actorId: actor.userId ?? '', role: actor.role, at: now });
        if (!existing) {
          if (command.expectedVersion !== undefined) throw new StaleVersion('The units of this period were not recorded yet', { expectedVersion: command.expectedVersion });
          const row: UsageRecord = {
            id: newId(),
            adhesionId,
            epciSiren: adhesion.epciSiren,
            communeInsee: adhesion.communeInsee,
            serviceCode: adhesion.serviceCode,
            year,
            period,
            actCounts,
            units,
            recordedBy: actor.userId ?? '',
            recordedAt: now,
            version: 1,
            contest: null,
          };
          await r.usage.insert(row);
          await audit(row, 'recorded');
          return toUsageResponse(row);
        }
        if (command.expectedVersion === undefined) {
          throw new Conflict('The units of this period are already recorded', { reason: 'units_already_recorded', version: existing.version });
        }
        // A correction answers a contest: the new figures stand, the trail keeps the contest.
        const row: UsageRecord = { ...existing, units, actCounts, recordedBy: actor.userId ?? '', recordedAt: now, version: command.expectedVersion + 1, contest: null };
        await r.usage.compareAndSwap(row, command.expectedVersion);
        await audit(row, 'corrected');
        return toUsageResponse(row);
      });
    } catch (error) {
      // Two first recordings of the same period at once: the second is told, as any concurrent writer.
      if (error instanceof UniqueViolation) throw new Conflict('The units of this period were just recorded', { reason: 'units_already_recorded' });
      throw error;
    }
  }
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The units from the act counts (ADS) or as given; each breach names its field. */
function unitsOf(
  command: { actCounts?: Record<string, unknown>; units?: unknown },
  weights: Record<string, string> | null,
  unitLabelPlural: string,
): { units: string; actCounts: Record<string, number> | null } {
  const issues: RuleIssue[] = [];
  if (weights) {
    if (!command.actCounts) {
      throw new RuleViolation([{ field: 'actCounts', code: 'required', message: `Indiquez le nombre d’actes de chaque type instruits sur la période (${Object.keys(weights).join(', ')}).` }]);
    }
    const counts: Record<string, number> = {};
    for (const [type, value] of Object.entries(command.actCounts)) {
      const field = `actCounts.${type}`;
      if (!Object.hasOwn(weights, type)) issues.push({ field, code: 'unknown_act_type', message: `Le type d’acte « ${type} » n’a pas de pondération dans le barème de l’EPCI.` });
      else if (typeof value !== 'number' || !Number.isFinite(value)) issues.push({ field, code: 'not_a_number', message: 'Indiquez un nombre d’actes.' });
      else if (value < 0) issues.push({ field, code: 'units_negative', message: 'Un nombre d’actes ne peut pas être négatif.' });
      else if (!Number.isInteger(value)) issues.push({ field, code: 'units_not_integer', message: 'Un nombre d’actes est un nombre entier.' });
      else if (value > 1_000_000) issues.push({ field, code: 'too_large', message: 'Ce nombre d’actes est trop grand.' });
      else counts[type] = value;
    }
    if (issues.length) throw new RuleViolation(issues);
    return { units: weightedUnits(counts, weights), actCounts: counts };
  }
  const raw = command.units;
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().replace(',', '.') : null;
  if (raw === undefined || raw === null || raw === '') {
    throw new RuleViolation([{ field: 'units', code: 'required', message: `Indiquez le nombre de ${unitLabelPlural} de la période.` }]);
  }
  if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) throw new RuleViolation([{ field: 'units', code: 'not_a_number', message: 'Indiquez un nombre, par exemple 12 ou 12,5.' }]);
  if (text.startsWith('-')) throw new RuleViolation([{ field: 'units', code: 'units_negative', message: `Un nombre de ${unitLabelPlural} ne peut pas être négatif.` }]);
  if ((text.split('.')[1] ?? '').length > MAX_DECIMALS) throw new RuleViolation([{ field: 'units', code: 'too_many_decimals', message: `Au plus ${MAX_DECIMALS} décimales.` }]);
  const units = new Big(text);
  if (units.gt(1e9)) throw new RuleViolation([{ field: 'units', code: 'too_large', message: 'Ce nombre est trop grand.' }]);
  return { units: units.toFixed(), actCounts: null };
}
