// The exit arrangements of a convention, in ONE place: what becomes of the pending files, the archives and
// the data when a convention ends, however it ends (not renewed, at its term, by notice, by mutual agreement,
// renewal refused). The final notice of the ledger lists them; the convention's PDF writes the same clauses.

export type ExitTopic = 'pending_files' | 'archives' | 'data';

export interface ExitClause {
  topic: ExitTopic;
  /** A short French heading, e.g. for a list or a PDF subsection. */
  title: string;
  /** The clause, one or two French sentences. */
  text: string;
}

export const EXIT_CLAUSES_FR: readonly ExitClause[] = [
  {
    topic: 'pending_files',
    title: 'Dossiers en cours',
    text:
      'Les dossiers déposés avant la fin de la convention et en cours de traitement à cette date sont menés à leur terme par le service, ' +
      'aux conditions de la convention, sauf si la commune demande à les reprendre : ils lui sont alors remis en l’état, avec leurs pièces, ' +
      'dans le mois qui suit la fin de la convention.',
  },
  {
    topic: 'archives',
    title: 'Archives',
    text:
      'Les dossiers et documents produits ou reçus pour le compte de la commune sont ses archives publiques (code du patrimoine, art. L211-4) : ' +
      'ils lui sont restitués avec leur inventaire dans les trois mois qui suivent la fin de la convention.',
  },
  {
    topic: 'data',
    title: 'Données',
    text:
      'Les données à caractère personnel traitées pour le compte de la commune lui sont restituées dans un format ouvert et couramment utilisé, ' +
      'puis effacées des outils de l’EPCI, qui l’atteste par écrit (RGPD, art. 28) ; les accès du service aux outils de la commune sont fermés ' +
      'à la date de fin.',
  },
];

/** The heading that introduces the exit arrangements. */
export const EXIT_CLAUSES_HEADING_FR = 'Dispositions de sortie de la convention';

/** The exit arrangements as lines of a message: « Dossiers en cours : … ». */
export function exitClauseLinesFr(): string[] {
  return EXIT_CLAUSES_FR.map((clause) => `${clause.title} : ${clause.text}`);
}
