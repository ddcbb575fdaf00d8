// French labels for the UI and the generated documents. Keys are the machine's own names. The labels and
// form fields of the events are part of their definitions (event-definitions.ts) and only gathered here.
import { EVENT_DEFINITIONS, EVENT_TYPES, type EventField, type EventType, type Role } from './event-definitions.js';

export { type EventField, type FieldType } from './event-definitions.js';

/**
 * A state's label for one EPCI: its council is « conseil communautaire » in a communauté, « conseil
 * métropolitain » in a métropole (the generic table says « communautaire »).
 */
export function stateLabelFr(id: string, epciCouncil = 'conseil communautaire'): string {
  const label = STATE_LABELS_FR[id] ?? id;
  if (!id.startsWith('deliberations.councils.epci')) return label;
  return label.replace(/^Conseil communautaire/, epciCouncil[0].toUpperCase() + epciCouncil.slice(1)).replace('conseil communautaire', epciCouncil);
}

/** Every state of the machine, compound and leaf, by dotted path. */
export const STATE_LABELS_FR: Readonly<Record<string, string>> = {
  draft: 'Brouillon',
  submitted: 'Demande déposée',
  study: 'Étude',
  'study.inProgress': 'Étude en cours',
  'study.awaitingCommune': 'En attente de la commune',
  'study.awaitingReview': 'Étude à valider par la DGS',
  proposal: 'Proposition',
  'proposal.drafting': 'Proposition en préparation',
  'proposal.awaitingCommune': 'Proposition en attente de la décision de la commune',
  deliberations: 'Délibérations',
  'deliberations.cstOpinion': 'Avis du comité social territorial',
  'deliberations.councils': 'Délibérations des assemblées',
  'deliberations.councils.commune': 'Conseil municipal',
  'deliberations.councils.commune.pending': 'Délibération du conseil municipal attendue',
  'deliberations.councils.commune.adopted': 'Délibération du conseil municipal adoptée',
  'deliberations.councils.epci': 'Conseil communautaire',
  'deliberations.councils.epci.pending': 'Délibération du conseil communautaire attendue',
  'deliberations.councils.epci.adopted': 'Délibération du conseil communautaire adoptée',
  signature: 'Signature de la convention',
  'signature.mayor': 'Signature du maire',
  'signature.mayor.pending': 'Signature du maire attendue',
  'signature.mayor.signed': 'Signée par le maire',
  'signature.president': 'Signature du président',
  'signature.president.pending': 'Signature du président attendue',
  'signature.president.signed': 'Signée par le président',
  active: 'Convention active',
  'active.term': 'Échéance',
  'active.term.inForce': 'En vigueur',
  'active.term.renewalDue': 'Reconduction à confirmer',
  'active.term.renewalConfirmed': 'Reconduction confirmée, à valider par la DGS',
  'active.term.renewalDeclined': 'Reconduction refusée par la commune',
  'active.term.renewalRefused': 'Reconduction refusée par l’EPCI',
  'active.term.underNotice': 'Préavis de résiliation en cours',
  'active.term.terminationAgreed': 'Résiliation d’un commun accord convenue',
  'active.amendment': 'Avenant',
  'active.amendment.none': 'Aucun avenant en cours',
  'active.amendment.pending': 'Avenant proposé, en attente de l’accord de l’autre partie',
  'active.amendment.deliberations': 'Avenant accepté, délibérations des assemblées attendues',
  'active.amendment.signature': 'Avenant approuvé, signatures attendues',
  'active.amendment.scheduled': 'Avenant signé, en attente de sa date d’effet',
  withdrawn: 'Demande retirée',
  rejected: 'Demande rejetée',
  declined: 'Refusée',
  expired: 'Proposition expirée',
  lapsed: 'Convention non reconduite',
  ended: 'Convention arrivée à son terme',
  terminated: 'Convention résiliée',
};

/** The label of each event, from its definition. */
export const EVENT_LABELS_FR: Readonly<Record<EventType, string>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, EVENT_DEFINITIONS[type].label]),
) as Record<EventType, string>;

export const ROLE_LABELS_FR: Readonly<Record<Role, string>> = {
  secretary: 'Secrétaire général(e) de mairie',
  agent: 'Responsable de service commun',
  dgs: 'Directeur général des services',
  system: 'Échéancier automatique',
};

/**
 * The payload fields the UI must ask for each event, from its definition. `party` is not listed: the
 * server sets it from the caller's role.
 */
export const EVENT_FIELDS: Readonly<Record<EventType, readonly EventField[]>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, EVENT_DEFINITIONS[type].fields]),
) as Record<EventType, readonly EventField[]>;
