// What a document is made of: plain data gathered by the application layer. No entity, no clock, no I/O.
import { type CivilDate, type Units } from '#domain';

export const DOCUMENT_KINDS = ['convention', 'proposal', 'annual-statement'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);

/** How each kind is named in French, in the audit trail and the UI. */
export const DOCUMENT_KIND_LABELS_FR: Readonly<Record<DocumentKind, string>> = {
  convention: 'convention',
  proposal: 'proposition financière',
  // « état annuel » under D5211-16, « bilan annuel » under a service commun's or unifié's convention.
  'annual-statement': 'état annuel',
};

export interface CommuneParty {
  name: string;
  insee: string;
  siren: string | null;
}

export interface EpciParty {
  name: string;
  siren: string;
  /** CC, CA, CU, METRO, MET69, as published by the INSEE. */
  nature: string;
}

/**
 * The legal basis of the service (DESIGN.md, « Tenancy and legal basis »): a mise à disposition de services
 * (CGCT L5211-4-1, repaid under D5211-16), a service commun (L5211-4-2) or a service unifié (L5111-1-1).
 */
export const SERVICE_LEGAL_BASES = ['mise_a_disposition', 'service_commun', 'service_unifie'] as const;
export type ServiceLegalBasis = (typeof SERVICE_LEGAL_BASES)[number];

export interface ServiceInfo {
  code: string;
  name: string;
  description: string;
  /** It decides the articles cited, the financial and staff clauses, and the title of the yearly statement. */
  legalBasis: ServiceLegalBasis;
  unitLabel: string;
  unitLabelPlural: string;
  /** French labels of the options the commune chose; empty means the whole service. */
  options: string[];
  costModel: 'unit' | 'keys';
  keyBasis: 'population' | 'forecastUnits' | 'fixed' | 'mixed' | null;
}

export interface DeliberationRef {
  number: string;
  date: CivilDate;
}

export interface SignatureRef {
  signatoryName: string;
  signatoryQuality: string;
  date: CivilDate;
}

interface DocumentBase {
  /** The instant of generation (ISO-8601), from the application's clock: it fixes the PDF's dates, hence its bytes. */
  generatedAt: string;
  commune: CommuneParty;
  epci: EpciParty;
  service: ServiceInfo;
}

export interface ConventionData extends DocumentBase {
  kind: 'convention';
  /** Signed by both parties (the convention entered into force); otherwise a draft marked « PROJET ». */
  signed: boolean;
  /** The date it came into force, or the proposed start for a draft. */
  startDate: CivilDate;
  unitCostCents: number;
  forecastUnits: Units;
  noticePeriodMonths: number;
  staffImpact: boolean;
  cstOpinion: { opinion: 'favourable' | 'unfavourable'; date: CivilDate } | null;
  deliberations: { commune: DeliberationRef | null; epci: DeliberationRef | null };
  signatures: { commune: SignatureRef | null; epci: SignatureRef | null };
}

export interface ProposalData extends DocumentBase {
  kind: 'proposal';
  /** The adhesion's state when the document is generated, in French. */
  stateLabel: string;
  unitCostCents: number;
  forecastUnits: Units;
  startDate: CivilDate;
  validUntil: CivilDate;
  study: { forecastUnits: Units; staffImpact: boolean; notes: string | null } | null;
  noticePeriodMonths: number;
}

export interface AnnualStatementData extends DocumentBase {
  kind: 'annual-statement';
  /** The civil (budget) year of the statement. */
  year: number;
  /** The contract year in force, 1 to 3. */
  contractYear: number;
  startDate: CivilDate;
  /** The forecast units of the terms in force: the statement's basis until the actual units are known. */
  forecastUnits: Units;
  /** The unit cost of the terms in force (the convention's, or an amendment's). */
  termsUnitCostCents: number;
  /** The `unit_cost` row of the year, if the EPCI has set it. */
  yearCost: { unitCostCents: number | null; totalCostCents: number | null; notifiedAt: string | null } | null;
}

export type DocumentData = ConventionData | ProposalData | AnnualStatementData;
