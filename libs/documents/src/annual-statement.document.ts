// The yearly statement: the « état annuel » of CGCT D5211-16 for a mise à disposition, the « bilan annuel » of its
// convention for a service commun or a service unifié (legal-basis.fr.ts); the year's unit cost against the units. The application
// does not record the units actually used yet, so the statement says so: it takes the forecast units of the
// terms in force as its basis and leaves the actual units, the final amount and the adjustment to be filled in.
import { annualAmountCents, formatEuros, unitCostNotificationDeadline } from '#domain';
import { type AnnualStatementData } from './document-data.js';
import { epciNatureFr, formatDateFr, ofPlace, quantityFr, keyBasisPhrase, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';

const TO_FILL = 'à renseigner à partir des relevés du service';

export async function renderAnnualStatement(data: AnnualStatementData): Promise<Buffer> {
  const { commune, epci, service, year } = data;
  const statement = legalBasisWording(service.legalBasis).statement;
  const name = capitalize(statement.name);
  const pdf = new PdfWriter({
    title: `${name} ${year} — ${service.name} — ${commune.name}`,
    subject: `${name} d’utilisation du service ${service.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: null,
    footer: `${name} ${year} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(`${statement.name.toLocaleUpperCase('fr-FR')} ${year}`, `Utilisation du service ${quoted(service.name)}`);
  pdf.rows([
    ['Service prestataire', `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren})`],
    ['Commune bénéficiaire', `Commune ${ofPlace(commune.name)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee})`],
    ['Convention', `en vigueur depuis le ${formatDateFr(data.startDate)}, année ${data.contractYear} sur 3`],
    ['Unité de fonctionnement', service.unitLabel],
  ]);
  pdf.paragraph(statement.basis(service));

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
    [`Unités prévisionnelles (base du présent ${statement.name.split(' ')[0]})`, quantityFr(data.forecastUnits, service.unitLabel, service.unitLabelPlural)],
    ['Unités réellement consommées', TO_FILL],
    ['Montant prévisionnel', forecastAmount === null ? 'non calculable à ce jour' : `${formatEuros(forecastAmount)} (coût unitaire ${year} × unités prévisionnelles)`],
    ['Montant définitif', 'coût unitaire × unités réellement consommées, à établir'],
    ['Régularisation', '(unités consommées − unités prévisionnelles) × coût unitaire, à établir'],
  ]);
  pdf.banner(
    `Les unités réellement consommées ne sont pas encore enregistrées dans l’application : ${statement.demonstrative} reprend les unités prévisionnelles des conditions en vigueur. Il devient définitif une fois les unités constatées reportées à partir des relevés du service.`,
  );
  return pdf.finish();
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
