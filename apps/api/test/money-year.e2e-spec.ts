// The money of each year, lived with the manual clock (issue 10's "done when"): two ADS conventions of Angers
// Loire Métropole start on 15 March 2027. Avrillé pays quarterly, at the cost the EPCI notifies each year;
// Trélazé pays yearly, at the convention's cost for its whole term, and gives notice in year 2 (effective
// 1 October 2028). The agent records the acts of each period, the secretary contests a figure and the DGS
// corrects it; the DGS notifies each year's cost. After the term, every closed year has its statement, whose
// amounts equal the hand computation below, pro rata included; the page, the statements, the report and the
// members view agree to the cent; and each year's cost reached each member commune exactly once.
import { formatEuros } from '#domain';
import { readCsv } from '../../../test/support/csv.js';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download, textOf, workbookOf } from '../../../test/support/downloads.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

// The EPCI's ADS weights (équivalent permis de construire): PC 1, PA 1,2, PD 0,8, DP 0,7, CUb 0,4, CUa 0,2.
type Counts = Record<string, number>;
const AVRILLE_ACTS: Record<number, Counts[]> = {
  2027: [{ PC: 1 }, { PC: 3, DP: 4 }, { PC: 2, PA: 1, CUa: 3 }, { PC: 4, DP: 2, CUb: 1 }], // 1 + 5,8 + 3,8 + 5,8 = 16,4
  2028: [{ PC: 3, DP: 5 }, { PC: 4, PA: 1 }, { PC: 2, DP: 3, PD: 1 }, { PC: 5, CUb: 2 }], // 6,5 + 5,2 + 4,9 + 5,8 = 22,4
  2029: [{ PC: 4 }, { PC: 3, DP: 3 }, { PC: 3, CUa: 4 }, { PC: 2, DP: 6 }], // 4 + 5,1 + 3,8 + 6,2 = 19,1
  2030: [{ PC: 2, DP: 1 }], // 2,7 (the term ends on 15 March 2030: only the first quarter is in force)
};
const TRELAZE_ACTS: Record<number, Counts> = {
  2027: { PC: 20, DP: 10, CUb: 5 }, // 29
  2028: { PC: 15, DP: 8 }, // 20,6
};
/** The unit cost the DGS sets and notifies each year. */
const COST: Record<number, number> = { 2027: 18_500, 2028: 19_000, 2029: 19_500, 2030: 20_000 };

/**
 * The hand computation. Forecast = unit cost × forecast units × days in force / days of the year, rounded once
 * to the cent (half up); the instalments split it over the quarters by their days in force (largest remainder);
 * amount due = unit cost × units recorded; balance = amount due − instalments.
 */
interface YearFigures {
  days: number;
  daysInYear: number;
  unitCostCents: number;
  forecastCents: number;
  instalments: number[];
  actualUnits: string;
  actualCents: number;
  balanceCents: number;
}
const EXPECTED: Record<'avrille' | 'trelaze', Record<number, YearFigures>> = {
  avrille: {
    // 2027: 15 March → 31 December = 292 days of 365; 185,00 € notified; 185,00 × 42 × 292/365 = 6 216,00 €
    // quarters of 17, 91, 92, 92 days: 621 600 × 17/292 = 36 189,04…, × 91/292 = 193 717,8…, × 92/292 = 195 846,5…
    2027: { days: 292, daysInYear: 365, unitCostCents: 18_500, forecastCents: 621_600, instalments: [36_189, 193_718, 195_847, 195_846], actualUnits: '16.4', actualCents: 303_400, balanceCents: -318_200 },
    // 2028 (leap year) straddles contract years 1 (42 units, to 14 March) and 2 (45 units, from 15 March):
    // 190,00 € × (42 × 74 + 45 × 292) / 366 = 190,00 € × 16 248 / 366 = 8 434,75 €; the quarters weigh
    // 42 × 74 + 45 × 17 = 3 873, 45 × 91 = 4 095, 45 × 92 = 4 140 and 4 140 unit-days
    2028: { days: 366, daysInYear: 366, unitCostCents: 19_000, forecastCents: 843_475, instalments: [201_057, 212_582, 214_918, 214_918], actualUnits: '22.4', actualCents: 425_600, balanceCents: -417_875 },
    // 2029: 45 units to 14 March (73 days), 40 from 15 March (292 days): 195,00 € × (3 285 + 11 680) / 365 = 7 995,00 €
    2029: { days: 365, daysInYear: 365, unitCostCents: 19_500, forecastCents: 799_500, instalments: [211_829, 194_466, 196_603, 196_602], actualUnits: '19.1', actualCents: 372_450, balanceCents: -427_050 },
    // 2030: 1 January → 14 March = 73 days of 365 at 40 units; 200,00 € × 40 × 73/365 = 1 600,00 €
    2030: { days: 73, daysInYear: 365, unitCostCents: 20_000, forecastCents: 160_000, instalments: [160_000], actualUnits: '2.7', actualCents: 54_000, balanceCents: -106_000 },
  },
  trelaze: {
    // 2027: the convention's 180,50 € for the whole term (the notified 185,00 € does not apply); 180,50 × 30 × 292/365
    2027: { days: 292, daysInYear: 365, unitCostCents: 18_050, forecastCents: 433_200, instalments: [433_200], actualUnits: '29', actualCents: 523_450, balanceCents: 90_250 },
    // 2028: notice effective 1 October: 1 January → 30 September = 274 days of 366; 541 500 × 274/366 = 405 385,2…
    2028: { days: 274, daysInYear: 366, unitCostCents: 18_050, forecastCents: 405_385, instalments: [405_385], actualUnits: '20.6', actualCents: 371_830, balanceCents: -33_555 },
  },
};

describe.each(DATABASE_KINDS)('a three-year convention lived with the manual clock, on %s', (kind) => {
  let t: TestApp;
  let avrille: string;
  let trelaze: string;
  const notices: Record<string, number[]> = { avrille: [], trelaze: [], doue: [] };

  const record = (account: DemoAccount, id: string, year: number, period: number, actCounts: Counts, expectedVersion?: number) =>
    t.http
      .put(`/api/adhesions/${id}/usage/${year}/${period}`)
      .set(bearer(t, account))
      .send({ actCounts, ...(expectedVersion !== undefined && { expectedVersion }) });

  /** Sets and notifies the year's ADS cost, then lets the sweep deliver the notices. */
  async function notifyCost(year: number, at: string, expected: string[]) {
    await t.http.put(`/api/services/ADS/unit-costs/${year}`).set(bearer(t, 'dgs')).send({ unitCostCents: COST[year] }).expect(200);
    const notified = await t.http.post(`/api/services/ADS/unit-costs/${year}/notify`).set(bearer(t, 'dgs')).expect(200);
    expect(notified.body.communes.map((c: { communeName: string }) => c.communeName)).toEqual(expected);
    await setClock(t, at);
  }

  async function renew(account: 'avrille' | 'trelaze', id: string, plannedUnits: number) {
    await send(t, account, id, { type: 'CONFIRM_RENEWAL', plannedUnits });
    await send(t, 'dgs', id, { type: 'VALIDATE_RENEWAL' });
  }

  async function unitCostNotices(account: DemoAccount): Promise<number[]> {
    const res = await t.http.get('/api/notifications?pageSize=100').set(bearer(t, account)).expect(200);
    return res.body.items
      .filter((n: { kind: string }) => n.kind === 'unit_cost_notified')
      .map((n: { title: string }) => Number(/\b(20\d\d)\b/.exec(n.title)?.[1]))
      .sort();
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    await setClock(t, '2027-01-04T09:00:00Z');
    avrille = await activate(t, 'avrille', 'ADS', '2027-03-15', '2027-03-15', { unitCostCents: 18_050, forecastUnits: 42, periodicity: 'quarterly', costRevision: 'yearly' });
    trelaze = await activate(t, 'trelaze', 'ADS', '2027-03-15', '2027-03-15', { unitCostCents: 18_050, forecastUnits: 30, periodicity: 'yearly', costRevision: 'fixed' });

    // 2027
    await setClock(t, '2027-04-01T07:00:00Z');
    await notifyCost(2027, '2027-04-01T07:30:00Z', ['Avrillé', 'Trélazé']);
    await record('agent', avrille, 2027, 1, AVRILLE_ACTS[2027][0]).expect(200);
    await setClock(t, '2027-07-02T07:00:00Z');
    // The agent counts 5 DP; the commune contests within 30 days; the DGS corrects to 4.
    await record('agent', avrille, 2027, 2, { PC: 3, DP: 5 }).expect(200);
    await t.http.post(`/api/adhesions/${avrille}/usage/2027/2/contest`).set(bearer(t, 'avrille')).send({ comment: 'Nous comptons 4 déclarations préalables, pas 5.' }).expect(200);
    await record('dgs', avrille, 2027, 2, AVRILLE_ACTS[2027][1], 2).expect(200);
    await setClock(t, '2027-10-02T07:00:00Z');
    await record('agent', avrille, 2027, 3, AVRILLE_ACTS[2027][2]).expect(200);
    await setClock(t, '2027-12-20T08:00:00Z'); // the renewal window opened on 16 December
    await renew('avrille', avrille, 45); // contract year 2 (from 15 March 2028) forecast at 45
    await renew('trelaze', trelaze, 30);

    // 2028
    await setClock(t, '2028-01-05T08:00:00Z');
    await record('agent', avrille, 2027, 4, AVRILLE_ACTS[2027][3]).expect(200);
    await record('agent', trelaze, 2027, 1, TRELAZE_ACTS[2027]).expect(200);
    await setClock(t, '2028-04-01T07:00:00Z');
    await notifyCost(2028, '2028-04-01T07:30:00Z', ['Avrillé', 'Trélazé']);
    await send(t, 'trelaze', trelaze, { type: 'GIVE_NOTICE', reason: 'Motif d’intérêt général : reprise de l’instruction en régie.', effectiveDate: '2028-10-01' });
    await record('agent', avrille, 2028, 1, AVRILLE_ACTS[2028][0]).expect(200);
    await setClock(t, '2028-07-02T07:00:00Z');
    await record('agent', avrille, 2028, 2, AVRILLE_ACTS[2028][1]).expect(200);
    await setClock(t, '2028-10-02T07:00:00Z');
    await record('agent', avrille, 2028, 3, AVRILLE_ACTS[2028][2]).expect(200);
    await record('agent', trelaze, 2028, 1, TRELAZE_ACTS[2028]).expect(200);
    await setClock(t, '2028-12-20T08:00:00Z');
    await renew('avrille', avrille, 40); // contract year 3 (from 15 March 2029) forecast at 40

    // 2029: Trélazé's convention has ended; only Avrillé is told the cost.
    await setClock(t, '2029-01-05T08:00:00Z');
    await record('agent', avrille, 2028, 4, AVRILLE_ACTS[2028][3]).expect(200);
    await setClock(t, '2029-04-01T07:00:00Z');
    await notifyCost(2029, '2029-04-01T07:30:00Z', ['Avrillé']);
    for (const [period, at] of [[1, '2029-04-02'], [2, '2029-07-02'], [3, '2029-10-02'], [4, '2030-01-05']] as const) {
      await setClock(t, `${at}T08:00:00Z`);
      await record('agent', avrille, 2029, period, AVRILLE_ACTS[2029][period - 1]).expect(200);
    }

    // 2030: the term ends on 15 March; the first quarter's acts are recorded after it.
    await setClock(t, '2030-03-02T08:00:00Z');
    await notifyCost(2030, '2030-03-02T08:30:00Z', ['Avrillé']);
    await setClock(t, '2030-04-02T08:00:00Z');
    await record('agent', avrille, 2030, 1, AVRILLE_ACTS[2030][0]).expect(200);
    await setClock(t, '2031-01-05T08:00:00Z');

    for (const account of ['avrille', 'trelaze', 'doue'] as const) notices[account] = await unitCostNotices(account);
  }, 300_000);
  afterAll(() => t?.close());

  it('ends as the law says: Avrillé at its term, Trélazé on its notice', async () => {
    expect((await t.http.get(`/api/adhesions/${avrille}`).set(bearer(t, 'dgs')).expect(200)).body.state).toBe('ended');
    expect((await t.http.get(`/api/adhesions/${trelaze}`).set(bearer(t, 'dgs')).expect(200)).body.state).toBe('terminated');
  });

  it.each([
    ['avrille', 2027],
    ['avrille', 2028],
    ['avrille', 2029],
    ['avrille', 2030],
    ['trelaze', 2027],
    ['trelaze', 2028],
  ] as const)('the statement of %s for %i matches the hand computation, to the cent', async (commune, year) => {
    const id = commune === 'avrille' ? avrille : trelaze;
    const expected = EXPECTED[commune][year];
    const money = await t.http.get(`/api/adhesions/${id}/money?year=${year}`).set(bearer(t, commune)).expect(200);
    expect(money.body).toMatchObject({
      year,
      final: true,
      days: expected.days,
      daysInYear: expected.daysInYear,
      unitCostCents: expected.unitCostCents,
      unitCostSource: commune === 'avrille' ? 'notified' : 'convention',
      forecastCents: expected.forecastCents,
      actualUnits: expected.actualUnits,
      actualCents: expected.actualCents,
      invoicedCents: expected.forecastCents,
      balanceCents: expected.balanceCents,
    });
    expect(money.body.periods.map((p: { instalmentCents: number }) => p.instalmentCents)).toEqual(expected.instalments);
  });

  it.each([2027, 2028, 2029, 2030])('in %i, the page, the statements, the annual report and the members view agree to the cent', async (year) => {
    const statements = await t.http.get(`/api/reports/statements?year=${year}`).set(bearer(t, 'dgs')).expect(200);
    const report = await t.http.get(`/api/reports/annual?year=${year}`).set(bearer(t, 'dgs')).expect(200);
    const members = await t.http.get(`/api/services/ADS/members?year=${year}`).set(bearer(t, 'dgs')).expect(200);
    const rows = statements.body.rows.filter((r: { serviceCode: string }) => r.serviceCode === 'ADS');
    const ours = [avrille, trelaze];
    for (const id of ours) {
      const row = rows.find((r: { adhesionId: string }) => r.adhesionId === id);
      const member = members.body.members.find((m: { adhesionId: string }) => m.adhesionId === id);
      const inForce = year <= 2028 || id === avrille;
      if (!inForce) {
        expect([row, member]).toEqual([undefined, undefined]);
        continue;
      }
      const page = (await t.http.get(`/api/adhesions/${id}/money?year=${year}`).set(bearer(t, 'dgs')).expect(200)).body;
      expect(row).toMatchObject({ forecastCents: page.forecastCents, actualCents: page.actualCents, invoicedCents: page.invoicedCents, balanceCents: page.balanceCents, days: page.days });
      expect(row.instalments.map((i: { instalmentCents: number }) => i.instalmentCents)).toEqual(page.periods.map((p: { instalmentCents: number }) => p.instalmentCents));
      expect(member.amountCents).toBe(page.forecastCents);
      const communeInsee = id === avrille ? '49015' : '49353';
      const byCommune = report.body.money.byCommune.find((c: { communeInsee: string }) => c.communeInsee === communeInsee);
      // Our commune's only ADS convention: the report's line for it is this convention's, unless it has others.
      const sameCommune = statements.body.rows.filter((r: { communeInsee: string }) => r.communeInsee === communeInsee);
      expect(byCommune.forecastCents).toBe(sameCommune.reduce((sum: number, r: { forecastCents: number }) => sum + r.forecastCents, 0));
    }
    const ads = report.body.money.byService.find((s: { serviceCode: string }) => s.serviceCode === 'ADS');
    expect(ads.forecastCents).toBe(rows.reduce((sum: number, r: { forecastCents: number }) => sum + r.forecastCents, 0));
    expect(ads.actualCents).toBe(rows.reduce((sum: number, r: { actualCents: number | null }) => sum + (r.actualCents ?? 0), 0));
    expect(report.body.amounts.find((a: { serviceCode: string }) => a.serviceCode === 'ADS').annualAmountCents).toBe(ads.forecastCents);
    expect(statements.body.totals.forecastCents).toBe(statements.body.rows.reduce((sum: number, r: { forecastCents: number }) => sum + r.forecastCents, 0));
  });

  it.each([2027, 2028])('in %i, the PDF statement, the CSV and the XLSX print the hand computation, to the cent', async (year) => {
    const csv = readCsv((await download(t, 'dgs', `/api/reports/statements.csv?year=${year}&service=ADS`).expect(200)).body as Buffer).records;
    const [headers, ...lines] = csv;
    const column = (line: string[], header: string) => line[headers.indexOf(header)];
    const sheet = (await workbookOf((await download(t, 'dgs', `/api/reports/statements.xlsx?year=${year}&service=ADS`).expect(200)).body as Buffer)).getWorksheet('États')!;
    const sheetHeaders = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const frenchCents = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
    for (const [commune, id, name] of [['avrille', avrille, 'Avrillé'], ['trelaze', trelaze, 'Trélazé']] as const) {
      const expected = EXPECTED[commune][year];
      const line = lines.find((l) => column(l, 'Commune') === name)!;
      expect([column(line, 'Montant prévisionnel (€)'), column(line, 'Montant dû (€)'), column(line, 'Acomptes facturés (€)'), column(line, 'Solde (€)')]).toEqual(
        [expected.forecastCents, expected.actualCents, expected.forecastCents, expected.balanceCents].map(frenchCents),
      );
      let cells: number[] = [];
      sheet.eachRow((row) => {
        if (row.getCell(sheetHeaders.indexOf('Commune') + 1).value === name) {
          cells = ['Montant prévisionnel (€)', 'Montant dû (€)', 'Solde (€)'].map((h) => Math.round(Number(row.getCell(sheetHeaders.indexOf(h) + 1).value) * 100));
        }
      });
      expect(cells).toEqual([expected.forecastCents, expected.actualCents, expected.balanceCents]);
      const pdf = await textOf((await download(t, commune, `/api/adhesions/${id}/documents/annual-statement.pdf?year=${year}`).expect(200)).body as Buffer);
      for (const cents of [expected.forecastCents, expected.actualCents, Math.abs(expected.balanceCents), ...expected.instalments]) {
        expect(pdf).toContain(formatEuros(cents).replace(/\s+/g, ' '));
      }
    }
  });

  it('each year’s cost reached each member commune exactly once, and no other', () => {
    expect(notices.avrille).toEqual([2027, 2028, 2029, 2030]);
    expect(notices.trelaze).toEqual([2027, 2028]);
    expect(notices.doue).toEqual([]);
  });

  it('keeps the trail of every change of the units: recorded, contested, corrected', async () => {
    const usage = await t.http.get(`/api/adhesions/${avrille}/usage`).set(bearer(t, 'avrille')).expect(200);
    const q2 = usage.body.audit.filter((a: { year: number; period: number }) => a.year === 2027 && a.period === 2);
    expect(q2.map((a: { action: string; units: string }) => [a.action, a.units])).toEqual([
      ['recorded', '6.5'],
      ['contested', '6.5'],
      ['corrected', '5.8'],
    ]);
    expect(q2[1].comment).toContain('4 déclarations préalables');
    expect(usage.body.records).toHaveLength(4 + 4 + 4 + 1);
    // Another EPCI's DGS does not know the file exists.
    await t.http.get(`/api/adhesions/${avrille}/usage`).set(bearer(t, 'saumurDgs')).expect(404);
    await t.http.get(`/api/adhesions/${avrille}/money?year=2027`).set(bearer(t, 'saumurDgs')).expect(404);
  });
});
