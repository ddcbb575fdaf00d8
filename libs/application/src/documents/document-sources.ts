// From the stored adhesion to the plain data of a document, and the rule of which document exists when.
import { type CivilDate } from '#domain';
import { type AvailableDocument } from '#contracts';
import { DOCUMENT_KINDS, epciDisplayName, type CommuneParty, type DocumentData, type DocumentKind, type EpciParty, type ServiceInfo } from '#documents';
import { type Adhesion, type Commune, type Epci, type Service, type UnitCost } from '../ports/records.js';
import { STATE_LABELS_FR, type AdhesionContext } from '#workflow';
import { DocumentNotAvailable } from './document-not-available.js';

export interface DocumentSources {
  adhesion: Adhesion;
  context: AdhesionContext;
  commune: Commune;
  epci: Epci;
  service: Service;
  /** The unit_cost row of `year`, for the annual statement. */
  yearCost: UnitCost | null;
  /** The civil year (Europe/Paris) at generation. */
  year: number;
  generatedAt: Date;
}

/**
 * Which documents exist at this step. A convention exists as a draft once a proposal has been issued, and as
 * the convention once it has entered into force (both signatures: the machine then sets its start date); the
 * proposal once issued; the annual statement while the convention is active. The one rule for the PDFs served
 * and for the list the adhesion shows.
 */
export function isDocumentAvailable(kind: DocumentKind, state: string, context: AdhesionContext): boolean {
  switch (kind) {
    case 'convention':
    case 'proposal':
      return context.proposal !== null;
    case 'annual-statement':
      return state === 'active' && context.terms !== null && context.startDate !== null;
  }
}

/** The documents of an adhesion at its step, with their French names and where to download them. */
export function availableDocuments(adhesionId: string, state: string, context: AdhesionContext): AvailableDocument[] {
  return DOCUMENT_KINDS.filter((kind) => isDocumentAvailable(kind, state, context)).map((kind) => ({
    kind,
    label: kind === 'convention' && context.startDate === null ? 'Projet de convention' : DOCUMENT_TITLES_FR[kind],
    url: `/api/adhesions/${encodeURIComponent(adhesionId)}/documents/${kind}.pdf`,
  }));
}

const DOCUMENT_TITLES_FR: Readonly<Record<DocumentKind, string>> = {
  convention: 'Convention',
  proposal: 'Proposition',
  'annual-statement': 'État annuel',
};

/** The data of a document, or DocumentNotAvailable when the adhesion has not reached its step. */
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
      };
    }
    case 'annual-statement': {
      const terms = context.terms;
      if (adhesion.state !== 'active' || !terms || !context.startDate) throw new DocumentNotAvailable(kind, adhesion.state);
      return {
        ...base,
        kind,
        year: sources.year,
        contractYear: context.year,
        startDate: context.startDate,
        forecastUnits: terms.forecastUnits,
        termsUnitCostCents: terms.unitCostCents,
        yearCost: sources.yearCost
          ? { unitCostCents: sources.yearCost.unitCostCents, totalCostCents: sources.yearCost.totalCostCents, notifiedAt: sources.yearCost.notifiedAt }
          : null,
      };
    }
  }
}

function adopted(context: AdhesionContext, party: 'commune' | 'epci'): { number: string; date: CivilDate } | null {
  const deliberation = context.deliberations[party];
  return deliberation?.outcome === 'adopted' ? { number: deliberation.number, date: deliberation.date } : null;
}

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
  };
}
