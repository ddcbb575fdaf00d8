// From the stored adhesion to the plain data of a document, and the rule of which document exists when.
import { addDays, annualAmountCents, anniversary, coveredSpan, formatEuros, parisDateOf, yearsCovered, type CivilDate, type Coverage } from '#domain';
import { type AvailableDocument } from '#contracts';
import {
  DOCUMENT_KINDS,
  epciCouncilFr,
  epciDisplayName,
  legalBasisWording,
  quantityFr,
  type AmendedClause,
  type CommuneParty,
  type ConventionSpan,
  type DocumentData,
  type DocumentKind,
  type EpciParty,
  type PaymentTermsData,
  type ServiceInfo,
  type ServiceLegalBasis,
  type YearFiguresData,
} from '#documents';
import { amendmentAppliesOn, changedTermFields, CONVENTION_YEARS, STATE_LABELS_FR, type AdhesionContext, type Amendment, type Proposal, type Terms } from '#workflow';
import { type Adhesion, type Commune, type Epci, type Service, type UnitCost } from '../ports/records.js';
import { type Repositories } from '../ports/repositories.js';
import { coverageOf, type ConventionYear } from '../money/convention-year.js';
import { DocumentNotAvailable } from './document-not-available.js';

/** The money of the calendar year of a statement or a letter: the application's one computation, and the year's cost row. */
export interface YearSources {
  year: number;
  money: ConventionYear;
  cost: UnitCost | null;
}

export interface DocumentSources {
  adhesion: Adhesion;
  context: AdhesionContext;
  commune: Commune;
  epci: Epci;
  service: Service;
  /** For the annual statement and the unit-cost letter: the year asked for, if the convention touches it. */
  year: YearSources | null;
  /** For an avenant: its number (by default the one in progress, else the last applied). */
  amendmentNumber?: number;
  generatedAt: Date;
}

/** The states of a convention that was signed: in force, or ended one way or another. */
const SIGNED_STATES = new Set(['active', 'terminated', 'lapsed', 'ended']);
/**
 * The states from the proposal's acceptance on: the councils deliberate, then the parties sign, then the convention
 * runs. Not `rejected` (a council refused: there is nothing left to deliberate on).
 */
const ACCEPTED_STATES = new Set(['deliberations', 'signature', ...SIGNED_STATES]);

/**
 * Which documents exist at this step. A convention exists as a draft once a proposal has been issued, and as
 * the convention once it has entered into force (both signatures: the machine then sets its start date); the
 * proposal once issued; the annual statement and the unit-cost letter once the convention was signed, in force
 * or ended (then for the calendar years it touches, the letter for those whose cost is notified); the model
 * deliberations of both councils (.docx) from the proposal's acceptance on; the notice letter once a party gave
 * notice of termination (GIVE_NOTICE), to the convention's end and after. The one rule for the documents served
 * and for the list the adhesion shows.
 */
export function isDocumentAvailable(kind: DocumentKind, state: string, context: AdhesionContext): boolean {
  switch (kind) {
    case 'convention':
    case 'proposal':
      return context.proposal !== null;
    case 'annual-statement':
    case 'unit-cost-letter':
      return SIGNED_STATES.has(state) && context.terms !== null && context.startDate !== null;
    case 'notice-letter':
      return SIGNED_STATES.has(state) && context.startDate !== null && (context.notice ?? null) !== null;
    case 'commune-deliberation':
    case 'epci-deliberation':
      return ACCEPTED_STATES.has(state) && context.proposal !== null;
    case 'amendment':
      return context.startDate !== null && (context.amendment != null || (context.amendments?.length ?? 0) > 0);
  }
}

/** The avenants of a convention, applied then in progress, each with its number. */
function avenantsOf(context: AdhesionContext): Array<{ amendment: Amendment; number: number; applied: boolean }> {
  const applied = (context.amendments ?? []).map((amendment) => ({ amendment: amendment as Amendment, number: amendment.number, applied: true }));
  const current = context.amendment
    ? [{ amendment: context.amendment, number: context.amendment.number ?? applied.length + 1, applied: false }]
    : [];
  return [...applied, ...current];
}

/** The calendar years a signed convention touches, to its end, past or planned. */
export function conventionYears(adhesion: Adhesion): number[] {
  const coverage = coverageOf(adhesion);
  if (!coverage) return [];
  // A convention in force is counted to its planned end, so `until` is set; a term is three years, four calendar years at most.
  return yearsCovered(coverage, Number(coverage.from.slice(0, 4)) + CONVENTION_YEARS + 1);
}

/** The statement's year when none is asked for: the last closed year the convention touches, else the current one, else its first. */
export function defaultStatementYear(years: number[], today: CivilDate): number | undefined {
  const current = Number(today.slice(0, 4));
  const closed = years.filter((y) => y < current);
  if (closed.length > 0) return closed[closed.length - 1];
  return years.includes(current) ? current : years[0];
}

/** The years of the convention whose cost the EPCI has notified: each has its letter. */
export async function notifiedYearsOf(r: Repositories, adhesion: Adhesion): Promise<number[]> {
  const years = conventionYears(adhesion);
  const costs = await Promise.all(years.map((year) => r.catalogue.unitCost(adhesion.epciSiren, adhesion.serviceCode, year)));
  return years.filter((_, i) => Boolean(costs[i]?.notifiedAt));
}

/** What the list of an adhesion's documents needs beyond its state: the service's legal basis, the notified years. */
export interface DocumentListOptions {
  legalBasis?: ServiceLegalBasis;
  /** The years of the convention whose cost is notified (notifiedYearsOf); none listed without them. */
  notifiedYears?: readonly number[];
  /** The EPCI's nature (CC, CA, CU, METRO…): its council's name in the model deliberation's label. */
  epciNature?: string;
}

/**
 * The documents of an adhesion at its step, with their French names and where to download them. The statement
 * without `?year=` is the default year's (the last closed one); the letter is the latest notified year's.
 */
export function availableDocuments(adhesionId: string, state: string, context: AdhesionContext, options: DocumentListOptions = {}): AvailableDocument[] {
  const base = `/api/adhesions/${encodeURIComponent(adhesionId)}/documents`;
  const letterYear = options.notifiedYears?.length ? Math.max(...options.notifiedYears) : null;
  return DOCUMENT_KINDS.filter((kind) => isDocumentAvailable(kind, state, context) && (kind !== 'unit-cost-letter' || letterYear !== null)).flatMap((kind): AvailableDocument[] => {
    switch (kind) {
      case 'convention':
        return [{ kind, label: context.startDate === null ? 'Projet de convention' : 'Convention', url: `${base}/${kind}.pdf` }];
      case 'proposal':
        return [{ kind, label: 'Proposition', url: `${base}/${kind}.pdf` }];
      case 'annual-statement': {
        // « État annuel » under D5211-16, « Bilan annuel » under a service commun's or unifié's convention.
        const name = options.legalBasis ? legalBasisWording(options.legalBasis).statement.name : 'état annuel';
        return [{ kind, label: capitalize(name), url: `${base}/${kind}.pdf` }];
      }
      case 'unit-cost-letter':
        return [{ kind, label: `Lettre de notification du coût ${letterYear}`, url: `${base}/${kind}.pdf?year=${letterYear}` }];
      case 'notice-letter':
        return [{ kind, label: 'Lettre de notification du préavis de résiliation', url: `${base}/${kind}.pdf` }];
      case 'commune-deliberation':
        return [{ kind, label: 'Modèle de délibération du conseil municipal', url: `${base}/${kind}.docx` }];
      case 'epci-deliberation':
        return [{ kind, label: `Modèle de délibération du ${options.epciNature ? epciCouncilFr(options.epciNature) : 'conseil communautaire'}`, url: `${base}/${kind}.docx` }];
      case 'amendment':
        return avenantsOf(context).map(({ number, applied, amendment }) => ({
          kind,
          label: `${applied || (amendment.signatures?.commune && amendment.signatures.epci) ? 'Avenant' : 'Projet d’avenant'} n° ${number}`,
          url: `${base}/${kind}.pdf?number=${number}`,
        }));
    }
  });
}

/** The data of a document, or DocumentNotAvailable when the adhesion has not reached its step or the year has none. */
export function documentData(kind: DocumentKind, sources: DocumentSources): DocumentData {
  const { adhesion, context, service } = sources;
  if (!isDocumentAvailable(kind, adhesion.state, context)) throw new DocumentNotAvailable(kind, adhesion.state);
  const base = {
    generatedAt: sources.generatedAt.toISOString(),
    commune: communeParty(sources.commune),
    epci: epciParty(sources.epci),
    service: serviceInfo(service, adhesion.options),
  };
  const proposal = context.proposal;
  switch (kind) {
    case 'convention': {
      if (!proposal) throw new DocumentNotAvailable(kind, adhesion.state); // narrows: isDocumentAvailable checked it
      const signed = context.startDate !== null;
      // The convention carries the terms both parties signed: the accepted proposal's. Later changes are amendments.
      return {
        ...base,
        kind,
        signed,
        startDate: context.startDate ?? proposal.startDate,
        unitCostCents: proposal.unitCostCents,
        forecastUnits: proposal.forecastUnits,
        noticePeriodMonths: context.noticePeriodMonths,
        staffImpact: context.study?.staffImpact ?? false,
        cstOpinion: context.cstOpinion,
        deliberations: { commune: adopted(context, 'commune'), epci: adopted(context, 'epci') },
        signatures: { commune: context.signatures.commune ?? null, epci: context.signatures.epci ?? null },
        paymentTerms: paymentTermsOf(proposal),
        actTypes: actTypesOf(service),
      };
    }
    case 'proposal': {
      if (!proposal) throw new DocumentNotAvailable(kind, adhesion.state);
      return {
        ...base,
        kind,
        stateLabel: STATE_LABELS_FR[adhesion.state] ?? adhesion.state,
        unitCostCents: proposal.unitCostCents,
        forecastUnits: proposal.forecastUnits,
        startDate: proposal.startDate,
        validUntil: proposal.validUntil,
        study: context.study
          ? { forecastUnits: context.study.forecastUnits, staffImpact: context.study.staffImpact, notes: context.study.notes ?? null }
          : null,
        noticePeriodMonths: context.noticePeriodMonths,
        paymentTerms: paymentTermsOf(proposal),
      };
    }
    case 'commune-deliberation':
    case 'epci-deliberation': {
      if (!proposal) throw new DocumentNotAvailable(kind, adhesion.state);
      return {
        ...base,
        kind,
        startDate: proposal.startDate,
        unitCostCents: proposal.unitCostCents,
        forecastUnits: proposal.forecastUnits,
        // The figure the adhesion shows (adhesion.response.ts, proposalAmountCents): the one computation of libs/domain.
        annualAmountCents: annualAmountCents(proposal.unitCostCents, proposal.forecastUnits),
        paymentTerms: paymentTermsOf(proposal),
        noticePeriodMonths: context.noticePeriodMonths,
        staffImpact: context.study?.staffImpact ?? false,
        cstOpinion: context.cstOpinion,
      };
    }
    case 'annual-statement': {
      const year = sources.year;
      const coverage = year?.money.coverage;
      if (!year || !coverage || !context.startDate || year.money.money.days === 0) throw new DocumentNotAvailable(kind, adhesion.state, year?.year);
      return {
        ...base,
        kind,
        year: year.year,
        convention: conventionSpan(adhesion, context, coverage),
        contractYears: contractYears(context.startDate, year.money),
        figures: yearFigures(year.money),
        actTypes: actTypesOf(service),
        totalCostCents: year.cost?.totalCostCents ?? null,
      };
    }
    case 'notice-letter': {
      const notice = context.notice ?? null;
      if (!notice || !context.startDate) throw new DocumentNotAvailable(kind, adhesion.state);
      return {
        ...base,
        kind,
        party: notice.party,
        givenOn: notice.givenOn,
        effectiveDate: notice.effectiveDate,
        reason: notice.reason,
        noticePeriodMonths: context.noticePeriodMonths,
        conventionStartDate: context.startDate,
      };
    }
    case 'unit-cost-letter': {
      const year = sources.year;
      const coverage = year?.money.coverage;
      const notifiedAt = year?.cost?.notifiedAt;
      if (!year || !coverage || !notifiedAt || year.money.money.days === 0) throw new DocumentNotAvailable(kind, adhesion.state, year?.year);
      return {
        ...base,
        kind,
        year: year.year,
        notifiedOn: parisDateOf(notifiedAt),
        convention: conventionSpan(adhesion, context, coverage),
        notifiedUnitCostCents: year.cost?.unitCostCents ?? null,
        totalCostCents: year.cost?.totalCostCents ?? null,
        figures: yearFigures(year.money),
      };
    }
    case 'amendment': {
      const all = avenantsOf(context);
      const chosen = sources.amendmentNumber === undefined ? all.at(-1) : all.find((a) => a.number === sources.amendmentNumber);
      if (!chosen || !context.startDate) throw new DocumentNotAvailable(kind, adhesion.state);
      const { amendment, number } = chosen;
      const before = all.filter((a) => a.applied && a.number < number && a.amendment.options !== undefined).at(-1)?.amendment.options ?? adhesion.options;
      const signed = Boolean(amendment.signatures?.commune && amendment.signatures.epci);
      const deliberation = (party: 'commune' | 'epci') => {
        const d = amendment.deliberations?.[party];
        return d?.outcome === 'adopted' ? { number: d.number, date: d.date } : null;
      };
      return {
        ...base,
        kind,
        number,
        signed,
        conventionStartDate: context.startDate,
        effectiveDate: amendment.effectiveDate ?? null,
        appliesOn: amendmentAppliesOn(amendment),
        reason: amendment.reason ?? null,
        proposedBy: amendment.proposedBy,
        clauses: amendedClauses(service, amendment, amendment.previousTerms ?? context.terms, before),
        deliberationsRequired: amendment.deliberationsRequired ?? true,
        deliberations: { commune: deliberation('commune'), epci: deliberation('epci') },
        signatures: { commune: amendment.signatures?.commune ?? null, epci: amendment.signatures?.epci ?? null },
      };
    }
  }
}

/** The clauses an avenant changes, in French, each with its old and new wording. */
function amendedClauses(service: Service, amendment: Amendment, before: Terms | null, optionsBefore: string[]): AmendedClause[] {
  const after = amendment.terms;
  const clauses: AmendedClause[] = [];
  const changed = new Set(changedTermFields(before, after));
  const payments = { yearly: 'annuels', half_yearly: 'semestriels', quarterly: 'trimestriels' } as const;
  const revision = { yearly: 'coût unitaire notifié chaque année', fixed: 'coût unitaire de la convention pour toute sa durée' } as const;
  if (changed.has('unitCostCents')) {
    clauses.push({ label: 'Coût unitaire de fonctionnement', before: before ? `${formatEuros(before.unitCostCents)} par ${service.unitLabel}` : '—', after: `${formatEuros(after.unitCostCents)} par ${service.unitLabel}` });
  }
  if (changed.has('forecastUnits')) {
    clauses.push({ label: 'Prévision d’utilisation annuelle', before: before ? quantityFr(before.forecastUnits, service.unitLabel, service.unitLabelPlural) : '—', after: quantityFr(after.forecastUnits, service.unitLabel, service.unitLabelPlural) });
  }
  if (changed.has('periodicity')) {
    clauses.push({ label: 'Périodicité des versements', before: `Versements ${payments[before?.periodicity ?? 'yearly']}`, after: `Versements ${payments[after.periodicity ?? 'yearly']}` });
  }
  if (changed.has('costRevision')) {
    clauses.push({ label: 'Coût unitaire applicable', before: capitalize(revision[before?.costRevision ?? 'yearly']), after: capitalize(revision[after.costRevision ?? 'yearly']) });
  }
  if (amendment.options !== undefined) {
    const label = (code: string) => service.options.find((o) => o.code === code)?.label ?? code;
    const list = (codes: string[]) => (codes.length ? codes.map(label).join(', ') : 'l’ensemble des missions du service');
    const added = amendment.options.filter((code) => !optionsBefore.includes(code));
    const removed = optionsBefore.filter((code) => !amendment.options!.includes(code));
    if (added.length || removed.length) {
      clauses.push({
        label: 'Champ d’intervention (options)',
        before: list(optionsBefore),
        after: `${list(amendment.options)}${added.length ? ` (ajout : ${added.map(label).join(', ')})` : ''}${removed.length ? ` (retrait : ${removed.map(label).join(', ')})` : ''}`,
      });
    }
  }
  return clauses;
}

/** The payment terms a proposal carries; absent in the proposals written before they existed: yearly, and the year's notified cost. */
const paymentTermsOf = (proposal: Proposal): PaymentTermsData => ({ periodicity: proposal.periodicity ?? 'yearly', costRevision: proposal.costRevision ?? 'yearly' });

/** The application's money of the year, as the documents print it. */
function yearFigures(y: ConventionYear): YearFiguresData {
  return {
    year: y.year,
    periodicity: y.periodicity,
    costRevision: y.costRevision,
    unitCostCents: y.unitCostCents,
    unitCostSource: y.unitCostSource,
    unitCostNotifiedAt: y.unitCostNotifiedAt,
    forecastUnits: y.forecastUnits,
    key: y.key,
    money: y.money,
    usage: y.usage.map((u) => ({ period: u.period, units: u.units, actCounts: u.actCounts, contestedOn: u.contest ? parisDateOf(u.contest.at) : null })),
    final: y.final,
  };
}

/** The convention's start and its end, past or planned, and why it ends. */
function conventionSpan(adhesion: Adhesion, context: AdhesionContext, coverage: Coverage): ConventionSpan {
  const startDate = coverage.from;
  const termEnd = anniversary(startDate, CONVENTION_YEARS);
  const until = coverage.until ?? termEnd;
  const notice = context.notice?.effectiveDate ?? null;
  const declined = JSON.stringify(adhesion.snapshot.value).includes('renewalDeclined');
  const ending: ConventionSpan['ending'] =
    adhesion.state === 'terminated' || adhesion.state === 'lapsed' || adhesion.state === 'ended'
      ? adhesion.state
      : notice !== null && until === notice
        ? 'notice'
        : declined && until !== termEnd
          ? 'renewal_declined'
          : 'term';
  return { startDate, lastDay: addDays(until, -1), ending, noticeEffectiveDate: notice };
}

/** The years of the convention (1 to 3) the days in force of the calendar year fall in, with their days. */
function contractYears(startDate: CivilDate, y: ConventionYear): Array<{ number: number; from: CivilDate; to: CivilDate }> {
  const { periods } = y.money;
  const inForce = { from: periods[0].from, to: periods[periods.length - 1].to };
  const years: Array<{ number: number; from: CivilDate; to: CivilDate }> = [];
  for (let n = 1; n <= CONVENTION_YEARS; n++) {
    const span = coveredSpan(inForce, { from: anniversary(startDate, n - 1), until: anniversary(startDate, n) });
    if (span) years.push({ number: n, from: span.from, to: span.to });
  }
  return years;
}

/** ADS: the EPCI's scale of act types, in the order of the service's options, with their labels and weights. */
function actTypesOf(service: Service): Array<{ code: string; label: string; weight: string }> | null {
  const weights = service.actWeights;
  if (!weights) return null;
  const ordered = [...service.options.map((o) => o.code).filter((code) => Object.hasOwn(weights, code)), ...Object.keys(weights).filter((code) => !service.options.some((o) => o.code === code))];
  return ordered.map((code) => ({ code, label: service.options.find((o) => o.code === code)?.label ?? code, weight: weights[code] }));
}

function adopted(context: AdhesionContext, party: 'commune' | 'epci'): { number: string; date: CivilDate } | null {
  const deliberation = context.deliberations[party];
  return deliberation?.outcome === 'adopted' ? { number: deliberation.number, date: deliberation.date } : null;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const communeParty = (commune: Commune): CommuneParty => ({ name: commune.name, insee: commune.insee, siren: commune.siren });

const epciParty = (epci: Epci): EpciParty => ({ name: epciDisplayName(epci.name), siren: epci.siren, nature: epci.nature });

function serviceInfo(service: Service, chosen: string[]): ServiceInfo {
  const labels = new Map(service.options.map((option) => [option.code, option.label]));
  return {
    code: service.code,
    name: service.name,
    description: service.description,
    legalBasis: service.legalBasis,
    unitLabel: service.unitLabel,
    unitLabelPlural: service.unitLabelPlural,
    options: chosen.map((code) => labels.get(code) ?? code),
    costModel: service.costModel,
    keyBasis: service.keyBasis,
    settlement: service.settlement,
    processesPersonalData: service.processesPersonalData,
  };
}
