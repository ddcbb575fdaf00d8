// The French wording of every notification, as text and HTML. Values are escaped in the HTML.
import { EXIT_CLAUSES_HEADING_FR, exitClauseLinesFr, formatDateFr, ofPlace, periodFr } from '#documents';
import { formatEuros } from '#domain';

export interface MessageContext {
  kind: string;
  communeName: string;
  serviceName: string;
  payload: Record<string, unknown>;
  link: string;
}

export interface RenderedMessage {
  title: string;
  text: string;
  html: string;
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** '2027-01-01' → '1er janvier 2027', as the documents write it. */
const frenchDate = (iso: unknown): string => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDateFr(iso) : String(iso ?? ''));

/** 1 → '1 jour', 90 → '90 jours': French puts the plural from 2 on. */
const count = (n: unknown, singular: string, plural: string): string => `${String(n)} ${Number(n) >= 2 ? plural : singular}`;
const inDays = (n: unknown): string => (Number(n) === 0 ? 'aujourd’hui' : `dans ${count(n, 'jour', 'jours')}`);

/** The exit arrangements (pending files, archives, data), from the one place that words them. */
const exitLines = (): string[] => [`${EXIT_CLAUSES_HEADING_FR} :`, ...exitClauseLinesFr()];
const reasonLine = (reason: unknown): string[] => (typeof reason === 'string' && reason.trim() ? [`Motif : ${reason.trim()}`] : []);

function sentences(c: MessageContext): { title: string; lines: string[] } {
  const p = c.payload;
  const service = `« ${c.serviceName} »`;
  switch (c.kind) {
    case 'renewal_reminder':
      return {
        title: `Reconduction à confirmer : ${c.serviceName} (${c.communeName})`,
        lines: [
          `La convention ${service} conclue avec ${c.communeName} arrive à sa date anniversaire le ${frenchDate(p.anniversary)}, ${inDays(p.offset)}.`,
          'Sa reconduction doit être confirmée expressément par la commune : sans confirmation et validation avant cette date, la convention ne sera pas reconduite et prendra fin à cette date.',
        ],
      };
    case 'renewal_escalation':
      return {
        title: `Reconduction non confirmée : ${c.communeName}, ${c.serviceName}`,
        lines: [
          `${c.communeName} n’a pas encore confirmé la reconduction de la convention ${service}, dont la date anniversaire est le ${frenchDate(p.anniversary)} (${inDays(p.offset)}).`,
          'Sans confirmation puis validation avant cette date, la convention ne sera pas reconduite et prendra fin à cette date.',
        ],
      };
    case 'validation_pending':
      return {
        title: `Reconduction à valider : ${c.communeName}, ${c.serviceName}`,
        lines: [
          `${c.communeName} a confirmé la reconduction de la convention ${service}. Elle attend votre validation avant le ${frenchDate(p.anniversary)} (${inDays(p.offset)}).`,
        ],
      };
    case 'convention_lapsed':
      return {
        title: `Convention non reconduite : ${c.serviceName} (${c.communeName})`,
        lines: [
          p.cause === 'renewal_refused'
            ? `L’EPCI ayant refusé sa reconduction, la convention ${service} conclue avec ${c.communeName} n’a pas été reconduite : elle a pris fin le ${frenchDate(p.on)}, à sa date anniversaire.`
            : `La convention ${service} conclue avec ${c.communeName} n’a pas été reconduite avant sa date anniversaire : elle a pris fin le ${frenchDate(p.on)}.`,
          ...reasonLine(p.reason),
          ...exitLines(),
        ],
      };
    case 'convention_ended':
      return {
        title: `Convention arrivée à son terme : ${c.serviceName} (${c.communeName})`,
        lines: [
          `La convention ${service} conclue avec ${c.communeName} est arrivée à son terme de trois ans le ${frenchDate(p.on)}. Une nouvelle convention peut la prolonger : « Renouveler la convention » dans le dossier.`,
          ...exitLines(),
        ],
      };
    case 'convention_terminated':
      return {
        title: `${p.cause === 'agreement' ? 'Résiliation d’un commun accord effective' : 'Résiliation effective'} : ${c.serviceName} (${c.communeName})`,
        lines: [
          p.cause === 'agreement'
            ? `La convention ${service} conclue avec ${c.communeName} a été résiliée d’un commun accord : elle a pris fin le ${frenchDate(p.on)}.`
            : `Le préavis de résiliation de la convention ${service} conclue avec ${c.communeName} a pris effet le ${frenchDate(p.on)}.`,
          ...reasonLine(p.reason),
          ...exitLines(),
        ],
      };
    case 'renewal_refused':
      return {
        title: `Reconduction refusée par l’EPCI : ${c.serviceName} (${c.communeName})`,
        lines: [
          `L’EPCI ne reconduit pas la convention ${service} conclue avec ${c.communeName}. Elle reste en vigueur jusqu’à sa date anniversaire, le ${frenchDate(p.anniversary)}, puis prendra fin.`,
          ...reasonLine(p.reason),
          ...exitLines(),
        ],
      };
    case 'termination_proposed':
      return {
        title: `Résiliation d’un commun accord proposée : ${c.serviceName} (${c.communeName})`,
        lines: [
          `${p.proposedBy === 'epci' ? 'L’EPCI' : c.communeName} propose de mettre fin d’un commun accord à la convention ${service} le ${frenchDate(p.effectiveDate)}. Acceptez ou refusez la proposition dans le dossier.`,
          ...reasonLine(p.reason),
        ],
      };
    case 'term_reminder':
      return {
        title: `Renouveler la convention : ${c.serviceName} (${c.communeName})`,
        lines: [
          `La convention ${service} conclue avec ${c.communeName} arrive à son terme de trois ans le ${frenchDate(p.termEnd)}, ${inDays(p.offset)}. Elle ne se reconduit pas au-delà.`,
          'Pour que le service continue sans interruption, renouvelez la convention dans le dossier : « Renouveler la convention » prépare une nouvelle convention reprenant les conditions actuelles, qui commencera le jour du terme, après les délibérations et les signatures.',
        ],
      };
    case 'epci_waiting':
      return {
        title: `En attente de l’EPCI depuis ${count(p.workingDays, 'jour ouvré', 'jours ouvrés')} : ${c.communeName}, ${c.serviceName}`,
        lines: [
          `La demande ${service} ${ofPlace(c.communeName)} (étape : ${String(p.state ?? '')}) attend une action de l’EPCI depuis le ${frenchDate(p.since)}, soit ${count(p.workingDays, 'jour ouvré', 'jours ouvrés')}.`,
        ],
      };
    case 'unit_cost_deadline':
      return {
        title: `${c.communeName} : coûts unitaires ${p.year} à notifier avant le ${frenchDate(p.deadline)}`,
        lines: [
          `Les coûts unitaires de fonctionnement de l’année ${p.year} doivent être notifiés aux communes avant le vote du budget, soit le ${frenchDate(p.deadline)} au plus tard (CGCT, art. D5211-16).`,
          `Services dont le coût ${p.year} n’est pas encore notifié : ${Array.isArray(p.services) ? p.services.join(', ') : ''}.`,
        ],
      };
    case 'unit_cost_notified':
      return {
        title: `Coût ${p.costModel === 'keys' ? 'du service' : 'unitaire'} ${p.year} notifié : ${c.serviceName}`,
        lines: [
          p.costModel === 'keys'
            ? `Le coût total ${p.year} du service ${service}, réparti entre les communes adhérentes, est fixé à ${formatEuros(Number(p.costCents))}. Il est notifié à la commune le ${frenchDate(p.on)}.`
            : `Le coût unitaire de fonctionnement ${p.year} du service ${service} est fixé à ${formatEuros(Number(p.costCents))} (CGCT, art. D5211-16). Il est notifié à la commune le ${frenchDate(p.on)}.`,
          'La lettre de notification est disponible dans le dossier.',
        ],
      };
    case 'units_missing':
      return {
        title: `Unités à saisir pour ${periodFr(String(p.periodicity), Number(p.period))} ${p.year} : ${c.communeName}, ${c.serviceName}`,
        lines: [
          `${capitalize(periodFr(String(p.periodicity), Number(p.period)))} ${p.year} (du ${frenchDate(p.from)} au ${frenchDate(p.to)}) est clos, et les unités consommées par ${c.communeName} pour le service ${service} ne sont pas encore enregistrées.`,
          'Elles fondent l’état annuel et la régularisation de l’année : saisissez-les dans le dossier.',
        ],
      };
    case 'unit_cost_first_year':
      return {
        title: `Coût unitaire ${p.year} à notifier à ${c.communeName} avant le ${frenchDate(p.deadline)}`,
        lines: [
          `La convention ${service} a été signée le ${frenchDate(p.signedOn)} : la première année, le coût unitaire de fonctionnement est notifié à la commune dans les trois mois de la signature, soit avant le ${frenchDate(p.deadline)} (${inDays(p.offset)}).`,
        ],
      };
    default:
      return { title: `À la carte : ${c.serviceName} (${c.communeName})`, lines: [String(p.summary ?? '')] };
  }
}

export function renderMessage(c: MessageContext): RenderedMessage {
  const { title, lines } = sentences(c);
  const amount = typeof c.payload.amountCents === 'number' ? [`Montant annuel estimé : ${formatEuros(c.payload.amountCents)}.`] : [];
  const all = [...lines, ...amount];
  return {
    title,
    text: `${all.join('\n\n')}\n\nVoir le dossier : ${c.link}\n\n— À la carte, services communs de l’EPCI`,
    html: `<!doctype html><html lang="fr"><body><h1 style="font-size:18px">${escape(title)}</h1>${all
      .map((line) => `<p>${escape(line)}</p>`)
      .join('')}<p><a href="${escape(c.link)}">Voir le dossier</a></p><p style="color:#666">À la carte, services communs de l’EPCI</p></body></html>`,
  };
}
