// The letter by which the party that gave notice of termination (GIVE_NOTICE) notifies the other, dated on the
// day it gave it: who, when, the effective date and the last day in force, the general-interest reason, the legal
// basis (the convention's termination clause, the instrument's article, CE 27 February 2015, Commune de Béziers),
// what stays due, and the exit arrangements (pending files, archives, data) that apply at the effective date.
import { addDays } from '#domain';
import { exitArrangementsFr } from './convention-clauses.fr.js';
import { type NoticeLetterData } from './document-data.js';
import { epciNatureFr, formatDateFr, ofPlace, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';
import { capitalize } from './year-figures.fr.js';

const NBSP = '\u00a0';
const CGCT = 'code général des collectivités territoriales';

export async function renderNoticeLetter(data: NoticeLetterData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const basis = legalBasisWording(service.legalBasis);
  const fromEpci = data.party === 'epci';
  const communeName = `la commune ${ofPlace(commune.name)}`;
  const sender = fromEpci ? epci.name : capitalize(communeName);
  const pdf = await PdfWriter.open({
    title: `Notification du préavis de résiliation — ${service.name} — ${commune.name}`,
    subject: fromEpci ? `Lettre ${ofPlace(epci.name)} au maire ${ofPlace(commune.name)}` : `Lettre du maire ${ofPlace(commune.name)} au président ${ofPlace(epci.name)}`,
    author: fromEpci ? epci.name : `Commune ${ofPlace(commune.name)}`,
    generatedAt: data.generatedAt,
    header: null,
    footer: `Préavis de résiliation — ${service.code} — ${commune.name} / ${epci.name}`,
  });

  const epciBlock = [epci.name, capitalize(epciNatureFr(epci.nature)), `SIREN${NBSP}${epci.siren}`];
  const communeBlock = [`Mairie ${ofPlace(commune.name)}`, `Code INSEE${NBSP}${commune.insee}`];
  if (fromEpci) pdf.signatures([...epciBlock, 'Le président'], ['Madame, Monsieur le Maire', ...communeBlock]);
  else pdf.signatures([...communeBlock, 'Le maire'], [`Madame, Monsieur le Président ${ofPlace(epci.name)}`, ...epciBlock]);
  pdf.paragraph(`Le ${formatDateFr(data.givenOn)}`, { align: 'right' });
  pdf.subjectLine(`Objet : notification du préavis de résiliation de la convention — service ${quoted(service.name)}`);
  pdf.paragraph(`Réf. : convention (${basis.instrument}, article ${basis.article} du ${CGCT}) en vigueur depuis le ${formatDateFr(data.conventionStartDate)}`);
  pdf.paragraph(fromEpci ? 'Madame, Monsieur le Maire,' : 'Madame, Monsieur le Président,');

  pdf.paragraph(
    `J’ai l’honneur de vous notifier la décision ${fromEpci ? `${ofPlace(epci.name)}` : `de ${communeName}`} de mettre fin, pour un motif d’intérêt général, à la convention ` +
      `par laquelle ${epci.name} fait bénéficier ${communeName} de son service ${quoted(service.name)}, en vigueur depuis le ${formatDateFr(data.conventionStartDate)}.`,
  );
  pdf.rows([
    ['Partie à l’initiative du préavis', sender],
    ['Préavis donné le', formatDateFr(data.givenOn)],
    ['Préavis prévu par la convention', `${data.noticePeriodMonths} mois`],
    ['Date d’effet de la résiliation', formatDateFr(data.effectiveDate)],
    ['Dernier jour d’exécution de la convention', formatDateFr(addDays(data.effectiveDate, -1))],
    ['Motif d’intérêt général', data.reason],
  ]);

  pdf.paragraph(
    `Cette résiliation est prononcée en application de la clause de résiliation de la convention, conclue sur le fondement de l’article ${basis.article} du ${CGCT} : ` +
      `chacune des parties peut y mettre fin avant son terme pour un motif d’intérêt général, dûment motivé et notifié à l’autre partie, moyennant un préavis de ${data.noticePeriodMonths} mois, ici respecté. ` +
      'Une convention entre personnes publiques ne peut être résiliée unilatéralement que pour un tel motif, le seul mécontentement d’une partie n’en constituant pas un (Conseil d’État, 27 février 2015, Commune de Béziers, n° 357028).',
  );
  const statement = `${/^[aeéiou]/i.test(basis.statement.name) ? 'l’' : 'le '}${basis.statement.name}`;
  pdf.paragraph(`Les unités consommées jusqu’à la date d’effet restent dues : ${statement} de l’année établira le montant définitif et la régularisation au regard des versements.`);

  const exit = exitArrangementsFr();
  pdf.paragraph(`À la date d’effet, les dispositions de sortie de la convention s’appliquent :`);
  pdf.bullets(exit.items);

  pdf.paragraph(
    fromEpci
      ? 'Je vous prie d’agréer, Madame, Monsieur le Maire, l’expression de ma considération distinguée.'
      : 'Je vous prie d’agréer, Madame, Monsieur le Président, l’expression de ma considération distinguée.',
  );
  pdf.signatures([], [fromEpci ? `Le président ${ofPlace(epci.name)}` : `Le maire ${ofPlace(commune.name)}`, '', '', 'Signature :']);
  return pdf.finish();
}
