// The annual statement (état annuel, CGCT D5211-16): the year's unit cost against the units. The application
// does not record the units actually used yet, so the statement says so: it takes the forecast units of the
// terms in force as its basis and leaves the actual units, the final amount and the adjustment to be filled in.
import { annualAmountCents, formatEuros, unitCostNotificationDeadline } from '#domain';
import { type AnnualStatementData } from './document-data.js';
import { epciNatureFr, formatDateFr, ofPlace, quantityFr, keyBasisPhrase } from './french.js';
import { PdfWriter } from './pdf-writer.js';

const TO_FILL = 'à renseigner à partir des relevés du service';

export async function renderAnnualStatement(data: AnnualStatementData): Promise<Buffer> {
  const { commune, epci, service, year } = data;
  const pdf = new PdfWriter({
    title: `État annuel ${year} — ${service.name} — ${commune.name}`,
    subject: `État annuel d’utilisation du service ${service.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: null,
    footer: `État annuel ${year} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(`ÉTAT ANNUEL ${year}`, `Utilisation du service « ${service.name} »`);
  pdf.rows([
    ['Service prestataire', `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren})`],
    ['Commune bénéficiaire', `Commune ${ofPlace(commune.name)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee})`],
    ['Convention', `en vigueur depuis le ${formatDateFr(data.startDate)}, année ${data.contractYear} sur 3`],
    ['Unité de fonctionnement', service.unitLabel],
  ]);
  pdf.paragraph(
    'Établi en application de l’article D. 5211-16 du code général des collectivités territoriales : le remboursement est égal au coût unitaire de fonctionnement de l’année multiplié par les unités réellement consommées ; l’écart avec la prévision donne lieu à régularisation.',
  );

  const unitCost = data.yearCost?.unitCostCents ?? null;
  pdf.heading(`1. Coût unitaire de fonctionnement ${year}`);
  if (service.costModel === 'keys') {
    const total = data.yearCost?.totalCostCents ?? null;
    pdf.paragraph(
      total === null
        ? `Le coût total ${year} du service n’est pas encore fixé.`
        : `Ce service est financé par répartition de son coût total ${year}, ${formatEuros(total)}, entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)} ; la quote-part de la commune est établie par l’EPCI.`,
    );
  } else if (unitCost === null) {
    pdf.banner(`Le coût unitaire ${year} n’est pas encore fixé : les montants seront calculés dès sa notification.`);
  } else {
    pdf.rows([
      [`Coût unitaire ${year}`, `${formatEuros(unitCost)} par ${service.unitLabel}`],
      [
        'Notification à la commune',
        data.yearCost?.notifiedAt
          ? `le ${formatDateFr(data.yearCost.notifiedAt.slice(0, 10))}`
          : `non enregistrée (à notifier avant le ${formatDateFr(unitCostNotificationDeadline(year))})`,
      ],
      ['Coût unitaire des conditions en vigueur', `${formatEuros(data.termsUnitCostCents)} par ${service.unitLabel}`],
    ]);
  }

  pdf.heading('2. Unités et montants');
  const forecastAmount = unitCost === null || service.costModel === 'keys' ? null : annualAmountCents(unitCost, data.forecastUnits);
  pdf.rows([
    ['Unités prévisionnelles (base du présent état)', quantityFr(data.forecastUnits, service.unitLabel, service.unitLabelPlural)],
    ['Unités réellement consommées', TO_FILL],
    ['Montant prévisionnel', forecastAmount === null ? 'non calculable à ce jour' : `${formatEuros(forecastAmount)} (coût unitaire ${year} × unités prévisionnelles)`],
    ['Montant définitif', 'coût unitaire × unités réellement consommées, à établir'],
    ['Régularisation', '(unités consommées − unités prévisionnelles) × coût unitaire, à établir'],
  ]);
  pdf.banner(
    'Les unités réellement consommées ne sont pas encore enregistrées dans l’application : cet état reprend les unités prévisionnelles des conditions en vigueur. Il devient définitif une fois les unités constatées reportées à partir des relevés du service.',
  );
  return pdf.finish();
}
