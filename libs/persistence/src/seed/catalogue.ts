// The demo catalogue of shared services (services communs / mises à disposition) an EPCI offers its communes,
// as typed data for the seed. Labels are in French (they reach the UI); codes are stable identifiers.
//
// Amounts are plausible demo values for the current year, not figures taken from any real convention: each EPCI
// sets and notifies its own unit costs every year (CGCT D5211-16).

/** One option "à la carte" within a service, e.g. an ADS act type the commune delegates. */
export interface ServiceOptionSeed {
  code: string;
  label: string;
}

export interface ServiceSeed {
  /** Stable code, e.g. 'ADS'. */
  code: string;
  /** French name of the service. */
  name: string;
  /** Pole of the EPCI that runs it, e.g. 'urbanisme', 'ressources-humaines', 'moyens-generaux'. */
  pole: string;
  /** Code of the unit of use, e.g. 'EQUIVALENT_PC'. */
  unitCode: string;
  /** French, singular, e.g. 'équivalent permis de construire'. */
  unitLabel: string;
  unitLabelPlural: string;
  /** Options à la carte (French labels). */
  options: ServiceOptionSeed[];
  /** ADS only: weight of each act type in equivalent PC, as decimal strings keyed by option code. */
  actWeights: Record<string, string> | null;
  /** Default notice period to end the convention early. */
  noticePeriodMonths: number;
  /** The renewal window opens this many days before each anniversary. */
  renewalWindowDays: number;
  /** Reminder offsets in days before each anniversary, descending. */
  reminderOffsets: number[];
  /** 'unit': unit cost × units used; 'keys': a shared total split by a key. */
  costModel: 'unit' | 'keys';
  /** For 'keys' services: what the total is split by. */
  keyBasis: 'population' | 'forecastUnits' | null;
  /** One French sentence. */
  description: string;
}

const NOTICE_PERIOD_MONTHS = 6;
const RENEWAL_WINDOW_DAYS = 90;
const REMINDER_OFFSETS: readonly number[] = [90, 60, 30, 15, 7, 1];

const lifecycleDefaults = (): Pick<ServiceSeed, 'noticePeriodMonths' | 'renewalWindowDays' | 'reminderOffsets'> => ({
  noticePeriodMonths: NOTICE_PERIOD_MONTHS,
  renewalWindowDays: RENEWAL_WINDOW_DAYS,
  reminderOffsets: [...REMINDER_OFFSETS],
});

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

export const DEMO_CATALOGUE: ServiceSeed[] = [
  {
    code: 'ADS',
    name: "Instruction des autorisations du droit des sols (ADS)",
    pole: 'urbanisme',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      "Le service commun instruit pour le maire les demandes d'autorisation d'urbanisme que la commune lui confie, le maire restant seul compétent pour décider et signer.",
  },
  {
    code: 'PAIE',
    name: 'Paie',
    pole: 'ressources-humaines',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      'Le service mutualisé établit chaque mois les bulletins de paie des agents et des élus de la commune ainsi que les déclarations sociales correspondantes.',
  },
  {
    code: 'CARRIERES',
    name: 'Gestion des carrières',
    pole: 'ressources-humaines',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      'Le service mutualisé tient les dossiers individuels des agents de la commune et prépare les actes de carrière, hors missions obligatoires du centre de gestion.',
  },
  {
    code: 'RECRUTEMENT',
    name: 'Recrutement',
    pole: 'ressources-humaines',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      "Le service mutualisé accompagne la commune dans ses recrutements, de la définition du poste jusqu'au choix du candidat par l'autorité territoriale.",
  },
  {
    code: 'ACHATS',
    name: 'Conseil en achats et commande publique',
    pole: 'moyens-generaux',
    unitCode: 'HEURE_CONSEIL',
    unitLabel: 'heure de conseil',
    unitLabelPlural: 'heures de conseil',
    options: [
      { code: 'CONSEIL', label: 'Conseil juridique en commande publique' },
      { code: 'REDACTION', label: 'Rédaction des pièces de marché' },
      { code: 'ANALYSE', label: 'Analyse des offres' },
      { code: 'GROUPEMENT', label: 'Adhésion aux groupements de commandes' },
    ],
    actWeights: null,
    ...lifecycleDefaults(),
    costModel: 'unit',
    keyBasis: null,
    description:
      "Le service mutualisé conseille la commune pour préparer, passer et suivre ses marchés publics et lui ouvre l'accès aux groupements de commandes de l'intercommunalité.",
  },
  {
    code: 'INFORMATIQUE',
    name: "Informatique et systèmes d'information",
    pole: 'moyens-generaux',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      "Le service mutualisé installe, maintient et sécurise les postes de travail, le réseau et les logiciels métier de la commune.",
  },
  {
    code: 'ARCHIVES',
    name: 'Archives',
    pole: 'moyens-generaux',
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
    costModel: 'unit',
    keyBasis: null,
    description:
      "Un archiviste mutualisé trie, classe et inventorie les archives de la commune selon les règles fixées par les Archives de France.",
  },
  {
    code: 'RGPD',
    name: 'Délégué à la protection des données mutualisé',
    pole: 'moyens-generaux',
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
    description:
      'Un délégué à la protection des données commun aux communes adhérentes assure leur mise en conformité avec le RGPD, son coût étant réparti au prorata de la population.',
  },
];

/**
 * Demo unit cost of operation for the current year, in integer cents per unit, for the 'unit' services
 * (e.g. ADS: 18 000 cents = 180 € per équivalent permis de construire).
 */
export const DEMO_UNIT_COSTS_CENTS: Record<string, number> = {
  ADS: 18_000, // 180 € per équivalent PC (observed range 150–800 €, DOMAIN.md §2)
  PAIE: 1_500, // 15 € per bulletin de paie
  CARRIERES: 12_000, // 120 € per dossier agent per year
  RECRUTEMENT: 90_000, // 900 € per procédure de recrutement
  ACHATS: 6_500, // 65 € per heure de conseil
  INFORMATIQUE: 45_000, // 450 € per poste informatique per year
  ARCHIVES: 25_000, // 250 € per mètre linéaire traité
};

/**
 * Demo total annual cost, in integer cents, of the 'keys' services: split between the member communes by the
 * service's key basis (for RGPD: by population), the parts summing exactly to the total.
 */
export const DEMO_SHARED_TOTALS_CENTS: Record<string, number> = {
  RGPD: 4_500_000, // 45 000 € a year for the shared DPO
};
