// The letter by which the EPCI's president notifies a commune's mayor of a year's unit cost (CGCT D5211-16 for a
// mise à disposition; the convention's financial terms for a service commun or unifié), dated on the day of the
// notification: the year's cost (or, for a service shared by keys, the total and the commune's share), the
// forecast of the year with its pro rata, and the instalments after the convention's periodicity. Every amount
// is the application's (ConventionYear): none is computed here.
import { formatEuros } from '#domain';
import { type UnitCostLetterData } from './document-data.js';
import { epciNatureFr, formatDateFr, keyBasisPhrase, ofPlace, quoted } from './french.js';
import { legalBasisWording, paymentsFr } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';
import { coveredSpanFr, instalmentRows, keyOf, units } from './year-figures.fr.js';

export async function renderUnitCostLetter(data: UnitCostLetterData): Promise<Buffer> {
  const { commune, epci, service, year, figures } = data;
  const { money } = figures;
  const wording = legalBasisWording(service.legalBasis);
  const keys = service.costModel === 'keys';
  const what = keys ? `du coût ${year} du service` : `du coût unitaire de fonctionnement ${year}`;
  const pdf = await PdfWriter.open({
    title: `Notification ${what} — ${service.name} — ${commune.name}`,
    subject: `Lettre ${ofPlace(epci.name)} au maire ${ofPlace(commune.name)}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: null,
    footer: `Notification du coût ${year} — ${service.code} — ${commune.name} / ${epci.name}`,
  });

  pdf.signatures(
    [epci.name, capitalize(epciNatureFr(epci.nature)), `SIREN\u00a0${epci.siren}`, 'Le président'],
    ['Madame, Monsieur le Maire', `Mairie ${ofPlace(commune.name)}`, `Code INSEE\u00a0${commune.insee}`],
  );
  pdf.paragraph(`Le ${formatDateFr(data.notifiedOn)}`, { align: 'right' });
  pdf.subjectLine(`Objet : notification ${what} — service ${quoted(service.name)}`);
  pdf.paragraph(`Réf. : convention en vigueur ${data.convention.startDate > data.notifiedOn ? 'à compter du' : 'depuis le'} ${formatDateFr(data.convention.startDate)}`);
  pdf.paragraph('Madame, Monsieur le Maire,');

  const opening = `${wording.letterBasis(service)}, en vigueur pour votre commune depuis le ${formatDateFr(data.convention.startDate)}, j’ai l’honneur de vous notifier`;
  if (keys) {
    pdf.paragraph(
      `${opening} le coût total de fonctionnement du service pour l’année ${year} : ${data.totalCostCents === null ? 'non fixé' : formatEuros(data.totalCostCents)}, réparti entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)}. ` +
        `La quote-part de votre commune s’élève à ${formatEuros(money.fullYearForecastCents)} pour une année entière (clé de la commune : ${keyOf(service, figures)}).`,
    );
  } else {
    const notified = data.notifiedUnitCostCents ?? figures.unitCostCents!;
    pdf.paragraph(`${opening} le coût unitaire de fonctionnement du service pour l’année ${year} : ${formatEuros(notified)} par ${service.unitLabel}.`);
    if (figures.unitCostSource === 'convention') {
      pdf.paragraph(
        `Votre convention fixant le coût unitaire pour toute sa durée, le coût qui s’applique à votre commune en ${year} demeure celui de la convention : ${formatEuros(figures.unitCostCents!)} par ${service.unitLabel}.`,
      );
    }
  }

  const forecast = keys
    ? `Le montant prévisionnel pour une année entière est donc de ${formatEuros(money.fullYearForecastCents)}.`
    : `Sur la base de la prévision de la convention, ${units(service, figures.forecastUnits)} par an, le montant prévisionnel pour une année entière s’établit à ${formatEuros(money.fullYearForecastCents)}.`;
  const proRata =
    money.days === money.daysInYear
      ? `La convention étant en vigueur toute l’année ${year}, le montant prévisionnel ${year} est de ${formatEuros(money.forecastCents)}.`
      : `La convention étant en vigueur ${coveredSpanFr(figures)}, soit ${money.days} jours sur ${money.daysInYear}, le montant prévisionnel ${year} est ramené, au prorata de cette durée, à ${formatEuros(money.forecastCents)}.`;
  pdf.paragraph(`${forecast} ${proRata}`);

  const how = service.settlement === 'compensation' ? 'par imputation sur votre attribution de compensation' : `par titres de recettes ${ofPlace(epci.name)}`;
  pdf.paragraph(`Ce montant est appelé par ${paymentsFr(service, figures)}, ${how}, selon l’échéancier prévisionnel suivant :`);
  pdf.table(
    [
      { header: 'Période', share: 0.6 },
      { header: 'Jours', share: 0.12, align: 'right' },
      { header: 'Montant prévisionnel', share: 0.28, align: 'right' },
    ],
    instalmentRows(figures, { done: '', pending: '' }, false),
    { total: true },
  );
  // « L’état annuel », « Le bilan annuel ».
  const statement = `${/^[aeéiou]/i.test(wording.statement.name) ? 'L’' : 'Le '}${wording.statement.name} ${year}`;
  pdf.paragraph(
    keys
      ? `${statement} établira le montant définitif de la quote-part de votre commune.`
      : `${statement} établira le montant définitif, sur les unités réellement constatées, et la régularisation au regard des versements.`,
  );
  pdf.paragraph('Je vous prie d’agréer, Madame, Monsieur le Maire, l’expression de ma considération distinguée.');
  pdf.signatures([], [`Le président ${ofPlace(epci.name)}`, '', '', 'Signature :']);
  return pdf.finish();
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
