// French labels for the UI and the generated documents. Keys are the machine's own names.
import { type EventType, type Role } from './events.js';

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
  'active.term.underNotice': 'Préavis de résiliation en cours',
  'active.amendment': 'Avenant',
  'active.amendment.none': 'Aucun avenant en cours',
  'active.amendment.pending': 'Avenant en attente d’accord',
  withdrawn: 'Demande retirée',
  rejected: 'Demande rejetée',
  declined: 'Refusée',
  expired: 'Proposition expirée',
  lapsed: 'Convention caduque (non reconduite)',
  ended: 'Convention arrivée à son terme',
  terminated: 'Convention résiliée',
};

export const EVENT_LABELS_FR: Readonly<Record<EventType, string>> = {
  SUBMIT: 'Déposer la demande',
  WITHDRAW: 'Retirer la demande',
  PROVIDE_INFO: 'Répondre à la question',
  ACCEPT_PROPOSAL: 'Accepter la proposition',
  REQUEST_CHANGES: 'Demander des modifications',
  DECLINE_PROPOSAL: 'Refuser la proposition',
  CONFIRM_RENEWAL: 'Confirmer la reconduction',
  DECLINE_RENEWAL: 'Ne pas reconduire',
  ACKNOWLEDGE: 'Accuser réception',
  DECLARE_INADMISSIBLE: 'Déclarer irrecevable',
  REQUEST_INFO: 'Poser une question à la commune',
  SUBMIT_STUDY: 'Transmettre l’étude',
  APPROVE_STUDY: 'Valider l’étude',
  REVISE_STUDY: 'Renvoyer l’étude pour révision',
  REJECT: 'Rejeter la demande',
  ISSUE_PROPOSAL: 'Émettre la proposition',
  RECORD_CST_OPINION: 'Enregistrer l’avis du comité social territorial',
  VALIDATE_RENEWAL: 'Valider la reconduction',
  RECORD_DELIBERATION: 'Enregistrer la délibération',
  SIGN: 'Signer la convention',
  PROPOSE_AMENDMENT: 'Proposer un avenant',
  ACCEPT_AMENDMENT: 'Accepter l’avenant',
  REFUSE_AMENDMENT: 'Refuser l’avenant',
  GIVE_NOTICE: 'Donner préavis de résiliation',
  RENEWAL_WINDOW_OPENED: 'Ouverture de la période de reconduction',
  ANNIVERSARY_PASSED: 'Date anniversaire passée',
  PROPOSAL_EXPIRED: 'Expiration de la proposition',
  NOTICE_EFFECTIVE: 'Prise d’effet du préavis',
  TERM_ENDED: 'Terme de la convention',
};

export const ROLE_LABELS_FR: Readonly<Record<Role, string>> = {
  secretary: 'Secrétaire de mairie',
  agent: 'Responsable de service commun',
  dgs: 'Directeur général des services',
  system: 'Échéancier automatique',
};

export type FieldType = 'text' | 'longtext' | 'date' | 'integer' | 'cents' | 'decimal' | 'boolean' | 'enum' | 'terms';
export interface EventField {
  name: string;
  type: FieldType;
  required: boolean;
  label: string;
  options?: ReadonlyArray<{ value: string; label: string }>;
}

const reason = (required: boolean, label = 'Motif'): EventField => ({ name: 'reason', type: 'longtext', required, label });

/**
 * The payload fields the UI must ask for each event. `party` is not listed: the server sets it from the
 * caller's role. The schemas in events.ts remain the authority; a test checks the two agree.
 */
export const EVENT_FIELDS: Readonly<Record<EventType, readonly EventField[]>> = {
  SUBMIT: [],
  WITHDRAW: [reason(false)],
  PROVIDE_INFO: [{ name: 'answer', type: 'longtext', required: true, label: 'Réponse' }],
  ACCEPT_PROPOSAL: [],
  REQUEST_CHANGES: [{ name: 'comment', type: 'longtext', required: true, label: 'Modifications souhaitées' }],
  DECLINE_PROPOSAL: [reason(false)],
  CONFIRM_RENEWAL: [{ name: 'plannedUnits', type: 'decimal', required: true, label: 'Unités prévues pour l’année à venir' }],
  DECLINE_RENEWAL: [reason(false)],
  ACKNOWLEDGE: [],
  DECLARE_INADMISSIBLE: [reason(true)],
  REQUEST_INFO: [{ name: 'question', type: 'longtext', required: true, label: 'Question' }],
  SUBMIT_STUDY: [
    { name: 'forecastUnits', type: 'decimal', required: true, label: 'Unités prévisionnelles par an' },
    { name: 'staffImpact', type: 'boolean', required: true, label: 'Impact sur le personnel (transfert ou mise à disposition)' },
    { name: 'notes', type: 'longtext', required: false, label: 'Diagnostic et observations' },
  ],
  APPROVE_STUDY: [],
  REVISE_STUDY: [{ name: 'comment', type: 'longtext', required: false, label: 'Points à revoir' }],
  REJECT: [reason(true)],
  ISSUE_PROPOSAL: [
    { name: 'unitCostCents', type: 'cents', required: true, label: 'Coût unitaire de fonctionnement' },
    { name: 'forecastUnits', type: 'decimal', required: true, label: 'Unités prévisionnelles par an' },
    { name: 'startDate', type: 'date', required: true, label: 'Date de début souhaitée' },
    { name: 'validUntil', type: 'date', required: true, label: 'Proposition valable jusqu’au' },
  ],
  RECORD_CST_OPINION: [
    {
      name: 'opinion',
      type: 'enum',
      required: true,
      label: 'Avis',
      options: [
        { value: 'favourable', label: 'Favorable' },
        { value: 'unfavourable', label: 'Défavorable' },
      ],
    },
    { name: 'date', type: 'date', required: true, label: 'Date de la séance' },
  ],
  VALIDATE_RENEWAL: [],
  RECORD_DELIBERATION: [
    {
      name: 'outcome',
      type: 'enum',
      required: true,
      label: 'Décision',
      options: [
        { value: 'adopted', label: 'Adoptée' },
        { value: 'refused', label: 'Rejetée' },
      ],
    },
    { name: 'number', type: 'text', required: true, label: 'Numéro de la délibération' },
    { name: 'date', type: 'date', required: true, label: 'Date de la séance' },
  ],
  SIGN: [
    { name: 'signatoryName', type: 'text', required: true, label: 'Nom du signataire' },
    { name: 'signatoryQuality', type: 'text', required: true, label: 'Qualité du signataire' },
    { name: 'date', type: 'date', required: true, label: 'Date de signature' },
  ],
  PROPOSE_AMENDMENT: [{ name: 'terms', type: 'terms', required: true, label: 'Nouvelles conditions' }],
  ACCEPT_AMENDMENT: [],
  REFUSE_AMENDMENT: [reason(false)],
  GIVE_NOTICE: [
    { name: 'reason', type: 'longtext', required: true, label: 'Motif d’intérêt général' },
    { name: 'effectiveDate', type: 'date', required: true, label: 'Date de prise d’effet' },
  ],
  RENEWAL_WINDOW_OPENED: [],
  ANNIVERSARY_PASSED: [],
  PROPOSAL_EXPIRED: [],
  NOTICE_EFFECTIVE: [],
  TERM_ENDED: [],
};
