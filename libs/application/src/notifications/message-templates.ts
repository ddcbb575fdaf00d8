// The notifications' own small template language: a subject and a body per kind, in French, with variables
// written {{nom}} from a closed list per kind. No code runs in a template: a variable is replaced by its value,
// a value is HTML-escaped in the HTML e-mail. The product's wording is the default of each kind; an EPCI's DGS
// may replace it (notification_template), and what they save is checked against the list.
import { EXIT_CLAUSES_HEADING_FR, exitClauseLinesFr, formatDateFr, ofPlace, periodFr } from '#documents';
import { formatEuros, RuleViolation } from '#domain';

/** What a kind's variables are computed from: the file's names and the ledger row's payload. */
export interface TemplateContext {
  communeName: string;
  serviceName: string;
  epciName: string;
  link: string;
  payload: Record<string, unknown>;
}

export interface KindDefinition {
  /** Its name in the DGS's list. */
  label: string;
  /** About one file (adhesion), or to the EPCI as a whole. */
  about: 'adhesion' | 'epci';
  /** The variables of this kind besides the common ones, with what each says. */
  variables: Readonly<Record<string, string>>;
  subject: string;
  body: string;
  values(p: Record<string, unknown>, c: TemplateContext): Record<string, string>;
  /** A payload for the preview without a file. */
  sample: Record<string, unknown>;
}

export interface MessageTemplate {
  subject: string;
  body: string;
}

export interface RenderedMessage {
  title: string;
  text: string;
  html: string;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** '2027-01-01' → '1er janvier 2027', as the documents write it. */
const frenchDate = (iso: unknown): string => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDateFr(iso) : String(iso ?? ''));

/** 1 → '1 jour', 90 → '90 jours': French puts the plural from 2 on. */
const count = (n: unknown, singular: string, plural: string): string => `${String(n)} ${Number(n) >= 2 ? plural : singular}`;
const inDays = (n: unknown): string => (Number(n) === 0 ? 'aujourd’hui' : `dans ${count(n, 'jour', 'jours')}`);

/** The variables every message about a file has. */
export const ADHESION_VARIABLES: Readonly<Record<string, string>> = {
  commune: 'Le nom de la commune (Avrillé)',
  de_commune: 'Le nom de la commune précédé de « de » ou « d’ » (d’Avrillé)',
  service: 'Le nom du service',
  epci: 'Le nom de l’intercommunalité',
  lien: 'L’adresse du dossier',
};
/** The variables of a message to the EPCI as a whole. */
export const EPCI_VARIABLES: Readonly<Record<string, string>> = {
  epci: 'Le nom de l’intercommunalité',
  lien: 'L’adresse de la page',
};

const renewal = { anniversaire: 'La date anniversaire de la convention', delai: 'Le délai avant cette date (dans 30 jours, aujourd’hui)' };
const renewalValues = (p: Record<string, unknown>) => ({ anniversaire: frenchDate(p.anniversary), delai: inDays(p.offset) });
const ending = {
  date: 'La date de fin de la convention',
  motif: 'Le motif donné, précédé de « Motif : » (vide sans motif)',
  clauses_sortie: 'Les clauses de sortie de la convention (dossiers en cours, archives, données)',
};
/** The exit arrangements (pending files, archives, data), from the one place that words them. */
const exitClauses = (): string => [`${EXIT_CLAUSES_HEADING_FR} :`, ...exitClauseLinesFr()].join('\n\n');
const reasonLine = (reason: unknown): string => (typeof reason === 'string' && reason.trim() ? `Motif : ${reason.trim()}` : '');
const endingValues = (p: Record<string, unknown>) => ({ date: frenchDate(p.on), motif: reasonLine(p.reason), clauses_sortie: exitClauses() });

/** The variables of a turn handed to the other party (the payload that `handOverRow` writes). */
const turn = {
  evenement: 'L’étape franchie (Signer la convention)',
  auteur: 'Qui l’a franchie (La commune d’Avrillé, ou l’intercommunalité)',
  date: 'Le jour où elle l’a été',
  etape: 'L’étape où se trouve maintenant le dossier',
  action: 'Ce qui est attendu de vous (Enregistrer la délibération)',
};
function turnValues(p: Record<string, unknown>, c: TemplateContext): Record<string, string> {
  return {
    evenement: String(p.eventLabel ?? p.event ?? ''),
    auteur: p.by === 'commune' ? `La commune ${ofPlace(c.communeName)}` : c.epciName,
    date: frenchDate(p.on),
    etape: String(p.stateLabel ?? ''),
    action: typeof p.action === 'string' && p.action ? p.action : 'Prendre connaissance du dossier',
  };
}
const turnSample = { event: 'SIGN', eventLabel: 'Signer la convention', by: 'commune', on: '2027-03-12', stateLabel: 'En signature', action: 'Signer la convention' };

export const KIND_DEFINITIONS = {
  turn_to_act: {
    label: 'Dossier transmis : à vous d’agir',
    about: 'adhesion',
    variables: turn,
    subject: 'À vous d’agir : {{service}} ({{commune}})',
    body: '{{auteur}} a effectué l’étape « {{evenement}} » le {{date}} sur le dossier « {{service}} » {{de_commune}}.\n\nLe dossier est maintenant à l’étape « {{etape}} » et attend votre action : {{action}}.',
    values: turnValues,
    sample: { ...turnSample, event: 'ISSUE_PROPOSAL', eventLabel: 'Émettre la proposition', by: 'epci', stateLabel: 'Proposition émise', action: 'Accepter la proposition' },
  },
  question_asked: {
    label: 'Question posée à la commune',
    about: 'adhesion',
    variables: { ...turn, question: 'La question posée' },
    subject: 'Question sur votre demande : {{service}} ({{commune}})',
    body: '{{auteur}} a posé une question le {{date}} sur la demande « {{service}} » {{de_commune}} :\n\n« {{question}} »\n\nRépondez dans le dossier pour que son instruction continue.',
    values: (p, c) => ({ ...turnValues(p, c), question: String(p.question ?? '') }),
    sample: { ...turnSample, event: 'REQUEST_INFO', eventLabel: 'Poser une question à la commune', by: 'epci', stateLabel: 'Question posée', action: 'Répondre à la question', question: 'Combien d’actes prévoyez-vous par an ?' },
  },
  deliberation_recorded: {
    label: 'Délibération de l’autre partie enregistrée',
    about: 'adhesion',
    variables: turn,
    subject: 'Délibération enregistrée : {{service}} ({{commune}})',
    body: '{{auteur}} a enregistré sa délibération le {{date}} pour la convention « {{service}} » {{de_commune}}.\n\nLe dossier est maintenant à l’étape « {{etape}} ». Ce qui est attendu de vous : {{action}}.',
    values: turnValues,
    sample: { ...turnSample, event: 'RECORD_DELIBERATION', eventLabel: 'Enregistrer la délibération', stateLabel: 'Délibérations', action: 'Enregistrer la délibération' },
  },
  convention_signed: {
    label: 'Convention signée par l’autre partie',
    about: 'adhesion',
    variables: turn,
    subject: 'Convention signée : {{service}} ({{commune}})',
    body: '{{auteur}} a signé la convention « {{service}} » {{de_commune}} le {{date}}.\n\nLe dossier est maintenant à l’étape « {{etape}} ». Ce qui est attendu de vous : {{action}}.',
    values: turnValues,
    sample: turnSample,
  },
  notice_given: {
    label: 'Préavis de résiliation donné par l’autre partie',
    about: 'adhesion',
    variables: { ...turn, date_effet: 'La date à laquelle la résiliation prend effet', motif: 'Le motif donné' },
    subject: 'Préavis de résiliation : {{service}} ({{commune}})',
    body: '{{auteur}} a donné préavis de résiliation de la convention « {{service}} » {{de_commune}} le {{date}}.\n\nLa résiliation prendra effet le {{date_effet}}.\n\nMotif : {{motif}}',
    values: (p, c) => ({ ...turnValues(p, c), date_effet: frenchDate(p.effectiveDate), motif: String(p.reason ?? '') }),
    sample: { ...turnSample, event: 'GIVE_NOTICE', eventLabel: 'Donner préavis de résiliation', by: 'epci', stateLabel: 'Préavis en cours', action: null, effectiveDate: '2027-09-12', reason: 'Réorganisation du service commun.' },
  },
  file_closed: {
    label: 'Dossier clos par l’autre partie',
    about: 'adhesion',
    variables: turn,
    subject: 'Dossier clos : {{service}} ({{commune}})',
    body: '{{auteur}} a effectué l’étape « {{evenement}} » le {{date}} : le dossier « {{service}} » {{de_commune}} est clos ({{etape}}).',
    values: turnValues,
    sample: { ...turnSample, event: 'WITHDRAW', eventLabel: 'Retirer la demande', stateLabel: 'Retirée', action: null },
  },
  renewal_reminder: {
    label: 'Rappel : reconduction à confirmer',
    about: 'adhesion',
    variables: renewal,
    subject: 'Reconduction à confirmer : {{service}} ({{commune}})',
    body: 'La convention « {{service}} » conclue avec {{commune}} arrive à sa date anniversaire le {{anniversaire}}, {{delai}}.\n\nSa reconduction doit être confirmée expressément par la commune : sans confirmation et validation avant cette date, la convention ne sera pas reconduite et prendra fin à cette date.',
    values: renewalValues,
    sample: { anniversary: '2027-01-01', offset: 30, year: 1 },
  },
  renewal_escalation: {
    label: 'Rappel à l’intercommunalité : reconduction non confirmée',
    about: 'adhesion',
    variables: renewal,
    subject: 'Reconduction non confirmée : {{commune}}, {{service}}',
    body: '{{commune}} n’a pas encore confirmé la reconduction de la convention « {{service}} », dont la date anniversaire est le {{anniversaire}} ({{delai}}).\n\nSans confirmation puis validation avant cette date, la convention ne sera pas reconduite et prendra fin à cette date.',
    values: renewalValues,
    sample: { anniversary: '2027-01-01', offset: 30, year: 1 },
  },
  validation_pending: {
    label: 'Rappel : reconduction à valider',
    about: 'adhesion',
    variables: renewal,
    subject: 'Reconduction à valider : {{commune}}, {{service}}',
    body: '{{commune}} a confirmé la reconduction de la convention « {{service}} ». Elle attend votre validation avant le {{anniversaire}} ({{delai}}).',
    values: renewalValues,
    sample: { anniversary: '2027-01-01', offset: 15, year: 1 },
  },
  convention_lapsed: {
    label: 'Convention non reconduite',
    about: 'adhesion',
    subject: 'Convention non reconduite : {{service}} ({{commune}})',
    variables: { ...ending, constat: 'Pourquoi la convention n’a pas été reconduite, et le jour de sa fin' },
    body: '{{constat}}\n\n{{motif}}\n\n{{clauses_sortie}}',
    values: (p, c) => ({
      ...endingValues(p),
      constat:
        p.cause === 'renewal_refused'
          ? `L’EPCI ayant refusé sa reconduction, la convention « ${c.serviceName} » conclue avec ${c.communeName} n’a pas été reconduite : elle a pris fin le ${frenchDate(p.on)}, à sa date anniversaire.`
          : `La convention « ${c.serviceName} » conclue avec ${c.communeName} n’a pas été reconduite avant sa date anniversaire : elle a pris fin le ${frenchDate(p.on)}.`,
    }),
    sample: { on: '2027-01-01', event: 'ANNIVERSARY_PASSED' },
  },
  convention_ended: {
    label: 'Convention arrivée à son terme',
    about: 'adhesion',
    variables: ending,
    subject: 'Convention arrivée à son terme : {{service}} ({{commune}})',
    body: 'La convention « {{service}} » conclue avec {{commune}} est arrivée à son terme de trois ans le {{date}}. Une nouvelle convention peut la prolonger : « Renouveler la convention » dans le dossier.\n\n{{clauses_sortie}}',
    values: endingValues,
    sample: { on: '2029-01-01', event: 'TERM_ENDED' },
  },
  convention_terminated: {
    label: 'Résiliation effective',
    about: 'adhesion',
    variables: { ...ending, resiliation: '« Résiliation effective », ou « Résiliation d’un commun accord effective »', constat: 'Comment la convention a pris fin, et le jour' },
    subject: '{{resiliation}} : {{service}} ({{commune}})',
    body: '{{constat}}\n\n{{motif}}\n\n{{clauses_sortie}}',
    values: (p, c) => ({
      ...endingValues(p),
      resiliation: p.cause === 'agreement' ? 'Résiliation d’un commun accord effective' : 'Résiliation effective',
      constat:
        p.cause === 'agreement'
          ? `La convention « ${c.serviceName} » conclue avec ${c.communeName} a été résiliée d’un commun accord : elle a pris fin le ${frenchDate(p.on)}.`
          : `Le préavis de résiliation de la convention « ${c.serviceName} » conclue avec ${c.communeName} a pris effet le ${frenchDate(p.on)}.`,
    }),
    sample: { on: '2027-09-12', event: 'NOTICE_EFFECTIVE' },
  },
  renewal_refused: {
    label: 'Reconduction refusée par l’intercommunalité',
    about: 'adhesion',
    variables: { anniversaire: 'La date anniversaire, où la convention prendra fin', motif: ending.motif, clauses_sortie: ending.clauses_sortie },
    subject: 'Reconduction refusée par l’EPCI : {{service}} ({{commune}})',
    body: 'L’EPCI ne reconduit pas la convention « {{service}} » conclue avec {{commune}}. Elle reste en vigueur jusqu’à sa date anniversaire, le {{anniversaire}}, puis prendra fin.\n\n{{motif}}\n\n{{clauses_sortie}}',
    values: (p) => ({ anniversaire: frenchDate(p.anniversary), motif: reasonLine(p.reason), clauses_sortie: exitClauses() }),
    sample: { anniversary: '2027-01-01', reason: 'Réorganisation du service commun.' },
  },
  termination_proposed: {
    label: 'Résiliation d’un commun accord proposée',
    about: 'adhesion',
    variables: { proposant: 'Qui propose (L’EPCI, ou la commune)', date_effet: 'La date de fin proposée', motif: ending.motif },
    subject: 'Résiliation d’un commun accord proposée : {{service}} ({{commune}})',
    body: '{{proposant}} propose de mettre fin d’un commun accord à la convention « {{service}} » le {{date_effet}}. Acceptez ou refusez la proposition dans le dossier.\n\n{{motif}}',
    values: (p, c) => ({ proposant: p.proposedBy === 'epci' ? 'L’EPCI' : c.communeName, date_effet: frenchDate(p.effectiveDate), motif: reasonLine(p.reason) }),
    sample: { effectiveDate: '2027-06-30', reason: 'Le service est repris en régie.', proposedBy: 'commune' },
  },
  term_reminder: {
    label: 'Rappel : renouveler la convention avant son terme',
    about: 'adhesion',
    variables: { terme: 'Le jour du terme de trois ans', delai: 'Le délai avant ce jour' },
    subject: 'Renouveler la convention : {{service}} ({{commune}})',
    body: 'La convention « {{service}} » conclue avec {{commune}} arrive à son terme de trois ans le {{terme}}, {{delai}}. Elle ne se reconduit pas au-delà.\n\nPour que le service continue sans interruption, renouvelez la convention dans le dossier : « Renouveler la convention » prépare une nouvelle convention reprenant les conditions actuelles, qui commencera le jour du terme, après les délibérations et les signatures.',
    values: (p) => ({ terme: frenchDate(p.termEnd), delai: inDays(p.offset) }),
    sample: { termEnd: '2029-01-01', offset: 90 },
  },
  epci_waiting: {
    label: 'Dossier en attente de l’intercommunalité',
    about: 'adhesion',
    variables: { depuis: 'Le jour depuis lequel le dossier attend', jours_ouvres: 'Le nombre de jours ouvrés d’attente (11 jours ouvrés)', etape: 'L’étape du dossier' },
    subject: 'En attente de l’EPCI depuis {{jours_ouvres}} : {{commune}}, {{service}}',
    body: 'La demande « {{service}} » {{de_commune}} (étape : {{etape}}) attend une action de l’EPCI depuis le {{depuis}}, soit {{jours_ouvres}}.',
    values: (p) => ({ depuis: frenchDate(p.since), jours_ouvres: count(p.workingDays, 'jour ouvré', 'jours ouvrés'), etape: String(p.state ?? '') }),
    sample: { since: '2027-03-01', workingDays: 11, state: 'Étude' },
  },
  unit_cost_deadline: {
    label: 'Coûts unitaires de l’année à notifier',
    about: 'epci',
    variables: { annee: 'L’année des coûts', echeance: 'La date limite de notification', services: 'Les services dont le coût n’est pas notifié' },
    subject: '{{epci}} : coûts unitaires {{annee}} à notifier avant le {{echeance}}',
    body: 'Les coûts unitaires de fonctionnement de l’année {{annee}} doivent être notifiés aux communes avant le vote du budget, soit le {{echeance}} au plus tard (CGCT, art. D5211-16).\n\nServices dont le coût {{annee}} n’est pas encore notifié : {{services}}.',
    values: (p) => ({ annee: String(p.year ?? ''), echeance: frenchDate(p.deadline), services: Array.isArray(p.services) ? p.services.join(', ') : '' }),
    sample: { year: 2027, deadline: '2027-04-15', offset: 30, services: ['Paie', 'Instruction ADS'] },
  },
  unit_cost_notified: {
    label: 'Coût de l’année notifié à la commune',
    about: 'adhesion',
    variables: {
      annee: 'L’année du coût',
      date: 'Le jour de la notification',
      montant: 'Le montant notifié',
      nature_cout: '« unitaire », ou « du service » pour un service réparti par clés',
      objet_cout: '« le coût unitaire de fonctionnement », ou « le coût total de fonctionnement »',
      precision: 'Pour un service réparti par clés : « Ce coût total est réparti entre les communes adhérentes. »',
    },
    subject: 'Coût {{nature_cout}} {{annee}} notifié : {{service}}',
    body: 'Pour l’année {{annee}}, {{objet_cout}} du service « {{service}} » est fixé à {{montant}} (CGCT, art. D5211-16). {{precision}} Il est notifié à la commune le {{date}}.\n\nLa lettre de notification est disponible dans le dossier.',
    values: (p) => ({
      annee: String(p.year ?? ''),
      date: frenchDate(p.on),
      montant: formatEuros(Number(p.costCents)),
      nature_cout: p.costModel === 'keys' ? 'du service' : 'unitaire',
      objet_cout: p.costModel === 'keys' ? 'le coût total de fonctionnement' : 'le coût unitaire de fonctionnement',
      precision: p.costModel === 'keys' ? 'Ce coût total est réparti entre les communes adhérentes.' : '',
    }),
    sample: { year: 2027, on: '2027-03-10', costModel: 'unit', costCents: 18_000 },
  },
  units_missing: {
    label: 'Unités de la période à saisir',
    about: 'adhesion',
    variables: {
      periode: 'La période (le 1er trimestre)',
      periode_maj: 'La période, avec une majuscule (Le 1er trimestre)',
      annee: 'L’année',
      du: 'Le premier jour de la période',
      au: 'Le dernier jour de la période',
    },
    subject: 'Unités à saisir pour {{periode}} {{annee}} : {{commune}}, {{service}}',
    body: '{{periode_maj}} {{annee}} (du {{du}} au {{au}}) est clos, et les unités consommées par {{commune}} pour le service « {{service}} » ne sont pas encore enregistrées.\n\nElles fondent l’état annuel et la régularisation de l’année : saisissez-les dans le dossier.',
    values: (p) => {
      const period = periodFr(String(p.periodicity), Number(p.period));
      return { periode: period, periode_maj: capitalize(period), annee: String(p.year ?? ''), du: frenchDate(p.from), au: frenchDate(p.to) };
    },
    sample: { year: 2027, period: 1, periodicity: 'quarterly', from: '2027-01-01', to: '2027-03-31' },
  },
  unit_cost_first_year: {
    label: 'Coût unitaire de la première année à notifier',
    about: 'adhesion',
    variables: { annee: 'L’année', signature: 'Le jour de la signature', echeance: 'La date limite de notification', delai: 'Le délai avant cette date' },
    subject: 'Coût unitaire {{annee}} à notifier à {{commune}} avant le {{echeance}}',
    body: 'La convention « {{service}} » a été signée le {{signature}} : la première année, le coût unitaire de fonctionnement est notifié à la commune dans les trois mois de la signature, soit avant le {{echeance}} ({{delai}}).',
    values: (p) => ({ annee: String(p.year ?? ''), signature: frenchDate(p.signedOn), echeance: frenchDate(p.deadline), delai: inDays(p.offset) }),
    sample: { year: 2027, signedOn: '2027-01-05', deadline: '2027-04-05', offset: 30 },
  },
} satisfies Record<string, KindDefinition>;

export type TemplateKind = keyof typeof KIND_DEFINITIONS;
export const TEMPLATE_KINDS = Object.keys(KIND_DEFINITIONS) as TemplateKind[];

export const isTemplateKind = (kind: string): kind is TemplateKind => Object.hasOwn(KIND_DEFINITIONS, kind);

export function kindDefinition(kind: TemplateKind): KindDefinition {
  return KIND_DEFINITIONS[kind];
}

/** Every variable a kind's template may name, with what it says. */
export function variablesOf(kind: TemplateKind): Record<string, string> {
  const definition = kindDefinition(kind);
  return { ...(definition.about === 'adhesion' ? ADHESION_VARIABLES : EPCI_VARIABLES), ...definition.variables };
}

export function defaultTemplate(kind: TemplateKind): MessageTemplate {
  const { subject, body } = kindDefinition(kind);
  return { subject, body };
}

/** A variable as written: {{nom}}, spaces allowed inside the braces. */
const VARIABLE = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * The template's faults, each a field, a code and a French sentence: a variable not in the kind's list, braces
 * that do not make a variable (« {{ nom », « {nom} » stays plain text), a line break in the subject.
 */
export function templateIssues(kind: TemplateKind, template: MessageTemplate): Array<{ field: string; code: string; message: string }> {
  const allowed = variablesOf(kind);
  const list = Object.keys(allowed)
    .map((name) => `{{${name}}}`)
    .join(', ');
  const issues: Array<{ field: string; code: string; message: string }> = [];
  for (const field of ['subject', 'body'] as const) {
    const text = template[field];
    for (const match of text.matchAll(VARIABLE)) {
      const name = match[1]!;
      if (!Object.hasOwn(allowed, name)) {
        issues.push({ field, code: 'unknown_variable', message: `La variable {{${name}}} n’existe pas pour ce message. Variables possibles : ${list}.` });
      }
    }
    const rest = text.replace(VARIABLE, '');
    if (rest.includes('{{') || rest.includes('}}')) {
      issues.push({
        field,
        code: 'malformed_variable',
        message: 'Une variable s’écrit entre doubles accolades avec un nom de la liste, par exemple {{commune}} : vérifiez les accolades.',
      });
    }
  }
  if (/[\r\n]/.test(template.subject)) {
    issues.push({ field: 'subject', code: 'line_break', message: 'L’objet d’un message tient sur une seule ligne.' });
  }
  return issues;
}

/** Throws the template's faults as a RuleViolation (422). */
export function checkTemplate(kind: TemplateKind, template: MessageTemplate): void {
  const issues = templateIssues(kind, template);
  if (issues.length) throw new RuleViolation(issues);
}

/** The values of a kind's variables for one message. */
export function templateValues(kind: TemplateKind, c: TemplateContext): Record<string, string> {
  return {
    commune: c.communeName,
    de_commune: ofPlace(c.communeName),
    service: c.serviceName,
    epci: c.epciName,
    lien: c.link,
    ...kindDefinition(kind).values(c.payload, c),
  };
}

/** An empty value leaves two spaces where it stood: one is enough. */
const squeeze = (text: string) => text.replace(/ {2,}/g, ' ');

/** Replaces each {{variable}} by `value(name)`; the rest of the text is kept as it is. */
function fill(text: string, value: (name: string) => string): string {
  return text.replace(VARIABLE, (_, name: string) => value(name));
}

/**
 * The message as sent: the subject, the text e-mail and in-app body (paragraphs split by a blank line), and
 * the HTML e-mail, where both the template's text and the values are escaped. The link to the file ends both.
 */
export function renderTemplate(kind: TemplateKind, template: MessageTemplate, c: TemplateContext): RenderedMessage {
  const values = templateValues(kind, c);
  const value = (name: string) => values[name] ?? '';
  const title = fill(template.subject, value).replace(/\s+/g, ' ').trim();
  const amount = typeof c.payload.amountCents === 'number' ? `\n\nMontant annuel estimé : ${formatEuros(c.payload.amountCents)}.` : '';
  const paragraphs = `${template.body.trim()}${amount}`.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const linkLabel = kindDefinition(kind).about === 'adhesion' ? 'Voir le dossier' : 'Voir la page';
  const filled = paragraphs.filter((p) => fill(p, value).trim() !== '');
  const text = `${filled.map((p) => squeeze(fill(p, value))).join('\n\n')}\n\n${linkLabel} : ${c.link}\n\n— À la carte, services communs de l’EPCI`;
  const htmlParagraph = (p: string) =>
    p
      .split(VARIABLE)
      // split with a capturing group: even indexes are the template's text, odd ones the variables' names.
      .map((part, i) => escapeHtml(i % 2 === 0 ? part : value(part)))
      .join('')
      .replace(/ {2,}/g, ' ')
      .replace(/\n/g, '<br>');
  const html = `<!doctype html><html lang="fr"><body><h1 style="font-size:18px">${escapeHtml(title)}</h1>${filled
    .map((p) => `<p>${htmlParagraph(p)}</p>`)
    .join('')}<p><a href="${escapeHtml(c.link)}">${linkLabel}</a></p><p style="color:#666">À la carte, services communs de l’EPCI</p></body></html>`;
  return { title, text, html };
}
