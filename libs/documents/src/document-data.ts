// What a document is made of: plain data gathered by the application layer. No entity, no clock, no I/O.
import { type CivilDate, type CostRevision, type Periodicity, type Units, type YearMoney } from '#domain';

export const DOCUMENT_KINDS = ['convention', 'proposal', 'annual-statement', 'unit-cost-letter', 'notice-letter', 'commune-deliberation', 'epci-deliberation', 'amendment'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const isDocumentKind = (value: unknown): value is DocumentKind =>
  typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);

/** How each kind is named in French, in the audit trail and the UI. */
export const DOCUMENT_KIND_LABELS_FR: Readonly<Record<DocumentKind, string>> = {
  convention: 'convention',
  proposal: 'proposition financière',
  // « état annuel » under D5211-16, « bilan annuel » under a service commun's or unifié's convention.
  'annual-statement': 'état annuel',
  'unit-cost-letter': 'lettre de notification du coût unitaire',
  'notice-letter': 'lettre de notification du préavis de résiliation',
  'commune-deliberation': 'modèle de délibération du conseil municipal', 'epci-deliberation': 'modèle de délibération de l’EPCI',
  amendment: 'avenant',
};

/** The kinds of a calendar year: their route takes `?year=`. */
export const YEAR_DOCUMENT_KINDS = ['annual-statement', 'unit-cost-letter'] as const satisfies readonly DocumentKind[];
export type YearDocumentKind = (typeof YEAR_DOCUMENT_KINDS)[number];
export const isYearDocumentKind = (kind: DocumentKind): kind is YearDocumentKind => (YEAR_DOCUMENT_KINDS as readonly string[]).includes(kind);

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
  /**
   * How the commune settles what it owes: a title of revenue issued by the EPCI, or, for a service commun only
   * (L5211-4-2), a charge against its attribution de compensation.
   */
  settlement: 'revenue_title' | 'compensation';
  /**
   * The service processes personal data on the commune's behalf: its convention carries the processor clause of
   * RGPD art. 28. Absent: it does not.
   */
  processesPersonalData?: boolean;
}

/** The payment terms of a convention: how often the commune pays, and which unit cost applies each year. */
export interface PaymentTermsData {
  periodicity: Periodicity;
  costRevision: CostRevision;
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
  paymentTerms: PaymentTermsData;
  /** ADS: the EPCI's scale of act types (équivalents permis de construire per act), printed in the convention. Absent or null: none. */
  actTypes?: Array<{ code: string; label: string; weight: string }> | null;
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
  paymentTerms: PaymentTermsData;
}

/**
 * The money of a convention's calendar year, as the application computed it (ConventionYear of
 * libs/application/src/money/convention-year.ts, through libs/domain's year-money.ts). The documents print these
 * figures and never compute an amount of their own.
 */
export interface YearFiguresData extends PaymentTermsData {
  year: number;
  /** The unit cost that applies (unit model), null for a service shared by keys. */
  unitCostCents: number | null;
  /** notified: the year's notified cost; convention: the convention's, fixed for its term; convention_provisional: the convention's, until the year's is notified. */
  unitCostSource: 'notified' | 'convention' | 'convention_provisional' | 'keys';
  unitCostNotifiedAt: string | null;
  forecastUnits: string;
  /** The commune's key (keys model): population, units or percentage. */
  key: string | null;
  money: YearMoney;
  /** The units recorded, by period. */
  usage: Array<{ period: number; units: string; actCounts: Record<string, number> | null; contestedOn: CivilDate | null }>;
  /** Every period in force has ended and, for the unit model, has its units. */
  final: boolean;
}

/** How the convention ends, or is planned to. */
export type ConventionEnding =
  /** In force, to the end of its three-year term. */
  | 'term'
  /** In force, under a notice whose effective date is the end. */
  | 'notice'
  /** In force, not renewed at its next anniversary. */
  | 'renewal_declined'
  | 'terminated'
  | 'lapsed'
  | 'ended';

export interface ConventionSpan {
  startDate: CivilDate;
  /** Its last day in force, past or planned. */
  lastDay: CivilDate;
  ending: ConventionEnding;
  /** The effective date of a notice (the first day no longer in force), if one was given. */
  noticeEffectiveDate: CivilDate | null;
}

export interface AnnualStatementData extends DocumentBase {
  kind: 'annual-statement';
  /** The calendar (budget) year of the statement. */
  year: number;
  convention: ConventionSpan;
  /** The years of the convention (1 to 3) the calendar year spans, with their days inside it. */
  contractYears: Array<{ number: number; from: CivilDate; to: CivilDate }>;
  figures: YearFiguresData;
  /** ADS: each act type of the EPCI's scale, with its French label and weight (équivalents PC). Else null. */
  actTypes: Array<{ code: string; label: string; weight: string }> | null;
  /** Keys: the service's total of the year, if set. */
  totalCostCents: number | null;
}

export interface UnitCostLetterData extends DocumentBase {
  kind: 'unit-cost-letter';
  year: number;
  /** The day the EPCI notified the year's cost: the letter's date. */
  notifiedOn: CivilDate;
  convention: ConventionSpan;
  /** The year's cost as the EPCI set and notified it: per unit (unit model) or the service's total (keys). */
  notifiedUnitCostCents: number | null;
  totalCostCents: number | null;
  figures: YearFiguresData;
}

/** One clause an avenant changes: what it said, what it says now. */
export interface AmendedClause {
  label: string;
  before: string;
  after: string;
}

export interface AmendmentData extends DocumentBase {
  kind: 'amendment';
  /** Avenant n°. */
  number: number;
  /** Signed by both parties; otherwise a draft marked « PROJET ». */
  signed: boolean;
  conventionStartDate: CivilDate;
  /** Its effective date as proposed (absent in the old proposals: the last signature). */
  effectiveDate: CivilDate | null;
  /** The day its terms applied or apply: the effective date, or the last signature if later; null before both signatures. */
  appliesOn: CivilDate | null;
  reason: string | null;
  proposedBy: 'commune' | 'epci';
  clauses: AmendedClause[];
  deliberationsRequired: boolean;
  deliberations: { commune: DeliberationRef | null; epci: DeliberationRef | null };
  signatures: { commune: SignatureRef | null; epci: SignatureRef | null };
}


/**
 * A model deliberation of one council (the commune's municipal council, the EPCI's community council) approving the
 * convention of the accepted proposal: an editable .docx whose session, number and votes are left blank.
 */
export interface DeliberationData extends DocumentBase {
  kind: DeliberationKind;
  startDate: CivilDate;
  unitCostCents: number;
  forecastUnits: Units;
  /** The proposal's yearly amount as the application computed it (the adhesion's proposalAmountCents): never recomputed here. */
  annualAmountCents: number;
  paymentTerms: PaymentTermsData;
  noticePeriodMonths: number;
  staffImpact: boolean;
  cstOpinion: { opinion: 'favourable' | 'unfavourable'; date: CivilDate } | null;
}

/** The kinds written as an editable Word file rather than a PDF. */
export const DELIBERATION_KINDS = ['commune-deliberation', 'epci-deliberation'] as const satisfies readonly DocumentKind[];
export type DeliberationKind = (typeof DELIBERATION_KINDS)[number];
export const isDeliberationKind = (kind: DocumentKind): kind is DeliberationKind => (DELIBERATION_KINDS as readonly string[]).includes(kind);

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A document's file format: its extension in the route and the file name, and its media type. */
export const documentFormat = (kind: DocumentKind): { extension: 'pdf' | 'docx'; mediaType: 'application/pdf' | typeof DOCX_MEDIA_TYPE } =>
  isDeliberationKind(kind) ? { extension: 'docx', mediaType: DOCX_MEDIA_TYPE } : { extension: 'pdf', mediaType: 'application/pdf' };

/** The letter by which a party notifies the other of its notice of termination (GIVE_NOTICE), on the day it gave it. */
export interface NoticeLetterData extends DocumentBase {
  kind: 'notice-letter';
  /** The party that gave notice: the letter's sender. */
  party: 'commune' | 'epci';
  givenOn: CivilDate;
  /** The first day the convention is no longer in force. */
  effectiveDate: CivilDate;
  /** The general-interest reason stated. */
  reason: string;
  noticePeriodMonths: number;
  conventionStartDate: CivilDate;
}

export type DocumentData = ConventionData | ProposalData | AnnualStatementData | UnitCostLetterData | NoticeLetterData | DeliberationData | AmendmentData;
