// An avenant to the convention: numbered (Avenant n° 1, 2, …), listing each clause it changes with its old and
// new wording, its effective date, and the deliberations and signatures that make it binding. A draft marked
// « PROJET » until both parties have signed.
import { type AmendmentData, type DeliberationRef, type SignatureRef } from './document-data.js';
import { epciCouncilFr, epciNatureFr, formatDateFr, ofPlace, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';

export async function renderAmendment(data: AmendmentData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const communeName = `la commune ${ofPlace(commune.name)}`;
  const council = epciCouncilFr(epci.nature);
  const basis = legalBasisWording(service.legalBasis);
  const name = `Avenant n°\u00a0${data.number}`;
  // « avenant » begins with a vowel: the draft's title is always « PROJET d’avenant n° … ».
  const draftName = `PROJET d’avenant n°\u00a0${data.number}`;
  const pdf = await PdfWriter.open({
    title: `${data.signed ? name : draftName} — ${service.name} — ${commune.name}`,
    subject: `${name} à la convention de mutualisation entre ${commune.name} et ${epci.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: data.signed ? null : 'PROJET — document de travail non signé, sans valeur contractuelle',
    footer: `${name} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(`${data.signed ? '' : 'PROJET — '}${name.toUpperCase()}`, `à la convention de mutualisation du service ${quoted(service.name)} du ${formatDateFr(data.conventionStartDate)}`);
  if (!data.signed) {
    pdf.banner('PROJET — Cet avenant n’engage les parties qu’une fois approuvé par leurs assemblées, lorsqu’il le requiert, et signé par le maire et le président.');
  }

  pdf.heading('Entre les soussignés');
  pdf.bullets([
    `${capitalize(communeName)} (code INSEE\u00a0${commune.insee}), représentée par son maire${authorised('conseil municipal', data.deliberations.commune, data.deliberationsRequired)}, ci-après ${quoted('la commune')} ;`,
    `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren}), représentée par son président${authorised(council, data.deliberations.epci, data.deliberationsRequired)}, ci-après ${quoted('l’EPCI')}.`,
  ]);

  pdf.heading('Vu');
  pdf.bullets([
    basis.visa,
    `la convention de mutualisation entrée en vigueur le ${formatDateFr(data.conventionStartDate)}, et notamment son article relatif à sa modification par avenant ;`,
    ...(data.deliberationsRequired
      ? [
          `${deliberationText(`conseil municipal ${ofPlace(commune.name)}`, data.deliberations.commune)} ;`,
          `${deliberationText(`${council} ${ofPlace(epci.name)}`, data.deliberations.epci)} ;`,
        ]
      : []),
  ]);
  pdf.paragraph('Il est convenu ce qui suit.', { bold: true });

  pdf.heading('Article 1 — Objet');
  pdf.paragraph(
    `Le présent avenant, proposé par ${data.proposedBy === 'commune' ? 'la commune' : 'l’EPCI'}, modifie la convention sur les points énumérés à l’article 2.` +
      (data.reason ? ` Objet : ${data.reason}` : ''),
  );

  pdf.heading('Article 2 — Clauses modifiées');
  if (data.clauses.length === 0) pdf.paragraph('Aucune clause n’est modifiée.');
  pdf.table(
    [
      { header: 'Clause', share: 0.3 },
      { header: 'Rédaction antérieure', share: 0.35 },
      { header: 'Nouvelle rédaction', share: 0.35 },
    ],
    data.clauses.map((c) => [c.label, c.before, c.after]),
  );

  pdf.heading('Article 3 — Date d’effet');
  const effective = data.effectiveDate ? `le ${formatDateFr(data.effectiveDate)}` : 'à la date de la dernière signature';
  pdf.paragraph(
    `Le présent avenant prend effet ${effective}, et au plus tôt à la date de sa dernière signature : il n’a pas d’effet rétroactif.` +
      (data.appliesOn ? ` Ses stipulations s’appliquent à compter du ${formatDateFr(data.appliesOn)}.` : ''),
  );

  pdf.heading('Article 4 — Autres stipulations');
  pdf.paragraph('Les autres stipulations de la convention demeurent inchangées et continuent de s’appliquer.');

  pdf.paragraph(data.signed ? 'Fait en deux exemplaires originaux.' : 'Fait en deux exemplaires originaux, à … le …');
  pdf.signatures(
    signatureBlock(`Pour ${communeName}`, 'Le maire', data.signatures.commune),
    signatureBlock(`Pour ${epci.name}`, 'Le président', data.signatures.epci),
  );
  return pdf.finish();
}

function authorised(council: string, deliberation: DeliberationRef | null, required: boolean): string {
  if (!required) return '';
  return `, dûment autorisé par ${deliberationText(council, deliberation)}`;
}

const deliberationText = (council: string, ref: DeliberationRef | null): string =>
  ref ? `la délibération du ${council} n° ${ref.number} du ${formatDateFr(ref.date)}` : `la délibération du ${council} n° … du … (à intervenir)`;

function signatureBlock(party: string, role: string, signature: SignatureRef | null): string[] {
  return [
    party,
    role,
    '',
    signature ? `${signature.signatoryName}, ${signature.signatoryQuality}` : 'Nom, qualité : …',
    signature ? `Signé le ${formatDateFr(signature.date)}` : 'Date et signature : …',
  ];
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
