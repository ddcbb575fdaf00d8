// The yearly statement of a convention's calendar year: the « état annuel » of CGCT D5211-16 for a mise à
// disposition, the « bilan annuel » of its convention for a service commun or a service unifié (legal-basis.fr.ts).
// For any year the convention touches, in force or ended: the days covered (pro rata), the units recorded per
// period (per act type for ADS), the unit cost that applies and why, the forecast, the amount due, the
// instalments, the balance, how it is settled, and the ordonnateur's certification. Every amount is the
// application's (ConventionYear): none is computed here. Until every period in force has ended and has its units,
// and the year's cost is notified, the statement says plainly that it is provisional, and why.
import { formatEuros, weightedUnits } from '#domain';
import { type AnnualStatementData } from './document-data.js';
import { COST_REVISION_FR, epciNatureFr, formatDateFr, formatUnits, keyBasisPhrase, ofPlace, PAYMENTS_FR, quoted } from './french.js';
import { legalBasisWording } from './legal-basis.fr.js';
import { PdfWriter } from './pdf-writer.js';
import {
  capitalize,
  contractYearsFr,
  conventionEndFr,
  coveredSpanFr,
  instalmentRows,
  keyOf,
  listFr,
  periodName,
  paymentsShortFr,
  periodsWithoutUnits,
  provisionalReasons,
  thePeriod,
  unitCostSourceFr,
  unitCostsFr,
  units,
} from './year-figures.fr.js';

const CGCT = 'code général des collectivités territoriales';

export async function renderAnnualStatement(data: AnnualStatementData): Promise<Buffer> {
  const { commune, epci, service, year, figures } = data;
  const { money } = figures;
  const wording = legalBasisWording(service.legalBasis);
  const statement = wording.statement;
  const name = capitalize(statement.name);
  const keys = service.costModel === 'keys';
  const compensation = service.settlement === 'compensation';
  const reasons = provisionalReasons(service, figures);
  const provisional = reasons.length > 0;
  const pdf = await PdfWriter.open({
    title: `${name} ${year}${provisional ? ' (provisoire)' : ''} — ${service.name} — ${commune.name}`,
    subject: `${name} d’utilisation du service ${service.name}`,
    author: epci.name,
    generatedAt: data.generatedAt,
    header: provisional ? `${name.toLocaleUpperCase('fr-FR')} ${year} PROVISOIRE — montants à confirmer` : null,
    footer: `${name} ${year} — ${service.name} — ${commune.name} / ${epci.name}`,
  });

  pdf.title(`${statement.name.toLocaleUpperCase('fr-FR')} ${year}${provisional ? ' (PROVISOIRE)' : ''}`, `Utilisation du service ${quoted(service.name)}`);
  if (provisional) pdf.banner(`${capitalize(statement.demonstrative)} est provisoire : ${reasons.join(' ; ')}.`);
  pdf.rows([
    ['Établi par', `${epci.name}, ${epciNatureFr(epci.nature)} (SIREN\u00a0${epci.siren})`],
    ['Commune', `Commune ${ofPlace(commune.name)} (SIREN\u00a0${commune.siren ?? 'non renseigné'}, code INSEE\u00a0${commune.insee})`],
    ['Service', `${quoted(service.name)}, ${wording.instrument} (article ${wording.article} du ${CGCT})`],
    ...(keys ? [] : ([['Unité de fonctionnement', service.unitLabel]] as Array<[string, string]>)),
  ]);
  pdf.paragraph(statement.basis(service));

  pdf.heading('1. Convention');
  pdf.rows([
    ['Entrée en vigueur', formatDateFr(data.convention.startDate)],
    conventionEndFr(data.convention),
    ['Versements', paymentsShortFr(figures)],
    ...(keys ? [] : ([['Coût unitaire applicable', COST_REVISION_FR[figures.costRevision]]] as Array<[string, string]>)),
    ['Année civile', capitalize(contractYearsFr(year, data.contractYears))],
  ]);

  pdf.heading('2. Période couverte');
  pdf.paragraph(
    `Période couverte : ${coveredSpanFr(figures)}, ${money.days} jours sur ${money.daysInYear}` +
      (money.days === money.daysInYear ? ' (année entière).' : ` : les montants prévisionnels sont calculés au prorata de ces ${money.days} jours.`),
  );

  if (keys) {
    pdf.heading(`3. Coût ${year} du service et quote-part de la commune`);
    pdf.rows([
      [`Coût total ${year} du service`, data.totalCostCents === null ? 'non fixé' : formatEuros(data.totalCostCents)],
      ['Origine', unitCostSourceFr(figures)],
      ['Répartition', `entre les communes adhérentes ${keyBasisPhrase(service.keyBasis)}`],
      ['Clé de la commune', keyOf(service, figures)],
      ['Quote-part pour une année entière', formatEuros(money.fullYearForecastCents)],
    ]);
  } else {
    pdf.heading(`3. Coût unitaire ${year}`);
    pdf.rows([
      ['Coût unitaire applicable', unitCostsFr(service, figures)],
      ['Origine', unitCostSourceFr(figures)],
    ]);

    pdf.heading('4. Unités constatées');
    const recorded = new Map(figures.usage.map((u) => [u.period, u]));
    pdf.table(
      [
        { header: 'Période', share: 0.5 },
        { header: 'Jours en vigueur', share: 0.15, align: 'right' },
        { header: 'Unités constatées', share: 0.35, align: 'right' },
      ],
      money.periods.map((p) => {
        const usage = recorded.get(p.period);
        const contested = usage?.contestedOn ? ` (contestées par la commune le ${formatDateFr(usage.contestedOn)})` : '';
        return [capitalize(periodName(figures, p.period)), String(p.days), p.actualUnits === null ? 'non enregistrées' : `${formatUnits(p.actualUnits)}${contested}`];
      }),
    );
    if (data.actTypes) actTypesTable(pdf, data);
    const missing = periodsWithoutUnits(service, figures);
    if (missing.length > 0) {
      pdf.paragraph(
        `Unités non enregistrées pour ${listFr(missing.map((p) => thePeriod(figures, p)))} : le montant dû et le solde ne peuvent pas encore être établis.`,
        { bold: true },
      );
    }
  }

  pdf.heading(`${keys ? 4 : 5}. Montants`);
  const cost = keys ? 'quote-part de la commune' : `${formatEuros(figures.unitCostCents!)} × prévision de ${units(service, figures.forecastUnits)}`;
  // An avenant changed the unit cost within the year: each day counts at the cost in force on it.
  const costChanged = money.unitCosts.length > 1;
  pdf.rows([
    ['Montant prévisionnel pour une année entière', `${formatEuros(money.fullYearForecastCents)} (${cost}${costChanged ? `, au coût unitaire en vigueur le ${formatDateFr(money.unitCosts.at(-1)!.to)}` : ''})`],
    [
      `Montant prévisionnel ${year}`,
      (money.days === money.daysInYear
        ? `${formatEuros(money.forecastCents)} (année entière)`
        : `${formatEuros(money.forecastCents)} (au prorata de ${money.days} jours sur ${money.daysInYear})`) +
        (costChanged ? ', chaque jour au coût unitaire en vigueur' : ''),
    ],
    ...(keys ? [] : ([['Unités constatées', money.actualUnits === null ? 'incomplètes' : units(service, money.actualUnits)]] as Array<[string, string]>)),
    [
      keys ? 'Montant dû' : 'Montant dû sur les unités constatées',
      money.actualCents === null
        ? 'provisoire : à établir une fois les unités de chaque période enregistrées'
        : keys
          ? `${formatEuros(money.actualCents)} (quote-part au prorata des jours en vigueur)`
          : costChanged
            ? `${formatEuros(money.actualCents)} (${units(service, money.actualUnits!)}, celles de chaque période au coût unitaire en vigueur sur ses jours)`
            : `${formatEuros(money.actualCents)} (${formatEuros(figures.unitCostCents!)} × ${units(service, money.actualUnits!)})`,
    ],
  ]);

  pdf.heading(`${keys ? 5 : 6}. Versements`);
  const settled = compensation ? { done: 'imputé', pending: 'non encore imputé' } : { done: 'facturé', pending: 'non encore facturé' };
  pdf.paragraph(`${capitalize(PAYMENTS_FR[figures.periodicity])}, à terme échu : la prévision ${year} répartie entre les périodes au prorata de leurs jours en vigueur.`);
  pdf.table(
    [
      { header: 'Période', share: 0.44 },
      { header: 'Jours', share: 0.1, align: 'right' },
      { header: 'Montant', share: 0.2, align: 'right' },
      { header: 'État', share: 0.26 },
    ],
    instalmentRows(figures, settled, true),
    { total: true },
  );

  pdf.heading(`${keys ? 6 : 7}. Solde`);
  const balance = money.balanceCents;
  pdf.rows([
    ['Montant dû', money.actualCents === null ? 'à établir' : formatEuros(money.actualCents)],
    [compensation ? 'Versements imputés' : 'Versements facturés', formatEuros(money.invoicedCents)],
    balance === null
      ? ['Solde', 'à établir une fois les unités de chaque période enregistrées']
      : balance > 0
        ? ['Reste dû par la commune', formatEuros(balance)]
        : balance < 0
          ? ['Trop-perçu à reverser à la commune', formatEuros(-balance)]
          : ['Solde', 'soldé : ni reste dû, ni trop-perçu'],
  ]);

  pdf.heading(`${keys ? 7 : 8}. Traitement comptable`);
  pdf.paragraph(statement.settlement(service, epci.name));

  // One block, never split across pages: the certification, the place and date, the signature.
  pdf.signatures([], [`Certifié exact par l’ordonnateur, le président ${ofPlace(epci.name)}.`, '', 'À …………………………, le …………………………', '', 'Signature et cachet :']);
  return pdf.finish();
}

/** ADS: the acts of the year by type (Σ of the periods' counts), the EPCI's weights and the weighted total. */
function actTypesTable(pdf: PdfWriter, data: AnnualStatementData): void {
  const { figures, service } = data;
  const types = data.actTypes!;
  const counts: Record<string, number> = Object.fromEntries(types.map((t) => [t.code, 0]));
  for (const usage of figures.usage) for (const [code, count] of Object.entries(usage.actCounts ?? {})) counts[code] = (counts[code] ?? 0) + count;
  const weights = Object.fromEntries(types.map((t) => [t.code, t.weight]));
  const known = Object.keys(counts).every((code) => Object.hasOwn(weights, code));
  pdf.paragraph(`Actes instruits sur les périodes enregistrées, par type, pondérés en ${service.unitLabelPlural} selon le barème de l’EPCI :`);
  const rows = types.map((t) => [t.label.includes(`(${t.code})`) ? t.label : `${t.label} (${t.code})`, formatUnits(counts[t.code]), formatUnits(t.weight), formatUnits(weightedUnits({ [t.code]: counts[t.code] }, weights))]);
  const recordedTotal = figures.money.actualUnits;
  const scaleTotal = known ? weightedUnits(counts, weights) : null;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  rows.push(['Total pondéré', formatUnits(total), '', formatUnits(recordedTotal ?? scaleTotal ?? '0')]);
  pdf.table(
    [
      { header: 'Type d’acte', share: 0.46 },
      { header: 'Nombre', share: 0.14, align: 'right' },
      { header: 'Pondération', share: 0.18, align: 'right' },
      { header: 'Équivalents', share: 0.22, align: 'right' },
    ],
    rows,
    { total: true },
  );
  if (recordedTotal !== null && scaleTotal !== null && recordedTotal !== scaleTotal) {
    pdf.paragraph(
      'Le barème a changé depuis l’enregistrement de certaines périodes : le total retient les équivalents enregistrés pour chaque période, calculés au barème alors en vigueur.',
      { italic: true },
    );
  }
}
