// The legal basis of a service decides what its documents say (DESIGN.md, « Tenancy and legal basis »; DOMAIN.md
// §1 and §6): the articles cited in « Vu … », the object clause's reference, the financial clause, the staff
// clause, the comité social territorial, and whether the yearly statement is the D5211-16 « état annuel » or the
// convention's « bilan annuel ». D5211-16 governs the mise à disposition only: a service commun or a service
// unifié never cites it. Every French wording that depends on the basis is here, and only here.
import { type PaymentTermsData, type ServiceInfo, type ServiceLegalBasis } from './document-data.js';
import { PAYMENTS_FR, quoted } from './french.js';

const NBSP = '\u00a0';
const CGCT = 'code général des collectivités territoriales';

/** An article of a code, kept on one line: 'L5211-4-2' → 'L. 5211-4-2' (with a no-break space). */
const art = (ref: string): string => ref.replace(/^([A-Z])\*?/, `$1.${NBSP}`);

export interface CstOpinionFr {
  opinion: 'favourable' | 'unfavourable';
  date: string;
}

export interface LegalBasisWording {
  /** How the instrument is named: « mise à disposition de services », « service commun », « service unifié ». */
  instrument: string;
  /** The article that founds it, as the documents cite it: « L. 5211-4-2 ». */
  article: string;
  /** The convention's subtitle: « Service commun « … » ». */
  conventionSubtitle(serviceName: string): string;
  /** The articles of the CGCT cited in « Vu … », as one visa. */
  visa: string;
  /** The end of the object clause's first sentence: « dans le cadre de l’article … ». */
  objectReference: string;
  /** Whether the comité social territorial gives its opinion on the convention. */
  cstRequired(staffImpact: boolean): boolean;
  /** What the comité social territorial gives its opinion on. */
  cstSubject: string;
  /** The staff clause of the convention, paragraph by paragraph. */
  staffClause(staffImpact: boolean): string[];
  /**
   * The convention's financial clause: what comes before the table of amounts, and what comes after (which unit
   * cost applies each year, the yearly statement, the periodicity of the payments).
   */
  financialClause(service: ServiceInfo, terms: PaymentTermsData): { basis: string; followUp: string };
  /** The proposal's paragraph on how the commune pays. */
  proposalFinance(service: ServiceInfo, terms: PaymentTermsData): string;
  /** The notification letter's first sentence, up to « j’ai l’honneur de vous notifier » excluded: what the notification applies. */
  letterBasis(service: ServiceInfo): string;
  /** The proposal's answer to « Incidence sur les agents ». */
  proposalStaff(staffImpact: boolean): string;
  /**
   * The yearly statement: its name (lower case), with its demonstrative, the sentence that founds it, and how
   * the amount is settled: a title of revenue of the EPCI, or (a service commun only) a charge against the
   * commune's attribution de compensation.
   */
  statement: { name: string; demonstrative: string; basis(service: ServiceInfo): string; settlement(service: ServiceInfo, epciName: string): string };
}

/** Which unit cost applies each year (unit model): the year's notified cost, or the convention's for its whole term. */
export function costRuleFr(terms: PaymentTermsData): string {
  return terms.costRevision === 'fixed'
    ? 'Le coût unitaire fixé par la présente convention s’applique pendant toute sa durée, sans révision annuelle.'
    : 'Le coût unitaire applicable chaque année est celui que l’EPCI notifie pour cette année ; tant qu’il n’est pas notifié, le coût unitaire de la présente convention s’applique à titre provisoire.';
}

/** « versements semestriels, à terme échu, sur la base d’un état … »: how and when the commune pays. */
export function paymentsFr(service: ServiceInfo, terms: PaymentTermsData): string {
  const basis =
    service.costModel === 'keys'
      ? 'sur la base de la quote-part de la commune du coût total de l’année, au prorata des jours de chaque période'
      : 'sur la base d’un état des unités de fonctionnement constatées sur chaque période, établi par l’EPCI';
  return `${PAYMENTS_FR[terms.periodicity]}, à terme échu, ${basis}`;
}

/** The title of revenue: the usual way an EPCI recovers what a commune owes it. */
const revenueTitle = (epciName: string): string =>
  `Le montant dû est recouvré par un titre de recettes émis par ${epciName} à l’encontre de la commune ; un trop-perçu est reversé à la commune par mandat.`;

const authorityOfMayor = 'Le maire reste seul compétent pour prendre les décisions relevant de ses pouvoirs propres.';

const STATEMENT_OF_UNITS =
  'le montant dû est égal au coût unitaire de fonctionnement de l’année multiplié par les unités réellement consommées ; l’écart avec la prévision donne lieu à régularisation.';
const STATEMENT_OF_KEYS = 'le montant dû est la quote-part de la commune du coût total de l’année, répartie selon la convention.';
const statementAmount = (service: ServiceInfo): string => (service.costModel === 'keys' ? STATEMENT_OF_KEYS : STATEMENT_OF_UNITS);

const ATTRIBUTION_DE_COMPENSATION =
  'Le cas échéant, lorsque l’EPCI relève du régime de la fiscalité professionnelle unique, la contribution de la commune peut être imputée sur son attribution de compensation.';
/** The EPCI chose the charge against the attribution de compensation for this service commun (service.settlement). */
const COMPENSATION_CHOSEN =
  'L’EPCI relevant du régime de la fiscalité professionnelle unique, la contribution de la commune est imputée sur son attribution de compensation.';

/** A proposal's sentences, after the formula, for a service whose financial terms are its convention's. */
function conventionalProposal(service: ServiceInfo, terms: PaymentTermsData): string {
  return (
    (service.costModel === 'keys' || terms.costRevision === 'yearly' ? 'Le coût unitaire est notifié chaque année avant le vote du budget ; ' : '') +
    (service.costModel === 'unit' && terms.costRevision === 'fixed' ? 'Le coût unitaire de la convention s’applique pendant toute sa durée, sans révision annuelle ; ' : '') +
    'un bilan annuel de l’utilisation du service donne lieu à régularisation. ' +
    `La contribution de la commune est appelée par ${paymentsFr(service, terms)}. `
  );
}

/** The financial clause of a convention whose terms are its own (service commun, service unifié). */
function conventionalTerms(instrument: string, article: string, service: ServiceInfo, terms: PaymentTermsData, extra: string | null): { basis: string; followUp: string } {
  return {
    basis:
      `Les conditions financières du ${instrument} sont fixées par la présente convention, conformément à l’article ${article} du ${CGCT}. ` +
      'La commune contribue aux charges du service sur la base d’un coût unitaire de fonctionnement multiplié par le nombre d’unités de fonctionnement constatées. ' +
      `L’unité de fonctionnement est : ${service.unitLabel}. ` +
      'Le coût unitaire comprend les charges de personnel, les fournitures, le coût de renouvellement des biens et les contrats de services rattachés.',
    followUp:
      (service.costModel === 'keys' || terms.costRevision === 'yearly' ? 'Le coût unitaire est notifié à la commune chaque année avant l’adoption de son budget. ' : '') +
      (service.costModel === 'unit' ? `${costRuleFr(terms)} ` : '') +
      'Chaque année, l’EPCI établit un bilan annuel de l’utilisation du service ; l’écart avec la prévision donne lieu à régularisation. ' +
      `La contribution de la commune est appelée par ${paymentsFr(service, terms)}.` +
      (extra ? ` ${extra}` : ''),
  };
}

const MISE_A_DISPOSITION: LegalBasisWording = {
  instrument: 'mise à disposition de services',
  article: art('L5211-4-1'),
  conventionSubtitle: (name) => `Mise à disposition du service ${quoted(name)}`,
  visa: `le ${CGCT}, notamment son article ${art('L5211-4-1')} (mise à disposition de services) et son article ${art('D5211-16')} (remboursement des frais de fonctionnement) ;`,
  objectReference: `dans le cadre d’une mise à disposition de services régie par l’article ${art('L5211-4-1')} du ${CGCT}`,
  cstRequired: (staffImpact) => staffImpact,
  cstSubject: 'le projet de convention',
  staffClause: (staffImpact) => [
    'Les agents du service mis à disposition restent employés par l’EPCI. Pour les tâches qu’ils accomplissent pour la commune, ils travaillent sous l’autorité fonctionnelle du maire, qui peut déléguer sa signature au chef du service. ' +
      authorityOfMayor,
    ...(staffImpact ? ['La présente convention a des effets sur la situation d’agents : le comité social territorial est consulté avant les délibérations.'] : []),
  ],
  financialClause: (service, terms) => ({
    basis:
      `Conformément à l’article ${art('D5211-16')} du ${CGCT}, la commune rembourse les frais de fonctionnement du service sur la base d’un coût unitaire de fonctionnement multiplié par le nombre d’unités de fonctionnement constatées. ` +
      `L’unité de fonctionnement est : ${service.unitLabel}. ` +
      'Le coût unitaire comprend les charges de personnel, les fournitures, le coût de renouvellement des biens et les contrats de services rattachés ; il est constaté à partir des dépenses des derniers comptes administratifs, actualisées au vu du budget de l’année.',
    followUp:
      'Le coût unitaire est notifié à la commune chaque année avant l’adoption de son budget et, pour la première année, dans les trois mois suivant la signature de la présente convention. ' +
      (service.costModel === 'unit' ? `${costRuleFr(terms)} ` : '') +
      'Chaque année, l’EPCI établit un état annuel des unités réellement consommées ; l’écart avec la prévision donne lieu à régularisation. ' +
      `Le remboursement est effectué par ${paymentsFr(service, terms)} ; conformément à l’article ${art('D5211-16')}, sa périodicité ne peut être supérieure à un an.`,
  }),
  proposalFinance: (service, terms) =>
    `Le remboursement suit l’article ${art('D5211-16')} du ${CGCT} : coût unitaire de fonctionnement × unités de fonctionnement constatées. ` +
    'Le coût unitaire est notifié chaque année avant le vote du budget, et dans les trois mois suivant la signature la première année ; un état annuel des unités réellement consommées donne lieu à régularisation. ' +
    (service.costModel === 'unit' ? `${costRuleFr(terms).replace('la présente convention', 'la convention')} ` : '') +
    `Le remboursement est effectué par ${paymentsFr(service, terms)} : sa périodicité ne peut être supérieure à un an.`,
  letterBasis: (service) =>
    `Conformément à l’article ${art('D5211-16')} du ${CGCT} et à la convention de mise à disposition du service ${quoted(service.name)} (article ${art('L5211-4-1')})`,
  proposalStaff: (staffImpact) =>
    staffImpact
      ? 'Oui : le comité social territorial sera consulté avant les délibérations.'
      : 'Aucune incidence : les agents mis à disposition restent employés par l’EPCI.',
  statement: {
    name: 'état annuel',
    demonstrative: 'cet état',
    basis: (service) =>
      `Établi en application de l’article ${art('D5211-16')} du ${CGCT}, pour la mise à disposition de services prévue à l’article ${art('L5211-4-1')} : ${statementAmount(service)}`,
    settlement: (_service, epciName) => revenueTitle(epciName),
  },
};

const SERVICE_COMMUN: LegalBasisWording = {
  instrument: 'service commun',
  article: art('L5211-4-2'),
  conventionSubtitle: (name) => `Service commun ${quoted(name)}`,
  visa: `le ${CGCT}, notamment son article ${art('L5211-4-2')} (services communs) ;`,
  objectReference: `dans le cadre d’un service commun régi par l’article ${art('L5211-4-2')} du ${CGCT}`,
  cstRequired: () => true,
  cstSubject: 'le projet de convention et la fiche d’impact',
  staffClause: () => [
    'Les agents du service commun sont placés, selon la mission exercée, sous l’autorité fonctionnelle du maire ou sous celle du président. ' +
      authorityOfMayor.replace(/\.$/, ' ; il peut déléguer sa signature au seul chef du service commun.'),
    'Le cas échéant, les agents de la commune qui exercent en totalité leurs fonctions dans le service mis en commun sont transférés de plein droit à l’EPCI, qui gère ce service.',
    'La présente convention et sa fiche d’impact, qui décrit ses effets sur l’organisation et les conditions de travail, la rémunération et les droits acquis des agents, sont soumises à l’avis du comité social territorial.',
  ],
  financialClause: (service, terms) =>
    conventionalTerms('service commun', art('L5211-4-2'), service, terms, service.settlement === 'compensation' ? COMPENSATION_CHOSEN : ATTRIBUTION_DE_COMPENSATION),
  proposalFinance: (service, terms) =>
    `Les conditions financières du service commun sont fixées par la convention (article ${art('L5211-4-2')} du ${CGCT}) : coût unitaire de fonctionnement × unités de fonctionnement constatées. ` +
    conventionalProposal(service, terms) +
    (service.settlement === 'compensation' ? COMPENSATION_CHOSEN : ATTRIBUTION_DE_COMPENSATION),
  letterBasis: (service) =>
    `En application des conditions financières de la convention de service commun ${quoted(service.name)} (article ${art('L5211-4-2')} du ${CGCT})`,
  proposalStaff: (staffImpact) =>
    staffImpact
      ? 'Oui : la convention et sa fiche d’impact seront soumises à l’avis du comité social territorial avant les délibérations.'
      : 'Aucun transfert d’agents n’est prévu ; la convention et sa fiche d’impact seront néanmoins soumises à l’avis du comité social territorial avant les délibérations.',
  statement: {
    name: 'bilan annuel',
    demonstrative: 'ce bilan',
    basis: (service) =>
      `Établi en application de la convention de service commun (article ${art('L5211-4-2')} du ${CGCT}), selon les conditions financières qu’elle fixe : ${statementAmount(service)} ${ATTRIBUTION_DE_COMPENSATION}`,
    settlement: (service, epciName) =>
      service.settlement === 'compensation'
        ? `Le montant dû n’est pas recouvré par un titre de recettes : conformément à la convention de service commun (article ${art('L5211-4-2')} du ${CGCT}), il est imputé sur l’attribution de compensation versée par ${epciName} à la commune, et un trop-perçu vient en majoration de cette attribution.`
        : revenueTitle(epciName),
  },
};

const SERVICE_UNIFIE: LegalBasisWording = {
  instrument: 'service unifié',
  article: art('L5111-1-1'),
  conventionSubtitle: (name) => `Service unifié ${quoted(name)}`,
  visa: `le ${CGCT}, notamment son article ${art('L5111-1-1')} (services unifiés) ;`,
  objectReference: `dans le cadre d’un service unifié régi par l’article ${art('L5111-1-1')} du ${CGCT}`,
  cstRequired: () => true,
  cstSubject: 'le projet de convention',
  staffClause: () => [
    authorityOfMayor,
    'La présente convention fixe les effets du service unifié sur la situation des agents ; elle est soumise à l’avis du comité social territorial.',
  ],
  financialClause: (service, terms) => conventionalTerms('service unifié', art('L5111-1-1'), service, terms, null),
  proposalFinance: (service, terms) =>
    `Les conditions financières du service unifié sont fixées par la convention (article ${art('L5111-1-1')} du ${CGCT}) : coût unitaire de fonctionnement × unités de fonctionnement constatées. ` +
    conventionalProposal(service, terms).trimEnd(),
  letterBasis: (service) =>
    `En application des conditions financières de la convention de service unifié ${quoted(service.name)} (article ${art('L5111-1-1')} du ${CGCT})`,
  proposalStaff: (staffImpact) =>
    staffImpact
      ? 'Oui : la convention sera soumise à l’avis du comité social territorial avant les délibérations.'
      : 'Aucun transfert d’agents n’est prévu ; la convention sera néanmoins soumise à l’avis du comité social territorial avant les délibérations.',
  statement: {
    name: 'bilan annuel',
    demonstrative: 'ce bilan',
    basis: (service) =>
      `Établi en application de la convention de service unifié (article ${art('L5111-1-1')} du ${CGCT}), selon les conditions financières qu’elle fixe : ${statementAmount(service)}`,
    settlement: (_service, epciName) => revenueTitle(epciName),
  },
};

export const LEGAL_BASIS_WORDING: Readonly<Record<ServiceLegalBasis, LegalBasisWording>> = {
  mise_a_disposition: MISE_A_DISPOSITION,
  service_commun: SERVICE_COMMUN,
  service_unifie: SERVICE_UNIFIE,
};

export const legalBasisWording = (basis: ServiceLegalBasis): LegalBasisWording => LEGAL_BASIS_WORDING[basis];

/**
 * The visa of the comité social territorial's opinion, or null where the basis does not call for one. Without a
 * recorded opinion, a draft says it is to be sought before the deliberations, a signed convention that it was not
 * recorded.
 */
export function cstVisa(basis: ServiceLegalBasis, staffImpact: boolean, opinion: CstOpinionFr | null, signed: boolean, formatDate: (date: string) => string): string | null {
  const wording = legalBasisWording(basis);
  if (!wording.cstRequired(staffImpact)) return null;
  if (opinion) {
    return `l’avis ${opinion.opinion === 'favourable' ? 'favorable' : 'défavorable'} du comité social territorial du ${formatDate(opinion.date)} sur ${wording.cstSubject} ;`;
  }
  return `l’avis du comité social territorial sur ${wording.cstSubject} ${signed ? '(avis non enregistré)' : '(à recueillir avant les délibérations)'} ;`;
}
