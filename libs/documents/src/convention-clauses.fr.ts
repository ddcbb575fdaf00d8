// The convention's clauses that a DGS checks besides its object and its money (DOMAIN.md §1 and §6): the personal
// data processed for the commune (RGPD art. 28), the monitoring and the annual report (CGCT L5211-39-1), liability
// and insurance, and the exit arrangements (pending files, archives, data). French wording, in one place.
import { type ServiceInfo } from './document-data.js';
import { EXIT_CLAUSES_HEADING_FR, exitClauseLinesFr } from './exit-clauses.fr.js';
import { quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';

const NBSP = '\u00a0';
const CGCT = 'code général des collectivités territoriales';
const RGPD = 'règlement (UE) 2016/679 du 27 avril 2016 (règlement général sur la protection des données, RGPD)';

/** RGPD art. 28: the EPCI processes personal data for the commune, the controller; what art. 28 (3) asks of it. */
export function personalDataClauseFr(service: ServiceInfo): { paragraphs: string[]; obligations: string[]; closing: string } {
  return {
    paragraphs: [
      `Pour l’exécution du service ${quoted(service.name)}, l’EPCI traite des données à caractère personnel pour le compte de la commune, responsable du traitement : il agit en qualité de sous-traitant au sens de l’article 28 du ${RGPD}. ` +
        'Le traitement a pour objet et pour finalité les seules missions du service décrites aux articles 1 et 2, pour la durée de la présente convention ; il porte sur les données des personnes concernées par ces missions.',
      'À ce titre, l’EPCI :',
    ],
    obligations: [
      'ne traite les données que sur instruction documentée de la commune, y compris pour un transfert hors de l’Union européenne ;',
      'veille à ce que les personnes autorisées à traiter les données soient soumises à une obligation de confidentialité ;',
      'met en œuvre les mesures de sécurité appropriées prévues à l’article 32 du RGPD ;',
      'ne recourt à un autre sous-traitant qu’avec l’autorisation écrite préalable de la commune, et lui impose les mêmes obligations ;',
      'aide la commune à répondre aux demandes d’exercice des droits des personnes concernées et à respecter ses obligations de sécurité, de notification des violations de données et d’analyse d’impact (articles 32 à 36 du RGPD) ;',
      'notifie à la commune toute violation de données à caractère personnel dans les meilleurs délais après en avoir pris connaissance ;',
      'au terme de la convention, restitue les données à la commune puis détruit les copies existantes, sauf obligation légale de conservation ;',
      'met à la disposition de la commune les informations nécessaires pour démontrer le respect de ces obligations, et permet la réalisation d’audits.',
    ],
    closing:
      'Chaque partie désigne son délégué à la protection des données ; un délégué mutualisé entre les parties est désigné par chacune d’elles (articles 37 à 39 du RGPD).',
  };
}

/** The monitoring committee, the yearly report on the convention, and the president's yearly communication (L5211-39-1). */
export function monitoringClauseFr(service: ServiceInfo, epciCouncil: string): string[] {
  const statement = legalBasisWording(service.legalBasis).statement.name;
  return [
    'Un comité de suivi, composé de représentants de la commune et de l’EPCI, se réunit au moins une fois par an pour examiner l’exécution de la présente convention : l’activité du service, les unités constatées, la qualité du service rendu et les difficultés rencontrées.',
    `Chaque année, l’EPCI adresse à la commune un rapport sur l’exécution de la présente convention, avec ${/^[aeéiou]/i.test(statement) ? 'l’' : 'le '}${statement} de l’utilisation du service.`,
    `Lorsqu’un schéma de mutualisation des services a été adopté, son avancement, dont la présente convention, fait l’objet chaque année d’une communication du président au ${epciCouncil} lors du débat d’orientation budgétaire ou, à défaut, lors du vote du budget (article L.${NBSP}5211-39-1 du ${CGCT}).`,
  ];
}

/** Who answers for what towards third parties, and the insurance each party takes. */
export function liabilityClauseFr(): string[] {
  return [
    'Chaque partie demeure responsable, à l’égard des tiers, des décisions prises par ses propres autorités : les décisions relevant des pouvoirs propres du maire, qu’il signe, engagent la commune.',
    'L’EPCI répond des dommages causés par les agents du service dans l’exécution de leurs missions, sauf lorsqu’ils agissent sur les instructions du maire ou de son délégataire : la commune en répond alors.',
    'Chaque partie assure sa responsabilité civile au titre de la présente convention, ainsi que les biens dont elle est propriétaire, et en justifie à l’autre partie sur sa demande.',
  ];
}

/**
 * What becomes of the pending files, the archives and the data when the convention ends, however it ends: the
 * clauses of exit-clauses.fr.ts, the same the final notice of an ending lists.
 */
export function exitArrangementsFr(): { heading: string; introduction: string; items: string[] } {
  return {
    heading: EXIT_CLAUSES_HEADING_FR,
    introduction: 'Quelle que soit la cause de la fin de la présente convention (terme, absence de renouvellement, résiliation ou accord des parties) :',
    items: exitClauseLinesFr(),
  };
}
