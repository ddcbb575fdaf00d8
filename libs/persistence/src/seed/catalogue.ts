// The TEMPLATE catalogue: the shared services an EPCI starts from. Each EPCI gets its own copy
// (templateCatalogue) and then decides everything on it: services, legal bases, weights, keys, notice periods,
// reminders, unit costs (DESIGN.md, "Tenancy and legal basis"). Labels are in French (they reach the UI); codes
// are stable identifiers, unique within one EPCI's catalogue. Unit costs are not part of the template: each EPCI
// notifies its own every year (CGCT D5211-16); the demo's are in reference-data.ts.
//
// The legal basis of each service is the one a real EPCI would typically choose (DOMAIN.md §1–3):
// - `service_commun` (L5211-4-2) where the law or the practice points there: ADS (the article explicitly covers
//   instructing the mayor's decisions, and Angers Loire Métropole runs its ADS as a service commun of its 29
//   communes since 2015), and the services whose cost is shared by a key rather than repaid per unit (a shared
//   DPO, a common HR direction): a key is a financial term set by the convention, which a service commun allows
//   (and, under FPU, may be charged against the attribution de compensation), while D5211-16 only knows
//   unit cost × units.
// - `mise_a_disposition` (L5211-4-1, the EPCI's service put at the disposal of the commune) for the services
//   à la carte that a commune pays per unit used, with no staff transferred: payroll, careers, recruitment,
//   purchasing advice, IT, archives. That is exactly the D5211-16 money (unit cost × units, notified yearly),
//   and the CST is consulted only when staff are affected.
// - `service_unifie` (L5111-1-1) is for merging services between bodies: no service of the template uses it;
//   an EPCI may choose it for its own copy.
//
// Every service of the template is settled by a title of revenue (`settlement: 'revenue_title'`): charging a
// service commun against the attribution de compensation (L5211-4-2) is a choice of the EPCI and its members,
// which a DGS makes on its own copy.
import type { Service, ServiceOption } from '../../../application/src/ports/records.js';

/** A service of the template: an EPCI's service, but for the EPCI it belongs to. */
export type TemplateService = Omit<Service, 'epciSiren'>;

const NOTICE_PERIOD_MONTHS = 6;
const RENEWAL_WINDOW_DAYS = 90;
const REMINDER_OFFSETS: readonly number[] = [90, 60, 30, 15, 7, 1];

const lifecycleDefaults = (): Pick<TemplateService, 'noticePeriodMonths' | 'renewalWindowDays' | 'reminderOffsets'> => ({
  noticePeriodMonths: NOTICE_PERIOD_MONTHS,
  renewalWindowDays: RENEWAL_WINDOW_DAYS,
  reminderOffsets: [...REMINDER_OFFSETS],
});

const unitPriced = (): Pick<TemplateService, 'costModel' | 'keyBasis' | 'keyParameters'> => ({ costModel: 'unit', keyBasis: null, keyParameters: null });

/**
 * ADS act weights in "équivalent permis de construire" (EPC).
 *
 * UNVERIFIED DEFAULTS: this often-quoted scale (PC 1, PA 1.2, PD 0.8, DP 0.7, CUb 0.4, CUa 0.2) could not be
 * traced to an authoritative source (see the domain notes, DOMAIN.md §2). Each convention sets its own weights:
 * treat these as configurable defaults that every EPCI is expected to review, never as a rule.
 */
const ADS_ACT_WEIGHTS: Record<string, string> = {
  PC: '1',
  PA: '1.2',
  PD: '0.8',
  DP: '0.7',
  CUb: '0.4',
  CUa: '0.2',
};

const TEMPLATE: TemplateService[] = [
  {
    code: 'ADS',
    name: 'Instruction des autorisations du droit des sols (ADS)',
    pole: 'urbanisme',
    // L5211-4-2 names the instruction of the mayor's decisions; ALM's ADS is a service commun (2015). Priced per
    // équivalent PC, as its convention sets it.
    legalBasis: 'service_commun',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'EQUIVALENT_PC',
    unitLabel: 'équivalent permis de construire',
    unitLabelPlural: 'équivalents permis de construire',
    options: [
      { code: 'PC', label: 'Permis de construire' },
      { code: 'PA', label: "Permis d'aménager" },
      { code: 'PD', label: 'Permis de démolir' },
      { code: 'DP', label: 'Déclaration préalable' },
      { code: 'CUb', label: "Certificat d'urbanisme opérationnel (CUb)" },
      { code: 'CUa', label: "Certificat d'urbanisme d'information (CUa)" },
    ],
    actWeights: { ...ADS_ACT_WEIGHTS },
    ...lifecycleDefaults(),
    ...unitPriced(),
    description:
      "Le service commun instruit pour le maire les demandes d'autorisation d'urbanisme que la commune lui confie, le maire restant seul compétent pour décider et signer.",
  },
  {
    code: 'PAIE',
    name: 'Paie',
    pole: 'ressources-humaines',
    // Per payslip, no staff transferred: the EPCI's payroll service at the commune's disposal (D5211-16).
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'BULLETIN_PAIE',
    unitLabel: 'bulletin de paie',
    unitLabelPlural: 'bulletins de paie',
    options: [
      { code: 'TITULAIRES', label: 'Agents titulaires et stagiaires' },
      { code: 'CONTRACTUELS', label: 'Agents contractuels' },
      { code: 'ELUS', label: 'Indemnités des élus' },
      { code: 'DSN', label: 'Déclarations sociales nominatives (DSN)' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description:
      'Le service mutualisé établit chaque mois les bulletins de paie des agents et des élus de la commune ainsi que les déclarations sociales correspondantes.',
  },
  {
    code: 'CARRIERES',
    name: 'Gestion des carrières',
    pole: 'ressources-humaines',
    // Per agent file and year; the centre de gestion's legal missions stay with the CDG (L5211-4-2 excludes them).
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'DOSSIER_AGENT_AN',
    unitLabel: 'dossier agent par an',
    unitLabelPlural: 'dossiers agents par an',
    options: [
      { code: 'AVANCEMENTS', label: 'Avancements et promotions' },
      { code: 'ABSENCES', label: 'Absences, congés et temps de travail' },
      { code: 'RETRAITES', label: 'Dossiers de retraite' },
      { code: 'ACTES', label: 'Arrêtés et actes administratifs' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description:
      'Le service mutualisé tient les dossiers individuels des agents de la commune et prépare les actes de carrière, hors missions obligatoires du centre de gestion.',
  },
  {
    code: 'RECRUTEMENT',
    name: 'Recrutement',
    pole: 'ressources-humaines',
    // Per recruitment procedure: occasional help, repaid per unit (D5211-16).
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'PROCEDURE_RECRUTEMENT',
    unitLabel: 'procédure de recrutement',
    unitLabelPlural: 'procédures de recrutement',
    options: [
      { code: 'ANNONCE', label: "Rédaction et diffusion de l'offre d'emploi" },
      { code: 'PRESELECTION', label: 'Présélection des candidatures' },
      { code: 'JURY', label: "Participation au jury d'entretien" },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description:
      "Le service mutualisé accompagne la commune dans ses recrutements, de la définition du poste jusqu'au choix du candidat par l'autorité territoriale.",
  },
  {
    code: 'ACHATS',
    name: 'Conseil en achats et commande publique',
    pole: 'moyens-generaux',
    // Per hour of advice (D5211-16). Joining a groupement de commandes is not an option of this service: it is a
    // separate agreement, a convention constitutive signed by every member (Code de la commande publique,
    // L2113-6 and L2113-7), so the template no longer offers it here.
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: false,
    unitCode: 'HEURE_CONSEIL',
    unitLabel: 'heure de conseil',
    unitLabelPlural: 'heures de conseil',
    options: [
      { code: 'CONSEIL', label: 'Conseil juridique en commande publique' },
      { code: 'REDACTION', label: 'Rédaction des pièces de marché' },
      { code: 'ANALYSE', label: 'Analyse des offres' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description: 'Le service mutualisé conseille la commune pour préparer, passer et suivre ses marchés publics.',
  },
  {
    code: 'INFORMATIQUE',
    name: "Informatique et systèmes d'information",
    pole: 'moyens-generaux',
    // Per workstation and year; the commune keeps its staff and equipment (D5211-16).
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'POSTE_INFORMATIQUE',
    unitLabel: 'poste informatique',
    unitLabelPlural: 'postes informatiques',
    options: [
      { code: 'ASSISTANCE', label: 'Assistance aux utilisateurs' },
      { code: 'PARC', label: 'Gestion du parc et des licences' },
      { code: 'RESEAU', label: 'Réseau, messagerie et sauvegardes' },
      { code: 'LOGICIELS_METIER', label: 'Logiciels métier mutualisés' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description: 'Le service mutualisé installe, maintient et sécurise les postes de travail, le réseau et les logiciels métier de la commune.',
  },
  {
    code: 'ARCHIVES',
    name: 'Archives',
    pole: 'moyens-generaux',
    // An archivist's time, per linear metre processed (D5211-16).
    legalBasis: 'mise_a_disposition',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'METRE_LINEAIRE',
    unitLabel: 'mètre linéaire traité',
    unitLabelPlural: 'mètres linéaires traités',
    options: [
      { code: 'TRI', label: 'Tri et élimination réglementaire' },
      { code: 'CLASSEMENT', label: 'Classement et inventaire' },
      { code: 'CONSERVATION', label: 'Conservation et communication' },
      { code: 'ARCHIVAGE_NUMERIQUE', label: 'Archivage électronique' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    ...unitPriced(),
    description: 'Un archiviste mutualisé trie, classe et inventorie les archives de la commune selon les règles fixées par les Archives de France.',
  },
  {
    code: 'RGPD',
    name: 'Délégué à la protection des données mutualisé',
    pole: 'moyens-generaux',
    // One DPO shared by the members, its yearly cost split by population: a financial term of the convention
    // (service commun), not unit cost × units. Each commune still designates the DPO (RGPD arts. 37–39).
    legalBasis: 'service_commun',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'HABITANT',
    unitLabel: 'habitant',
    unitLabelPlural: 'habitants',
    options: [
      { code: 'DPO', label: 'Désignation du délégué mutualisé' },
      { code: 'REGISTRE', label: 'Tenue du registre des traitements' },
      { code: 'AIPD', label: "Analyses d'impact (AIPD)" },
      { code: 'SENSIBILISATION', label: 'Sensibilisation des agents et des élus' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    costModel: 'keys',
    keyBasis: 'population',
    keyParameters: null,
    description:
      'Un délégué à la protection des données commun aux communes adhérentes assure leur mise en conformité avec le RGPD, son coût étant réparti au prorata de la population.',
  },
  {
    code: 'DRH',
    name: 'Direction des ressources humaines commune',
    pole: 'ressources-humaines',
    // The Angers model (DESIGN.md, DOMAIN.md §0): one HR direction for the EPCI and its central city (and CCAS),
    // its yearly cost split by FIXED percentages, "40 % by the agglomeration, 60 % by the city". A service commun
    // (L5211-4-2 lets the EPCI, its communes and their CCAS share services; the agents transfer, so the CST gives
    // its opinion on a fiche d'impact), outside the CDG's legal missions. The template fixes no percentage: each
    // member's share (INSEE → percentage) is the EPCI's decision, and whatever the members do not bear is borne
    // by the EPCI. The demo sets Angers' 60 % (reference-data.ts).
    legalBasis: 'service_commun',
    settlement: 'revenue_title',
    processesPersonalData: true,
    unitCode: 'AGENT_GERE',
    unitLabel: 'agent géré',
    unitLabelPlural: 'agents gérés',
    options: [
      { code: 'PAIE', label: 'Paie et déclarations sociales' },
      { code: 'CARRIERES', label: 'Carrières et positions statutaires' },
      { code: 'RECRUTEMENT', label: 'Recrutement et mobilité' },
      { code: 'FORMATION', label: 'Formation' },
      { code: 'PREVENTION', label: 'Santé, prévention et conditions de travail' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    costModel: 'keys',
    keyBasis: 'fixed',
    keyParameters: {},
    description:
      "La direction des ressources humaines commune gère les agents de l'intercommunalité et des communes qui la rejoignent, chaque commune en supportant un pourcentage fixe du coût et l'intercommunalité le reste.",
  },
];

function copy(service: TemplateService): TemplateService {
  return {
    ...service,
    options: service.options.map((o): ServiceOption => ({ code: o.code, label: o.label })),
    actWeights: service.actWeights === null ? null : { ...service.actWeights },
    reminderOffsets: [...service.reminderOffsets],
    keyParameters: service.keyParameters === null ? null : { ...service.keyParameters },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The template, frozen all the way down (use templateCatalogue for a copy to store or change). */
export const TEMPLATE_CATALOGUE: readonly Readonly<TemplateService>[] = deepFreeze(TEMPLATE.map(copy));

/** The copy of the template for one EPCI: fresh objects, nothing shared with the template or another copy. */
export function templateCatalogue(epciSiren: string): Service[] {
  return TEMPLATE.map((s) => ({ epciSiren, ...copy(s) }));
}
