// The convention between the commune and the EPCI for one shared service: a draft marked « PROJET » until both
// parties have signed, then the convention itself. Its visas, object, staff and financial clauses follow the
// service's legal basis (legal-basis.fr.ts): L5211-4-1 and D5211-16 for a mise à disposition, L5211-4-2 for a
// service commun, L5111-1-1 for a service unifié.
import { annualAmountCents, formatEuros } from '#domain';
import { type ConventionData, type DeliberationRef, type SignatureRef } from './document-data.js';
import { paymentsShortFr } from './year-figures.fr.js';
import { administrativeCourtOf, COST_REVISION_FR, epciNatureFr, formatDateFr, formatUnits, ofPlace, quantityFr, keyBasisPhrase, epciCouncilFr, quoted } from './french.js';
import { cstVisa, legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';
import { exitArrangementsFr, liabilityClauseFr, monitoringClauseFr, personalDataClauseFr } from './convention-clauses.fr.js';

const deliberationText = (council: string, ref: DeliberationRef | null): string =>
  ref ? `la délibération du ${council} n° ${ref.number} du ${formatDateFr(ref.date)}` : `la délibération du ${council} n° … du … (à intervenir)`;

export async function renderConvention(data: ConventionData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const communeName = `la commune ${ofPlace(commune.name)}`;
  const amount = annualAmountCents(data.unitCostCents, data.forecastUnits);
  const court = administrativeCourtOf(commune.insee);
  const basis = legalBasisWording(service.legalBasis);
  const title = data.signed ? 'Convention' : 'PROJET de convention';
  const pdf = await PdfWriter.open({
    title: `${title} — ${service.name} — ${commune.name}`,
    subject: `Convention de mutualisation entre ${commune.name} et ${epci.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: data.signed ? null : 'PROJET — document de travail non signé, sans valeur contractuelle',
    footer: `${data.signed ? 'Convention' : 'PROJET de convention'} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(
    data.signed ? 'CONVENTION DE MUTUALISATION' : 'PROJET DE CONVENTION DE MUTUALISATION',
    basis.conventionSubtitle(service.name),
  );
  if (!data.signed) {
    pdf.banner('PROJET — Ce document n’engage pas les parties tant que les deux assemblées n’ont pas délibéré et que le maire et le président ne l’ont pas signé.');
  }

  pdf.heading('Entre les soussignés');
  pdf.bullets([
    `${capitalize(communeName)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee}), représentée par son maire, dûment autorisé par ${deliberationText('conseil municipal', data.deliberations.commune)}, ci-après ${quoted('la commune')} ;`,
    `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren}), représentée par son président, dûment autorisé par ${deliberationText(epciCouncilFr(epci.nature), data.deliberations.epci)}, ci-après ${quoted('l’EPCI')}.`,
  ]);

  pdf.heading('Vu');
  const visas = [
    basis.visa,
    `${deliberationText(`conseil municipal ${ofPlace(commune.name)}`, data.deliberations.commune)} ;`,
    `${deliberationText(`${epciCouncilFr(epci.nature)} ${ofPlace(epci.name)}`, data.deliberations.epci)} ;`,
  ];
  const cst = cstVisa(service.legalBasis, data.staffImpact, data.cstOpinion, data.signed, formatDateFr);
  if (cst) visas.push(cst);
  pdf.bullets(visas);
  pdf.paragraph('Il est convenu ce qui suit.', { bold: true });

  // The articles are numbered in order: the personal-data article exists only for a service that processes them.
  let number = 0;
  const article = (title: string): void => void pdf.heading(`Article ${++number} — ${title}`);

  article('Objet');
  pdf.paragraph(
    `La présente convention fixe les conditions dans lesquelles ${epci.name} fait bénéficier ${communeName} de son service ${quoted(service.name)}, ${basis.objectReference}. ${service.description}`,
  );

  article('Champ d’intervention');
  if (service.options.length > 0) {
    pdf.paragraph('Le service intervient pour la commune sur les missions suivantes, qu’elle a choisies :');
    pdf.bullets(service.options);
  } else {
    pdf.paragraph('Le service intervient pour la commune sur l’ensemble de ses missions.');
  }

  article('Situation des agents');
  for (const paragraph of basis.staffClause(data.staffImpact)) pdf.paragraph(paragraph);

  article('Durée et renouvellement');
  pdf.paragraph(
    `La présente convention est conclue pour une durée de trois ans à compter du ${formatDateFr(data.startDate)}${data.signed ? '' : ' (date prévue)'}. ` +
      'Elle est renouvelée expressément chaque année : la commune confirme avant chaque date anniversaire les unités qu’elle prévoit pour l’année suivante, et l’EPCI valide ce renouvellement. ' +
      'Elle n’est jamais reconduite tacitement : à défaut de renouvellement exprès avant la date anniversaire, elle prend fin à cette date.',
  );

  article('Conditions financières');
  const finance = basis.financialClause(service, data.paymentTerms);
  pdf.paragraph(finance.basis);
  pdf.rows([
    ['Coût unitaire de fonctionnement', `${formatEuros(data.unitCostCents)} par ${service.unitLabel}`],
    ...(service.costModel === 'unit' ? ([['Coût unitaire applicable', COST_REVISION_FR[data.paymentTerms.costRevision]]] as Array<[string, string]>) : []),
    ['Prévision d’utilisation annuelle', quantityFr(data.forecastUnits, service.unitLabel, service.unitLabelPlural)],
    ['Montant annuel prévisionnel', `${formatEuros(amount)} (coût unitaire × unités prévues)`],
    ['Versements', paymentsShortFr(data.paymentTerms)],
  ]);
  pdf.paragraph(finance.followUp);
  if (service.costModel === 'keys') {
    pdf.paragraph(
      `Le coût total annuel du service étant partagé entre les communes adhérentes, il est réparti ${keyBasisPhrase(service.keyBasis)} ; le montant ci-dessus est indicatif.`,
      { italic: true },
    );
  }

  if (data.actTypes && data.actTypes.length > 0) {
    pdf.paragraph(
      `Les actes instruits sont pondérés en ${service.unitLabelPlural} selon le barème suivant, fixé par ${epci.name} ; une modification du barème fait l’objet d’un avenant :`,
    );
    pdf.table(
      [
        { header: 'Type d’acte', share: 0.7 },
        { header: 'Pondération', share: 0.3, align: 'right' },
      ],
      data.actTypes.map((t) => [t.label.includes(`(${t.code})`) ? t.label : `${t.label} (${t.code})`, formatUnits(t.weight)]),
    );
  }

  if (service.processesPersonalData) {
    article('Protection des données à caractère personnel');
    const clause = personalDataClauseFr(service);
    for (const paragraph of clause.paragraphs) pdf.paragraph(paragraph);
    pdf.bullets(clause.obligations);
    pdf.paragraph(clause.closing);
  }

  article('Suivi et rapport annuel');
  for (const paragraph of monitoringClauseFr(service, epciCouncilFr(epci.nature))) pdf.paragraph(paragraph);

  article('Responsabilité et assurances');
  for (const paragraph of liabilityClauseFr()) pdf.paragraph(paragraph);

  article('Modification');
  pdf.paragraph('Toute modification des conditions de la présente convention fait l’objet d’un avenant approuvé par les deux parties.');

  article('Résiliation');
  pdf.paragraph(
    `Chacune des parties peut mettre fin à la présente convention avant son terme pour un motif d’intérêt général, dûment motivé et notifié à l’autre partie, moyennant un préavis de ${data.noticePeriodMonths} mois. ` +
      'Le seul mécontentement de l’une des parties ne constitue pas un tel motif. Les unités consommées jusqu’à la date d’effet restent dues.',
  );

  const exit = exitArrangementsFr();
  article(exit.heading);
  pdf.paragraph(exit.introduction);
  pdf.bullets(exit.items);

  article('Litiges');
  pdf.paragraph(
    'Les parties s’efforcent de régler à l’amiable tout différend relatif à l’interprétation ou à l’exécution de la présente convention. ' +
      (court
        ? `À défaut d’accord, le litige est porté devant le tribunal administratif de ${court}, territorialement compétent.`
        : 'À défaut d’accord, le litige est porté devant le tribunal administratif territorialement compétent.'),
  );

  pdf.paragraph(data.signed ? 'Fait en deux exemplaires originaux.' : 'Fait en deux exemplaires originaux, à … le …');
  pdf.signatures(
    signatureBlock(`Pour ${communeName}`, 'Le maire', data.deliberations.commune, 'conseil municipal', data.signatures.commune),
    signatureBlock(`Pour ${epci.name}`, 'Le président', data.deliberations.epci, epciCouncilFr(epci.nature), data.signatures.epci),
  );
  return pdf.finish();
}

function signatureBlock(party: string, role: string, deliberation: DeliberationRef | null, council: string, signature: SignatureRef | null): string[] {
  return [
    party,
    role,
    `autorisé par délibération du ${council}`,
    deliberation ? `n° ${deliberation.number} du ${formatDateFr(deliberation.date)}` : 'n° … du … (à intervenir)',
    '',
    signature ? `${signature.signatoryName}, ${signature.signatoryQuality}` : 'Nom, qualité : …',
    signature ? `Signé le ${formatDateFr(signature.date)}` : 'Date et signature : …',
  ];
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
