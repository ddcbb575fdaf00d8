// The EPCI's financial proposal to the commune: the study's result and the terms the convention would carry.
import { annualAmountCents, formatEuros } from '#domain';
import { type ProposalData } from './document-data.js';
import { epciNatureFr, formatDateFr, ofPlace, quantityFr, keyBasisPhrase, epciCouncilFr } from './french.js';
import { PdfWriter } from './pdf-writer.js';

export async function renderProposal(data: ProposalData): Promise<Buffer> {
  const { commune, epci, service } = data;
  const amount = annualAmountCents(data.unitCostCents, data.forecastUnits);
  const pdf = new PdfWriter({
    title: `Proposition financière — ${service.name} — ${commune.name}`,
    subject: `Proposition de ${epci.name} à la commune ${ofPlace(commune.name)}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: null,
    footer: `Proposition financière — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title('PROPOSITION FINANCIÈRE', `Adhésion au service « ${service.name} »`);
  pdf.rows([
    ['De', `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren})`],
    ['À', `Commune ${ofPlace(commune.name)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee})`],
    ['État de la demande', data.stateLabel],
  ]);

  pdf.heading('1. Objet');
  pdf.paragraph(`${epci.name} propose à la commune ${ofPlace(commune.name)} d’adhérer à son service « ${service.name} ». ${service.description}`);
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
      [
        'Incidence sur les agents',
        data.study.staffImpact
          ? 'Oui : une fiche d’impact sera soumise à l’avis du comité social territorial avant les délibérations.'
          : 'Aucun transfert ni mise à disposition d’agents.',
      ],
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
    ['Date de début proposée', formatDateFr(data.startDate)],
    ['Proposition valable jusqu’au', formatDateFr(data.validUntil)],
  ]);
  pdf.paragraph(
    'Le remboursement suit l’article D. 5211-16 du code général des collectivités territoriales : coût unitaire de fonctionnement × unités de fonctionnement constatées. ' +
      'Le coût unitaire est notifié chaque année avant le vote du budget, et dans les trois mois suivant la signature la première année ; un état annuel des unités réellement consommées donne lieu à régularisation.',
  );
  if (service.costModel === 'keys') {
    pdf.paragraph(
      `Le coût total annuel du service est partagé entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)} ; le montant ci-dessus est indicatif.`,
      { italic: true },
    );
  }

  pdf.heading('4. Suite de la procédure');
  pdf.paragraph(
    `Si la commune accepte la présente proposition, la convention est soumise au conseil municipal et au ${epciCouncilFr(data.epci.nature)}, puis signée par le maire et le président. ` +
      `Elle est conclue pour trois ans, renouvelée expressément chaque année, jamais tacitement ; chaque partie peut y mettre fin pour un motif d’intérêt général avec un préavis de ${data.noticePeriodMonths} mois. ` +
      'La présente proposition ne vaut pas convention.',
  );
  return pdf.finish();
}
