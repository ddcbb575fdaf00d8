// The EPCI's financial proposal to the commune: the study's result and the terms the convention would carry, under
// the service's legal basis (legal-basis.fr.ts).
import { annualAmountCents, formatEuros } from '#domain';
import { type ProposalData } from './document-data.js';
import { paymentsShortFr } from './year-figures.fr.js';
import { COST_REVISION_FR, epciNatureFr, formatDateFr, ofPlace, quantityFr, keyBasisPhrase, epciCouncilFr, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';

export async function renderProposal(data: ProposalData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const amount = annualAmountCents(data.unitCostCents, data.forecastUnits);
  const basis = legalBasisWording(service.legalBasis);
  const staffImpact = data.study?.staffImpact ?? false;
  const pdf = await PdfWriter.open({
    title: `Proposition financière — ${service.name} — ${commune.name}`,
    subject: `Proposition ${ofPlace(epci.name)} à la commune ${ofPlace(commune.name)}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: null,
    footer: `Proposition financière — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title('PROPOSITION FINANCIÈRE', `Adhésion au service ${quoted(service.name)}`);
  pdf.rows([
    ['De', `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren})`],
    ['À', `Commune ${ofPlace(commune.name)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee})`],
    ['État de la demande', data.stateLabel],
  ]);

  pdf.heading('1. Objet');
  pdf.paragraph(`${epci.name} propose à la commune ${ofPlace(commune.name)} d’adhérer à son service ${quoted(service.name)} (${basis.instrument}, article ${basis.article} du code général des collectivités territoriales). ${service.description}`);
  if (service.options.length > 0) {
    pdf.paragraph('Missions retenues par la commune :');
    pdf.bullets(service.options);
  } else {
    pdf.paragraph('Missions retenues : l’ensemble des missions du service.');
  }

  pdf.heading('2. Résultat de l’étude');
  if (data.study) {
    pdf.rows([
      ['Unités estimées par l’étude', quantityFr(data.study.forecastUnits, service.unitLabel, service.unitLabelPlural)],
      ['Incidence sur les agents', basis.proposalStaff(data.study.staffImpact)],
      ...(data.study.notes ? ([['Observations', data.study.notes]] as Array<[string, string]>) : []),
    ]);
  } else {
    pdf.paragraph('L’étude n’est pas enregistrée.', { italic: true });
  }

  pdf.heading('3. Conditions proposées');
  pdf.rows([
    ['Coût unitaire de fonctionnement', `${formatEuros(data.unitCostCents)} par ${service.unitLabel}`],
    ['Prévision d’utilisation annuelle', quantityFr(data.forecastUnits, service.unitLabel, service.unitLabelPlural)],
    ['Montant annuel prévisionnel', `${formatEuros(amount)} (coût unitaire × unités prévues)`],
    ...(service.costModel === 'unit' ? ([['Coût unitaire applicable', COST_REVISION_FR[data.paymentTerms.costRevision]]] as Array<[string, string]>) : []),
    ['Versements', paymentsShortFr(data.paymentTerms)],
    ['Date de début proposée', formatDateFr(data.startDate)],
    ['Proposition valable jusqu’au', formatDateFr(data.validUntil)],
  ]);
  pdf.paragraph(basis.proposalFinance(service, data.paymentTerms));
  if (service.costModel === 'keys') {
    pdf.paragraph(
      `Le coût total annuel du service est partagé entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)} ; le montant ci-dessus est indicatif.`,
      { italic: true },
    );
  }

  pdf.heading('4. Suite de la procédure');
  pdf.paragraph(
    `Si la commune accepte la présente proposition, la convention est soumise ${basis.cstRequired(staffImpact) ? 'à l’avis du comité social territorial, puis ' : ''}au conseil municipal et au ${epciCouncilFr(data.epci.nature)}, puis signée par le maire et le président. ` +
      `Elle est conclue pour trois ans, renouvelée expressément chaque année, jamais tacitement ; chaque partie peut y mettre fin pour un motif d’intérêt général avec un préavis de ${data.noticePeriodMonths} mois. ` +
      'La présente proposition ne vaut pas convention.',
  );
  return pdf.finish();
}
