// The model deliberation of one council approving the convention of the accepted proposal: what the secretary
// hands to her mayor (the DGS to the president), as an editable Word file (docx) rather than a PDF, since each
// council writes its deliberations in its own register. The parties, the service, the legal basis (legal-basis.fr.ts)
// and the financial terms are filled in; the session, the number, the attendance and the votes are left blank.
//
// The structure is that of a délibération: the header of the register, the session, « Objet », the visas (« Vu »),
// the considérants, « Après en avoir délibéré », the articles, the votes, « Fait et délibéré », the signature, the
// transmission to the prefecture and the means of appeal.
//
// Same data, same bytes: docx stamps the core properties and the zip entries with the time of writing; the core
// properties are written here with the instant of generation (the application's clock), and the zip entries dated
// with it (withZipDates), as the XLSX exports do. Nothing else in the package varies (no images, no embedded fonts,
// no comments: the only parts of docx that draw random ids).
import type { IRunOptions } from 'docx';
import { formatEuros } from '#domain';
import { type DeliberationData } from './document-data.js';
import { administrativeCourtOf, COST_REVISION_FR, epciCouncilFr, epciNatureFr, formatDateFr, keyBasisPhrase, ofPlace, quantityFr, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { withZipDates } from './exports/zip-dates.js';
import { paymentsShortFr } from './year-figures.fr.js';

/** A blank to fill in by hand or in Word. */
const BLANK = '…………';

/** What the model says of each council: its name, its chair, the party it speaks for. */
interface Council {
  /** « conseil municipal », « conseil communautaire », « conseil métropolitain ». */
  name: string;
  /** « le conseil municipal de la commune d’Avrillé », « le conseil communautaire d’Angers Loire Métropole ». */
  full: string;
  /** « Commune d’Avrillé », « Angers Loire Métropole ». */
  register: string;
  chair: 'maire' | 'président';
}

export function deliberationTitle(data: DeliberationData): string {
  const council = councilOf(data);
  return `Modèle de délibération du ${council.name} — ${data.service.name} — ${data.commune.name}`;
}

/** The plain text of the model, paragraph by paragraph: what the .docx holds, and what the tests read. */
export function deliberationParagraphs(data: DeliberationData): Array<{ text: string; style?: 'title' | 'heading' | 'note' | 'bold' | 'centred' }> {
  const { commune, epci, service } = data;
  const basis = legalBasisWording(service.legalBasis);
  const council = councilOf(data);
  const isCommune = data.kind === 'commune-deliberation';
  const theCommune = `la commune ${ofPlace(commune.name)}`;
  const ofEpci = ofPlace(epci.name);
  const instrument = `${basis.instrument} ${quoted(service.name)}`;
  const court = administrativeCourtOf(commune.insee);

  const cst = basis.cstRequired(data.staffImpact)
    ? data.cstOpinion
      ? `Vu l’avis ${data.cstOpinion.opinion === 'favourable' ? 'favorable' : 'défavorable'} du comité social territorial du ${formatDateFr(data.cstOpinion.date)} sur ${basis.cstSubject} ;`
      : `Vu l’avis du comité social territorial du ${BLANK} sur ${basis.cstSubject} ;`
    : null;

  const finance = [
    `un coût unitaire de fonctionnement de ${formatEuros(data.unitCostCents)} par ${service.unitLabel}`,
    `une prévision d’utilisation de ${quantityFr(String(data.forecastUnits), service.unitLabel, service.unitLabelPlural)} par an, soit un montant annuel prévisionnel de ${formatEuros(data.annualAmountCents)}`,
    `des versements ${paymentsShortFr(data.paymentTerms).toLocaleLowerCase('fr-FR')}`,
    ...(service.costModel === 'unit' ? [`le coût unitaire applicable : ${lowerFirst(COST_REVISION_FR[data.paymentTerms.costRevision])}`] : []),
  ];

  const paragraphs: Array<{ text: string; style?: 'title' | 'heading' | 'note' | 'bold' | 'centred' }> = [
    { text: council.register, style: 'centred' },
    { text: `Extrait du registre des délibérations du ${council.name}`, style: 'title' },
    { text: `Séance du ${BLANK} — Délibération n° ${BLANK}`, style: 'centred' },
    {
      text: `Modèle pré-rempli à partir de la proposition acceptée : à compléter (séance, numéro, présences, votes) et à adapter avant son inscription à l’ordre du jour. Le projet de convention est annexé à la délibération.`,
      style: 'note',
    },
    {
      text: `L’an ${BLANK}, le ${BLANK}, à ${BLANK} heures, ${council.full}, légalement convoqué le ${BLANK}, s’est réuni au lieu habituel de ses séances, sous la présidence de ${BLANK}, ${council.chair}.`,
    },
    { text: `Conseillers en exercice : ${BLANK} — présents : ${BLANK} — représentés : ${BLANK} — votants : ${BLANK}` },
    { text: `Secrétaire de séance : ${BLANK}` },
    { text: `Objet : convention de ${instrument} entre ${theCommune} et ${epci.name} — approbation et autorisation de signature`, style: 'bold' },
    { text: `Rapporteur : ${BLANK}` },
    { text: `Le ${council.name},`, style: 'bold' },
    { text: `Vu ${basis.visa}` },
    { text: `Vu les statuts ${ofEpci}, ${epciNatureFr(epci.nature)} ;` },
    ...(cst ? [{ text: cst }] : []),
    { text: `Vu la proposition financière ${ofEpci}, acceptée par ${theCommune} ;` },
    { text: 'Vu le projet de convention annexé à la présente délibération ;' },
    {
      text: isCommune
        ? `Considérant l’intérêt, pour ${theCommune}, de bénéficier du service ${quoted(service.name)} ${ofEpci}, ${basis.objectReference} ;`
        : `Considérant que ${theCommune} a demandé à bénéficier du service ${quoted(service.name)} ${ofEpci}, ${basis.objectReference} ;`,
    },
    {
      text:
        service.options.length > 0
          ? `Considérant que ${theCommune} a retenu les missions suivantes : ${service.options.join(' ; ')} ;`
          : `Considérant que ${theCommune} a retenu l’ensemble des missions du service ;`,
    },
    { text: `Considérant que le projet de convention fixe les conditions financières suivantes : ${finance.join(' ; ')} ;` },
    ...(service.costModel === 'keys'
      ? [{ text: `Considérant que le coût total annuel du service est réparti entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)}, le montant ci-dessus étant indicatif ;` }]
      : []),
    {
      text:
        `Considérant que la convention est conclue pour une durée de trois ans à compter du ${formatDateFr(data.startDate)}, qu’elle est renouvelée expressément chaque année et n’est jamais reconduite tacitement, ` +
        `et que chaque partie peut y mettre fin pour un motif d’intérêt général moyennant un préavis de ${data.noticePeriodMonths} mois ;`,
    },
    { text: 'Après en avoir délibéré,', style: 'bold' },
    { text: 'DÉCIDE :', style: 'bold' },
    { text: 'Article 1er', style: 'heading' },
    {
      text: `D’approuver la convention de ${instrument} entre ${theCommune} et ${epci.name}, annexée à la présente délibération, et les conditions financières qu’elle fixe, à compter du ${formatDateFr(data.startDate)}.`,
    },
    { text: 'Article 2', style: 'heading' },
    { text: `D’autoriser ${isCommune ? 'le maire' : 'le président'}, ou son représentant, à signer cette convention ainsi que tout document s’y rapportant.` },
    { text: 'Article 3', style: 'heading' },
    {
      text: isCommune
        ? service.settlement === 'compensation'
          ? 'De prendre acte que la contribution de la commune est imputée sur son attribution de compensation.'
          : 'De dire que les crédits nécessaires seront inscrits au budget de la commune.'
        : service.settlement === 'compensation'
          ? `De dire que la contribution de la commune sera imputée sur l’attribution de compensation que lui verse ${epci.name}.`
          : `De dire que les recettes correspondantes seront inscrites au budget ${ofEpci}.`,
    },
    { text: 'Article 4', style: 'heading' },
    { text: `De charger ${isCommune ? 'le maire' : 'le président'} de l’exécution de la présente délibération.` },
    { text: `Adoptée par ${BLANK} voix pour, ${BLANK} voix contre et ${BLANK} abstentions.`, style: 'bold' },
    { text: 'Fait et délibéré en séance, les jour, mois et an susdits.' },
    { text: `${isCommune ? 'Le maire' : 'Le président'}, ${BLANK}` },
    { text: `Le secrétaire de séance, ${BLANK}` },
    { text: `Transmise au représentant de l’État le ${BLANK} ; publiée le ${BLANK}` },
    {
      text:
        `La présente délibération peut faire l’objet d’un recours devant le tribunal administratif ${court ? `de ${court}` : 'territorialement compétent'} ` +
        'dans un délai de deux mois à compter de sa publication ou de sa notification.',
      style: 'note',
    },
  ];
  return paragraphs;
}

export async function renderDeliberation(data: DeliberationData): Promise<Buffer> {
  // docx is loaded with the first model deliberation, not with the application.
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const at = new Date(data.generatedAt);
  const title = deliberationTitle(data);
  const run = (text: string, options: Omit<IRunOptions, 'text'> = {}) => new TextRun({ text, ...options });
  const children = deliberationParagraphs(data).map(({ text, style }) => {
    switch (style) {
      case 'title':
        return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240 }, children: [run(text.toLocaleUpperCase('fr-FR'), { bold: true, size: 28 })] });
      case 'centred':
        return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(text, { bold: true })] });
      case 'heading':
        return new Paragraph({ spacing: { before: 200, after: 80 }, children: [run(text, { bold: true, underline: {} })] });
      case 'note':
        return new Paragraph({ spacing: { after: 200 }, children: [run(text, { italics: true, size: 20 })] });
      case 'bold':
        return new Paragraph({ spacing: { before: 120, after: 120 }, children: [run(text, { bold: true })] });
      default:
        return new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, children: [run(text)] });
    }
  });
  const creator = data.kind === 'commune-deliberation' ? `Commune ${ofPlace(data.commune.name)}` : data.epci.name;
  const document = new Document({
    title,
    creator,
    styles: { default: { document: { run: { font: 'Arial', size: 22, language: { value: 'fr-FR' } } } } },
    sections: [{ children }],
  });
  const bytes = await Packer.toBuffer(document, undefined, [{ path: 'docProps/core.xml', data: coreProperties(title, creator, at) }]);
  return withZipDates(Buffer.from(bytes), at);
}

/** docProps/core.xml with the instant of generation as its dates (docx would write the time of writing). */
function coreProperties(title: string, creator: string, at: Date): string {
  const instant = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xml(title)}</dc:title><dc:creator>${xml(creator)}</dc:creator><dc:language>fr-FR</dc:language>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${instant}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${instant}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const lowerFirst = (text: string): string => text.charAt(0).toLocaleLowerCase('fr-FR') + text.slice(1);

function councilOf(data: DeliberationData): Council {
  if (data.kind === 'commune-deliberation') {
    return { name: 'conseil municipal', full: `le conseil municipal de la commune ${ofPlace(data.commune.name)}`, register: `Commune ${ofPlace(data.commune.name)}`, chair: 'maire' };
  }
  const name = epciCouncilFr(data.epci.nature);
  return { name, full: `le ${name} ${ofPlace(data.epci.name)}`, register: data.epci.name, chair: 'président' };
}
