// French messages for the UI, by stable error code. Clients branch on `code`; people read `message`.
export const ERROR_MESSAGES_FR: Readonly<Record<string, string>> = {
  transition_not_allowed: 'Cette action n’est pas possible dans l’état actuel de l’adhésion.',
  not_found: 'Élément introuvable.',
  stale_version: 'L’adhésion a été modifiée entre-temps par quelqu’un d’autre. Rechargez la page puis recommencez.',
  forbidden: 'Votre rôle ne permet pas cette action.',
  invalid_input: 'Certaines informations sont manquantes ou invalides.',
  malformed_json: 'La requête n’est pas un JSON valide.',
  payload_too_large: 'La requête est trop volumineuse.',
  snapshot_incompatible: 'Cette adhésion a été enregistrée par une version incompatible de l’application.',
  conflict: 'Une adhésion en cours existe déjà pour cette commune et ce service.',
  idempotency_key_reused: 'Cette clé d’idempotence a déjà servi pour une autre requête.',
  invalid_precondition: 'En-tête de requête invalide.',
  document_not_available: 'Ce document n’est pas disponible à cette étape de l’adhésion.',
  unauthenticated: 'Veuillez vous connecter.',
  invalid_credentials: 'Adresse électronique ou mot de passe incorrect.',
  too_many_requests: 'Trop de tentatives. Patientez une minute avant de réessayer.',
  route_not_found: 'Adresse inconnue.',
  internal_error: 'Une erreur inattendue est survenue. L’équipe technique a été prévenue.',
};

/** French wording of the per-field codes, for messages shown next to a field. */
export const FIELD_ISSUES_FR: Readonly<Record<string, string>> = {
  required: 'Champ obligatoire.',
  invalid_type: 'Valeur d’un type inattendu.',
  invalid_date: 'Date invalide (format attendu : AAAA-MM-JJ).',
  too_small: 'Valeur trop petite ou texte trop court.',
  too_big: 'Valeur trop grande ou texte trop long.',
  invalid_value: 'Valeur non autorisée.',
  invalid_format: 'Format invalide.',
  too_many_decimals: 'Au plus quatre décimales.',
  must_be_positive: 'La valeur doit être strictement positive.',
  unknown_event: 'Action inconnue.',
  unknown_option: 'Option inconnue pour ce service, ou répétée.',
  unrecognized_keys: 'Champ inattendu.',
  no_epci: 'Cette commune n’appartient à aucun EPCI.',
  still_live: 'L’adhésion précédente est toujours en cours.',
};
