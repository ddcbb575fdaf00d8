// The data of the documents for the unit tests: an adhesion of Avrillé to the ADS service of Angers Loire
// Métropole, its draft convention and its proposal, and a convention's year computed by the domain's one money
// model (year-money.ts), as the application hands it to the documents (ConventionYear → YearFiguresData).
import { yearMoney, type CivilDate, type CostRevision, type Periodicity } from '#domain';
import {
  type AnnualStatementData,
  type ConventionData,
  type NoticeLetterData,
  type ProposalData,
  type ServiceInfo,
  type UnitCostLetterData,
  type YearFiguresData,
} from '#documents';

/** An amount as the extracted text shows it (the PDF's no-break spaces read as spaces). */
export const spaced = (text: string): string => text.replace(/\s+/g, ' ');

export const base = {
  generatedAt: '2027-02-01T09:00:00.000Z',
  commune: { name: 'Avrillé', insee: '49015', siren: '214900152' },
  epci: { name: 'Angers Loire Métropole', siren: '244900015', nature: 'CU' },
  service: {
    code: 'ADS',
    name: 'Instruction des autorisations du droit des sols (ADS)',
    description: 'Le service commun instruit pour le maire les demandes d’autorisation d’urbanisme.',
    legalBasis: 'service_commun',
    unitLabel: 'équivalent permis de construire',
    unitLabelPlural: 'équivalents permis de construire',
    options: ['Permis de construire', 'Déclaration préalable'],
    costModel: 'unit',
    keyBasis: null,
    settlement: 'revenue_title',
  } satisfies ServiceInfo as ServiceInfo,
};

/** A convention not yet signed: 10 units a year at 180 €, from 1 March 2026, paid yearly at the year's notified cost. */
export function aDraftConvention(changes: Partial<ConventionData> = {}): ConventionData {
  return {
    ...base,
    kind: 'convention',
    signed: false,
    startDate: '2026-03-01',
    unitCostCents: 18_000,
    forecastUnits: 10,
    noticePeriodMonths: 6,
    staffImpact: false,
    cstOpinion: null,
    deliberations: { commune: null, epci: null },
    signatures: { commune: null, epci: null },
    paymentTerms: { periodicity: 'yearly', costRevision: 'yearly' },
    ...changes,
  };
}

/** The proposal of the same terms, awaiting the commune's decision until 15 February 2026, with no study. */
export function aProposal(changes: Partial<ProposalData> = {}): ProposalData {
  return {
    ...base,
    kind: 'proposal',
    stateLabel: 'Proposition en attente de la décision de la commune',
    unitCostCents: 18_000,
    forecastUnits: 10,
    startDate: '2026-03-01',
    validUntil: '2026-02-15',
    study: null,
    noticePeriodMonths: 6,
    paymentTerms: { periodicity: 'yearly', costRevision: 'yearly' },
    ...changes,
  };
}

export interface FiguresInput {
  year?: number;
  from?: CivilDate;
  until?: CivilDate | null;
  periodicity?: Periodicity;
  costRevision?: CostRevision;
  unitCostCents?: number;
  source?: YearFiguresData['unitCostSource'];
  notifiedAt?: string | null;
  forecastUnits?: string;
  /** Units per period, null where not recorded. */
  actual?: Array<string | null>;
  actCounts?: Array<Record<string, number> | null>;
  asOf?: CivilDate;
  keys?: { fullYearShareCents: number; key: string };
}

export function figuresOf(input: FiguresInput = {}): YearFiguresData {
  const year = input.year ?? 2026;
  const periodicity = input.periodicity ?? 'yearly';
  const unitCostCents = input.unitCostCents ?? 18_000;
  const forecastUnits = input.forecastUnits ?? '10';
  const actual = input.actual ?? [];
  const money = yearMoney({
    year,
    coverage: { from: input.from ?? '2026-03-01', until: input.until === undefined ? '2029-03-01' : input.until },
    periodicity,
    basis: input.keys ? { model: 'keys', fullYearShareCents: input.keys.fullYearShareCents } : { model: 'unit', unitCostCents, forecastUnits },
    actualUnits: actual,
    asOf: input.asOf ?? `${year + 1}-02-01`,
  });
  const usage = actual.flatMap((units, i) =>
    units === null ? [] : [{ period: i + 1, units, actCounts: input.actCounts?.[i] ?? null, contestedOn: null }],
  );
  return {
    year,
    periodicity,
    costRevision: input.costRevision ?? 'yearly',
    unitCostCents: input.keys ? null : unitCostCents,
    unitCostSource: input.keys ? 'keys' : (input.source ?? 'notified'),
    unitCostNotifiedAt: input.notifiedAt === undefined ? '2026-03-10T10:00:00.000Z' : input.notifiedAt,
    forecastUnits,
    key: input.keys?.key ?? null,
    money,
    usage,
    final: money.periods.length > 0 && money.periods.every((p) => p.closed) && money.actualCents !== null,
  };
}

export function statementOf(figures: YearFiguresData, changes: Partial<AnnualStatementData> = {}): AnnualStatementData {
  return {
    ...base,
    kind: 'annual-statement',
    year: figures.year,
    convention: { startDate: '2026-03-01', lastDay: '2029-02-28', ending: 'term', noticeEffectiveDate: null },
    contractYears: [{ number: 1, from: figures.money.periods[0].from, to: figures.money.periods.at(-1)!.to }],
    figures,
    actTypes: null,
    totalCostCents: null,
    ...changes,
  };
}

export function letterOf(figures: YearFiguresData, changes: Partial<UnitCostLetterData> = {}): UnitCostLetterData {
  return {
    ...base,
    kind: 'unit-cost-letter',
    year: figures.year,
    notifiedOn: '2026-03-10',
    convention: { startDate: '2026-03-01', lastDay: '2029-02-28', ending: 'term', noticeEffectiveDate: null },
    notifiedUnitCostCents: figures.unitCostCents,
    totalCostCents: null,
    figures,
    ...changes,
  };
}

/** The EPCI's notice of termination, given on 1 April 2026 with effect on 15 January 2027. */
export function aNoticeLetter(changes: Partial<NoticeLetterData> = {}): NoticeLetterData {
  return {
    ...base,
    kind: 'notice-letter',
    party: 'epci',
    givenOn: '2026-04-01',
    effectiveDate: '2027-01-15',
    reason: 'Réorganisation de l’instruction entre les communes',
    noticePeriodMonths: 6,
    conventionStartDate: '2026-03-01',
    ...changes,
  };
}
