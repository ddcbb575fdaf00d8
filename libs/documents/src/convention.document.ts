// The convention between the commune and the EPCI for one shared service (CGCT L5211-4-1, L5211-4-2,
// D5211-16): a draft marked « PROJET » until both parties have signed, then the convention itself.
import { annualAmountCents, formatEuros } from '#domain';
import { type ConventionData, type DeliberationRef, type SignatureRef } from './document-data.js';
import { administrativeCourtOf, epciNatureFr, formatDateFr, ofPlace, quantityFr, keyBasisPhrase, epciCouncilFr } from './french.js';
import { PdfWriter } from './pdf-writer.js';

const deliberationText = (council: string, ref: DeliberationRef | null): string =>
  ref ? `la délibération du ${council} n° ${ref.number} du ${formatDateFr(ref.date)}` : `la délibération du ${council} n° … du … (à intervenir)`;

export async function renderConvention(data: ConventionData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const communeName = `la commune ${ofPlace(commune.name)}`;
  const amount = annualAmountCents(data.unitCostCents, data.forecastUnits);
  const court = administrativeCourtOf(commune.insee);
  const title = data.signed ? 'Convention' : 'PROJET de convention';
  const pdf = new PdfWriter({
    title: `${title} — ${service.name} — ${commune.name}`,
    subject: `Convention de mutualisation entre ${commune.name} et ${epci.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: data.signed ? null : 'PROJET — document de travail non signé, sans valeur contractuelle',
    footer: `${data.signed ? 'Convention' : 'PROJET de convention'} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(
    data.signed ? 'CONVENTION DE MUTUALISATION' : 'PROJET DE CONVENTION DE MUTUALISATION',
    `Service « ${service.name} »`,
  );
  if (!data.signed) {
    pdf.banner('PROJET — Ce document n’engage pas les parties tant que les deux assemblées n’ont pas délibéré et que le maire et le président ne l’ont pas signé.');
  }

  pdf.heading('Entre les soussignés');
  pdf.bullets([
    `${capitalize(communeName)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee}), représentée par son maire, dûment autorisé par ${deliberationText('conseil municipal', data.deliberations.commune)}, ci-après « la commune » ;`,
    `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren}), représentée par son président, dûment autorisé par ${deliberationText(epciCouncilFr(epci.nature), data.deliberations.epci)}, ci-après « l’EPCI ».`,
  ]);

  pdf.heading('Vu');
  const visas = [
    'le code général des collectivités territoriales, notamment ses articles L. 5211-4-1 (mise à disposition de services), L. 5211-4-2 (services communs) et D. 5211-16 (remboursement des frais de fonctionnement) ;',
    `${deliberationText(`conseil municipal ${ofPlace(commune.name)}`, data.deliberations.commune)} ;`,
    `${deliberationText(`${epciCouncilFr(epci.nature)} de ${epci.name}`, data.deliberations.epci)} ;`,
  ];
  if (data.staffImpact) {
    visas.push(
      data.cstOpinion
        ? `l’avis ${data.cstOpinion.opinion === 'favourable' ? 'favorable' : 'défavorable'} du comité social territorial du ${formatDateFr(data.cstOpinion.date)} sur la fiche d’impact ;`
        : 'l’avis du comité social territorial sur la fiche d’impact (à recueillir avant les délibérations) ;',
    );
  }
  pdf.bullets(visas);
  pdf.paragraph('Il est convenu ce qui suit.', { bold: true });

  pdf.heading('Article 1 — Objet');
  pdf.paragraph(
    `La présente convention fixe les conditions dans lesquelles ${epci.name} fait bénéficier ${communeName} de son service « ${service.name} », dans le cadre des articles L. 5211-4-1 et L. 5211-4-2 du code général des collectivités territoriales. ${service.description}`,
  );

  pdf.heading('Article 2 — Champ d’intervention');
  if (service.options.length > 0) {
    pdf.paragraph('Le service intervient pour la commune sur les missions suivantes, qu’elle a choisies :');
    pdf.bullets(service.options);
  } else {
    pdf.paragraph('Le service intervient pour la commune sur l’ensemble de ses missions.');
  }
  pdf.paragraph(
    'Pour l’exécution de ces missions, les agents du service sont placés, selon la mission exercée, sous l’autorité fonctionnelle du maire ou du président. Le maire reste seul compétent pour prendre les décisions relevant de ses pouvoirs propres ; il peut déléguer sa signature au seul chef du service.',
  );
  if (data.staffImpact) {
    pdf.paragraph('La présente convention a des effets sur la situation d’agents ; elle est accompagnée de la fiche d’impact soumise au comité social territorial.');
  }

  pdf.heading('Article 3 — Durée et renouvellement');
  pdf.paragraph(
    `La présente convention est conclue pour une durée de trois ans à compter du ${formatDateFr(data.startDate)}${data.signed ? '' : ' (date prévue)'}. ` +
      'Elle est renouvelée expressément chaque année : la commune confirme avant chaque date anniversaire les unités qu’elle prévoit pour l’année suivante, et l’EPCI valide ce renouvellement. ' +
      'Elle n’est jamais reconduite tacitement : à défaut de renouvellement exprès avant la date anniversaire, elle prend fin à cette date.',
  );

  pdf.heading('Article 4 — Conditions financières');
  pdf.paragraph(
    'Conformément à l’article D. 5211-16 du code général des collectivités territoriales, la commune rembourse les frais de fonctionnement du service sur la base d’un coût unitaire de fonctionnement multiplié par le nombre d’unités de fonctionnement constatées. ' +
      `L’unité de fonctionnement est : ${service.unitLabel}. ` +
      'Le coût unitaire comprend les charges de personnel, les fournitures, le coût de renouvellement des biens et les contrats de services rattachés ; il est constaté à partir des dépenses des derniers comptes administratifs, actualisées au vu du budget de l’année.',
  );
  pdf.rows([
    ['Coût unitaire de fonctionnement', `${formatEuros(data.unitCostCents)} par ${service.unitLabel}`],
    ['Prévision d’utilisation annuelle', quantityFr(data.forecastUnits, service.unitLabel, service.unitLabelPlural)],
    ['Montant annuel prévisionnel', `${formatEuros(amount)} (coût unitaire × unités prévues)`],
  ]);
  pdf.paragraph(
    'Le coût unitaire est notifié à la commune chaque année avant l’adoption de son budget et, pour la première année, dans les trois mois suivant la signature de la présente convention. ' +
      'Chaque année, l’EPCI établit un état annuel des unités réellement consommées ; le remboursement, au moins annuel, est calculé sur ces unités et l’écart avec la prévision donne lieu à régularisation.',
  );
  if (service.costModel === 'keys') {
    pdf.paragraph(
      `Le coût total annuel du service étant partagé entre les communes adhérentes, il est réparti ${keyBasisPhrase(service.keyBasis)} ; le montant ci-dessus est indicatif.`,
      { italic: true },
    );
  }

  pdf.heading('Article 5 — Modification');
  pdf.paragraph('Toute modification des conditions de la présente convention fait l’objet d’un avenant approuvé par les deux parties.');

  pdf.heading('Article 6 — Résiliation');
  pdf.paragraph(
    `Chacune des parties peut mettre fin à la présente convention avant son terme pour un motif d’intérêt général, dûment motivé et notifié à l’autre partie, moyennant un préavis de ${data.noticePeriodMonths} mois. ` +
      'Le seul mécontentement de l’une des parties ne constitue pas un tel motif. Les unités consommées jusqu’à la date d’effet restent dues.',
  );

  pdf.heading('Article 7 — Litiges');
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
