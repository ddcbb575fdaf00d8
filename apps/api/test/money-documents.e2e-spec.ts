// The money's PDFs over HTTP, on both databases: the annual statement of any year a convention touches (in force,
// under notice, terminated), the unit-cost letter once the year's cost is notified, and the payment clauses of
// the convention and the proposal. Every amount a PDF prints must be one of GET /api/adhesions/:id/money?year=,
// to the cent, for the same adhesion and year; the same data gives the same bytes (SHA-256).
import { createHash } from 'node:crypto';
import { formatEuros } from '#domain';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download as downloadFile, textOf } from '../../../test/support/downloads.js';
import { activate, send, setClock, type ProposalTerms } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const euros = (cents: number) => formatEuros(cents).replace(/\s+/g, ' ');
/**
 * The amounts a text prints that are none of `known`: each known amount is struck out (the longest first, so
 * that 1 509,04 € never leaves 509,04 €), then whatever still reads as an amount in euros is left.
 */
function unknownAmounts(text: string, known: Array<number | null>): string[] {
  const spelled = [...new Set(known.filter((cents): cents is number => cents !== null).map(euros))].sort((a, b) => b.length - a.length);
  const rest = spelled.reduce((left, amount) => left.split(amount).join(' # '), text);
  return [...rest.matchAll(/\d,\d{2} €/g)].map((m) => m[0]);
}

interface Money {
  year: number;
  unitCostCents: number | null;
  unitCostSource: string;
  unitCostNotifiedAt: string | null;
  days: number;
  daysInYear: number;
  fullYearForecastCents: number;
  forecastCents: number;
  periods: Array<{ period: number; days: number; instalmentCents: number; closed: boolean; actualUnits: string | null }>;
  actualUnits: string | null;
  actualCents: number | null;
  invoicedCents: number;
  balanceCents: number | null;
  actWeights: Record<string, string> | null;
  final: boolean;
}

describe.each(DATABASE_KINDS)('the money’s documents, on %s', (kind) => {
  let t: TestApp;
  /** Avrillé's ADS (a service commun, weighted acts), paid half-yearly; notice given in July 2026. */
  let ads: string;
  /** Trélazé's payroll (a mise à disposition, D5211-16), paid quarterly. */
  let paie: string;

  /** A convention in force from `startDate`, its proposal with the payment terms given. */
  const activateWith = (secretary: 'avrille' | 'trelaze', service: string, startDate: string, terms: ProposalTerms) => activate(t, secretary, service, startDate, startDate, terms);

  const download = (account: DemoAccount, id: string, document: string, year?: number | string) =>
    downloadFile(t, account, `/api/adhesions/${id}/documents/${document}.pdf${year === undefined ? '' : `?year=${year}`}`);

  async function pdfText(id: string, document: string, year?: number): Promise<{ text: string; bytes: Buffer; fileName: string }> {
    const res = await download('dgs', id, document, year).expect(200);
    return { text: await textOf(res.body as Buffer), bytes: res.body as Buffer, fileName: decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1]) };
  }

  async function money(id: string, year: number): Promise<Money> {
    return (await t.http.get(`/api/adhesions/${id}/money?year=${year}`).set(bearer(t, 'dgs')).expect(200)).body as Money;
  }

  async function record(id: string, year: number, period: number, body: Record<string, unknown>) {
    await t.http.put(`/api/adhesions/${id}/usage/${year}/${period}`).set(bearer(t, 'dgs')).send(body).expect(200);
  }

  /** The amounts of a statement, each equal to the money's: the forecast, each instalment, the invoiced, the actual, the balance. */
  function expectStatementAmounts(text: string, m: Money) {
    expect(text).toContain(`Montant prévisionnel pour une année entière ${euros(m.fullYearForecastCents)}`);
    expect(text).toContain(`Montant prévisionnel ${m.year} ${euros(m.forecastCents)} (${m.days === m.daysInYear ? 'année entière' : `au prorata de ${m.days} jours sur ${m.daysInYear}`})`);
    expect(text).toContain(`${m.days} jours sur ${m.daysInYear}`);
    for (const p of m.periods) expect(text).toContain(`${p.days} ${euros(p.instalmentCents)} ${p.closed ? 'facturé' : 'non encore facturé'}`);
    expect(text).toContain(`Total ${m.days} ${euros(m.forecastCents)} facturé : ${euros(m.invoicedCents)}`);
    expect(text).toContain(`Versements facturés ${euros(m.invoicedCents)}`);
    if (m.actualCents === null) expect(text).toContain('Montant dû sur les unités constatées provisoire : à établir');
    else expect(text).toContain(`Montant dû sur les unités constatées ${euros(m.actualCents)}`);
    const balance = m.balanceCents;
    if (balance === null) expect(text).toContain('Solde à établir');
    else if (balance > 0) expect(text).toContain(`Reste dû par la commune ${euros(balance)}`);
    else if (balance < 0) expect(text).toContain(`Trop-perçu à reverser à la commune ${euros(-balance)}`);
    else expect(text).toContain('Solde soldé');
    // And nothing else: every amount printed is one of the money's.
    expect(unknownAmounts(text, [m.unitCostCents, m.fullYearForecastCents, m.forecastCents, m.invoicedCents, m.actualCents, balance === null ? null : Math.abs(balance), ...m.periods.map((p) => p.instalmentCents)])).toEqual([]);
    expect(text.includes('est provisoire')).toBe(!m.final || m.unitCostSource === 'convention_provisional');
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    ads = await activateWith('avrille', 'ADS', '2026-03-01', { periodicity: 'half_yearly' });
    paie = await activateWith('trelaze', 'PAIE', '2026-03-01', { periodicity: 'quarterly', costRevision: 'yearly' });
  });
  afterAll(() => t?.close());

  it('prints the periodicity of the payments and the unit-cost rule in the convention and the proposal', async () => {
    const adsConvention = (await pdfText(ads, 'convention')).text;
    expect(adsConvention).toContain('Versements Semestriels, à terme échu');
    expect(adsConvention).toContain('La contribution de la commune est appelée par versements semestriels, à terme échu, sur la base d’un état des unités de fonctionnement constatées sur chaque période, établi par l’EPCI.');
    expect(adsConvention).toContain('Coût unitaire applicable Le coût notifié chaque année par l’EPCI');
    expect(adsConvention).not.toContain('D. 5211-16');

    const paieConvention = (await pdfText(paie, 'convention')).text;
    expect(paieConvention).toContain('Versements Trimestriels, à terme échu');
    expect(paieConvention).toContain('Le remboursement est effectué par versements trimestriels, à terme échu');
    expect(paieConvention).toContain('conformément à l’article D. 5211-16, sa périodicité ne peut être supérieure à un an.');
    const paieProposal = (await pdfText(paie, 'proposal')).text;
    expect(paieProposal).toContain('Versements Trimestriels, à terme échu');
    expect(paieProposal).toContain('sa périodicité ne peut être supérieure à un an');
  });

  it('serves the unit-cost letter once the year’s cost is notified, dated that day, with the money of the year', async () => {
    const before = await download('avrille', ads, 'unit-cost-letter', 2026).expect(409);
    expect(before.body).toMatchObject({ code: 'document_not_available', kind: 'unit-cost-letter', year: 2026 });
    const listed = async (id: string) => (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille')).expect(200)).body.availableDocuments as Array<{ kind: string; label: string; url: string }>;
    expect((await listed(ads)).map((d) => d.kind)).toEqual(['convention', 'proposal', 'annual-statement', 'commune-deliberation', 'epci-deliberation']);

    await t.http.post('/api/services/ADS/unit-costs/2026/notify').set(bearer(t, 'dgs')).expect(200);
    await t.http.post('/api/services/PAIE/unit-costs/2026/notify').set(bearer(t, 'dgs')).expect(200);
    expect(await listed(ads)).toEqual([
      { kind: 'convention', label: 'Convention', url: `/api/adhesions/${ads}/documents/convention.pdf` },
      { kind: 'proposal', label: 'Proposition', url: `/api/adhesions/${ads}/documents/proposal.pdf` },
      // A service commun's yearly statement is the « bilan annuel » of its convention.
      { kind: 'annual-statement', label: 'Bilan annuel', url: `/api/adhesions/${ads}/documents/annual-statement.pdf` },
      { kind: 'unit-cost-letter', label: 'Lettre de notification du coût 2026', url: `/api/adhesions/${ads}/documents/unit-cost-letter.pdf?year=2026` },
      { kind: 'commune-deliberation', label: 'Modèle de délibération du conseil municipal', url: `/api/adhesions/${ads}/documents/commune-deliberation.docx` },
      { kind: 'epci-deliberation', label: 'Modèle de délibération du conseil communautaire', url: `/api/adhesions/${ads}/documents/epci-deliberation.docx` },
    ]);

    const m = await money(ads, 2026);
    expect(m.unitCostSource).toBe('notified');
    const { text, fileName } = await pdfText(ads, 'unit-cost-letter');
    expect(fileName).toBe('notification-coût-2026-avrillé-ads.pdf');
    for (const expected of [
      'Madame, Monsieur le Maire Mairie d’Avrillé',
      'Le 5 janvier 2026',
      'Objet : notification du coût unitaire de fonctionnement 2026',
      'En application des conditions financières de la convention de service commun',
      `pour l’année 2026 : ${euros(m.unitCostCents!)} par équivalent permis de construire.`,
      `le montant prévisionnel pour une année entière s’établit à ${euros(m.fullYearForecastCents)}.`,
      `soit ${m.days} jours sur ${m.daysInYear}, le montant prévisionnel 2026 est ramené, au prorata de cette durée, à ${euros(m.forecastCents)}.`,
      'Ce montant est appelé par versements semestriels, à terme échu',
      ...m.periods.map((p) => `${p.days} ${euros(p.instalmentCents)}`),
      `Total ${m.days} ${euros(m.forecastCents)}`,
      'Le président d’Angers Loire Métropole',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('D. 5211-16');
    expect(unknownAmounts(text, [m.unitCostCents, m.fullYearForecastCents, m.forecastCents, ...m.periods.map((p) => p.instalmentCents)])).toEqual([]);

    // The payroll is a mise à disposition: its letter cites D5211-16.
    const paieLetter = (await pdfText(paie, 'unit-cost-letter', 2026)).text;
    const pm = await money(paie, 2026);
    expect(paieLetter).toContain('Conformément à l’article D. 5211-16 du code général des collectivités territoriales et à la convention de mise à disposition');
    expect(paieLetter).toContain(`${euros(pm.unitCostCents!)} par bulletin de paie`);
    expect(paieLetter).toContain('Ce montant est appelé par versements trimestriels');
    for (const p of pm.periods) expect(paieLetter).toContain(`${p.days} ${euros(p.instalmentCents)}`);
  });

  it('states a year in progress as provisional, its amounts equal to the money’s, then the notice’s planned end', async () => {
    await setClock(t, '2026-07-10T08:00:00Z');
    await record(ads, 2026, 1, { actCounts: { PC: 3, DP: 2 } });
    await record(paie, 2026, 1, { units: '12.5' });
    await record(paie, 2026, 2, { units: '30' });

    const m = await money(ads, 2026);
    const { text } = await pdfText(ads, 'annual-statement', 2026);
    expect(text).toContain('BILAN ANNUEL 2026 (PROVISOIRE)');
    expect(text).toContain('Ce bilan est provisoire : les unités de la période suivante ne sont pas encore enregistrées : le 2d semestre 2026');
    expect(text).toContain('Période couverte : du 1er mars au 31 décembre 2026, 306 jours sur 365');
    expect(text).toContain(`Coût unitaire applicable ${euros(m.unitCostCents!)} par équivalent permis de construire Origine coût unitaire notifié le 5 janvier 2026`);
    // The acts per type, with the EPCI's weights and the weighted total (the units the money counts).
    const dp = m.actWeights!.DP.replace('.', ',');
    expect(text).toContain('Permis de construire (PC) 3 1 3');
    expect(text).toContain(`Déclaration préalable (DP) 2 ${dp}`);
    expect(text).toContain(`Total pondéré 5 ${m.periods[0].actualUnits!.replace('.', ',')}`);
    expectStatementAmounts(text, m);

    await send(t, 'dgs', ads, { type: 'GIVE_NOTICE', reason: 'Réorganisation de l’instruction entre les communes', effectiveDate: '2027-01-15' });
    const underNotice = (await pdfText(ads, 'annual-statement', 2026)).text;
    expect(underNotice).toContain('Fin prévue 14 janvier 2027 : préavis de résiliation prenant effet le 15 janvier 2027');
  });

  it('states a closed year once every period has its units, by default the last closed year, the same bytes at the same instant', async () => {
    await setClock(t, '2027-01-20T08:00:00Z');
    expect((await t.http.get(`/api/adhesions/${ads}`).set(bearer(t, 'avrille')).expect(200)).body.state).toBe('terminated');
    await record(ads, 2026, 2, { actCounts: { PC: 6, DP: 1, CUa: 4 } });
    await record(paie, 2026, 3, { units: '41' });
    await record(paie, 2026, 4, { units: '44.75' });

    const m = await money(ads, 2026);
    expect(m.final).toBe(true);
    const first = await download('avrille', ads, 'annual-statement').expect(200);
    expect(decodeURIComponent(String(first.headers['content-disposition']).split("UTF-8''")[1])).toBe('bilan-annuel-2026-avrillé-ads.pdf');
    const text = await textOf(first.body as Buffer);
    expect(text).toContain('BILAN ANNUEL 2026 Utilisation');
    expect(text).toContain('Fin 14 janvier 2027 : résiliée, avec effet au 15 janvier 2027');
    expect(text).toContain(`Unités constatées ${m.actualUnits!.replace('.', ',')} équivalents permis de construire`);
    expectStatementAmounts(text, m);
    expect(text).toContain('Certifié exact par l’ordonnateur, le président d’Angers Loire Métropole.');

    // Determinism: the same data at the same instant gives the same bytes, whoever asks; the SHA-256 is in the history.
    const second = (await download('dgs', ads, 'annual-statement', 2026).expect(200)).body as Buffer;
    expect(sha256(second)).toBe(sha256(first.body as Buffer));
    const history = (await t.http.get(`/api/adhesions/${ads}/history`).set(bearer(t, 'avrille')).expect(200)).body as Array<Record<string, unknown>>;
    expect(history.filter((entry) => entry.event === 'DOCUMENT_GENERATED').at(-1)).toMatchObject({
      label: 'Document généré : état annuel',
      payload: { kind: 'annual-statement', sha256: sha256(second) },
    });

    // The payroll's « état annuel » under D5211-16, on units recorded as such.
    const pm = await money(paie, 2026);
    const etat = (await pdfText(paie, 'annual-statement', 2026)).text;
    expect(etat).toContain('ÉTAT ANNUEL 2026 Utilisation');
    expect(etat).toContain('Établi en application de l’article D. 5211-16');
    expect(etat).toContain('1er trimestre 2026 31 12,5');
    expect(etat).not.toContain('attribution de compensation');
    expectStatementAmounts(etat, pm);
  });

  it('states the year after a notice: the days in force until it took effect, with the convention’s cost until the year’s is notified', async () => {
    await record(ads, 2027, 1, { actCounts: { PC: 1 } });
    const m = await money(ads, 2027);
    expect(m.days).toBe(14);
    const { text, fileName } = await pdfText(ads, 'annual-statement', 2027);
    expect(fileName).toBe('bilan-annuel-2027-avrillé-ads.pdf');
    expect(text).toContain('Fin 14 janvier 2027 : résiliée, avec effet au 15 janvier 2027');
    expect(text).toContain('Période couverte : du 1er janvier au 14 janvier 2027, 14 jours sur 365');
    expect(text).toContain('L’année civile 2027 relève de la 1re année de la convention');
    expect(text).toContain('Origine coût de la convention, à titre provisoire : le coût 2027 n’est pas encore notifié');
    expectStatementAmounts(text, m);

    // A year the convention does not touch has no statement; a malformed year is refused.
    const none = await download('dgs', ads, 'annual-statement', 2028).expect(409);
    expect(none.body).toMatchObject({ code: 'document_not_available', kind: 'annual-statement', state: 'terminated', year: 2028 });
    await download('dgs', ads, 'annual-statement', 'abc').expect(400);
    await download('trelaze', ads, 'annual-statement', 2026).expect(404);
    await download('trelaze', ads, 'unit-cost-letter', 2026).expect(404);
  });
});
