// The exports of a year for the comptable public and the finance department, on both databases: conventions
// made active through the API, units recorded by the agent and the DGS, then the CSV and the XLSX read back
// and compared, row for row and to the cent, with GET /api/reports/statements; the scope of a secretary and of
// another EPCI's DGS; and a service renamed into a formula, which comes out as text in both files.
import ExcelJS from 'exceljs';
import { type StatementRow, type YearStatements } from '#contracts';
import { readCsv } from '../../../test/support/csv.js';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download as downloadFile, workbookOf } from '../../../test/support/downloads.js';
import { activate, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

const YEAR = 2026;
const AVRILLE = '49015';
const TRELAZE = '49353';
const FORMULA = '=HYPERLINK("http://x","y")';

/** 123456 → '1234,56', null → '' (written independently of the generator). */
const euros = (cents: number | null) => (cents === null ? '' : `${cents < 0 ? '-' : ''}${(Math.abs(cents) / 100).toFixed(2).replace('.', ',')}`);
const units = (value: string | null) => (value === null ? '' : value.replace('.', ','));
const jjmmaaaa = (date: string) => date.split('-').reverse().join('/');
const safe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
/** A number of the workbook (euros) as cents; a blank cell as null. */
const cents = (value: ExcelJS.CellValue) => (value === null || value === undefined ? null : Math.round((value as number) * 100));

describe.each(DATABASE_KINDS)('the exports of a year’s statements, on %s', (kind) => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  /**
   * As journeys.ts's activate(), with the payments' periodicity. Its events go around the OpenAPI check (the
   * exports' answers do not): libs/contracts's `details.proposal` and `details.terms` of an adhesion do not
   * declare the `periodicity` and `costRevision` that the machine now keeps, so every event's answer from the
   * proposal on fails the check, activate()'s too.
   */
  const activateWith = (secretary: 'avrille' | 'trelaze', service: string, startDate: string, periodicity: 'yearly' | 'quarterly' = 'yearly') =>
    activate(t, secretary, service, startDate, startDate, { forecastUnits: 40, unitCostCents: 23_317, periodicity });

  beforeAll(async () => {
    t = await startTestApp(kind);
    // The RGPD is a service commun: the DGS charges it against the attribution de compensation.
    await t.http.patch('/api/services/RGPD').set(bearer(t, 'dgs')).send({ settlement: 'compensation' }).expect(200);
    ids.ads = await activateWith('avrille', 'ADS', '2026-02-01', 'quarterly');
    ids.paie = await activateWith('trelaze', 'PAIE', '2026-03-01');
    ids.carrieres = await activateWith('trelaze', 'CARRIERES', '2026-06-01');
    ids.rgpdAvrille = await activateWith('avrille', 'RGPD', '2026-02-01');
    ids.rgpdTrelaze = await activateWith('trelaze', 'RGPD', '2026-04-15');
    await setClock(t, '2026-11-20T09:00:00Z');
    // The agent of the ADS counts its acts, quarter by quarter; the DGS records the payroll's units. The
    // careers' units are not recorded: their actual amount and balance are not known yet.
    const acts = [{ PC: 3, DP: 5 }, { PC: 4, PA: 1, CUa: 7 }, { PD: 2, CUb: 3 }, { PC: 1 }];
    for (const [i, actCounts] of acts.entries()) {
      await t.http.put(`/api/adhesions/${ids.ads}/usage/${YEAR}/${i + 1}`).set(bearer(t, i % 2 ? 'dgs' : 'agent')).send({ actCounts }).expect(200);
    }
    await t.http.put(`/api/adhesions/${ids.paie}/usage/${YEAR}/1`).set(bearer(t, 'dgs')).send({ units: '12.5' }).expect(200);
  });
  afterAll(() => t?.close());

  const download = (account: DemoAccount, path: string) => downloadFile(t, account, path);

  async function statements(account: DemoAccount, query = `year=${YEAR}`): Promise<YearStatements> {
    return (await t.http.get(`/api/reports/statements?${query}`).set(bearer(t, account)).expect(200)).body as YearStatements;
  }

  /** A CSV table as records keyed by header. */
  async function csv(account: DemoAccount, query: string): Promise<Array<Record<string, string>>> {
    const res = await download(account, `/api/reports/statements.csv?${query}`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const { bom, records } = readCsv(res.body as Buffer);
    expect(bom).toBe(true);
    const [headers, ...rows] = records;
    return rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i]])));
  }

  async function xlsx(account: DemoAccount, query = `year=${YEAR}`): Promise<ExcelJS.Workbook> {
    const res = await download(account, `/api/reports/statements.xlsx?${query}`).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return workbookOf(res.body as Buffer);
  }

  /** The rows of a sheet keyed by header (the totals row left out). */
  function sheetRows(workbook: ExcelJS.Workbook, name: string): Array<Record<string, ExcelJS.CellValue>> {
    const sheet = workbook.getWorksheet(name)!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Array<Record<string, ExcelJS.CellValue>> = [];
    sheet.eachRow((row, number) => {
      if (number === 1 || row.getCell(2).value === 'Total') return;
      rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    return rows;
  }

  const instalmentsOf = (rows: StatementRow[]) => rows.flatMap((row) => row.instalments.map((p) => ({ row, p })));

  it('serves the CSV and the XLSX beside the JSON route, as attachments named after the year and the EPCI', async () => {
    const json = await t.http.get(`/api/reports/statements?year=${YEAR}`).set(bearer(t, 'dgs')).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    const res = await download('dgs', `/api/reports/statements.csv?year=${YEAR}`).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="etats-${YEAR}-angers-loire-metropole.csv"; filename*=UTF-8''etats-${YEAR}-angers-loire-m%C3%A9tropole.csv`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const instalments = await download('dgs', `/api/reports/statements.csv?year=${YEAR}&table=instalments&service=ADS&commune=${AVRILLE}`).expect(200);
    expect(instalments.headers['content-disposition']).toContain(`filename="echeances-${YEAR}-angers-loire-metropole-ads-${AVRILLE}.csv"`);
    const workbook = await download('dgs', `/api/reports/statements.xlsx?year=${YEAR}`).expect(200);
    expect(workbook.headers['content-disposition']).toContain(`filename="etats-${YEAR}-angers-loire-metropole.xlsx"`);
    expect((await download('dgs', `/api/reports/statements.csv?table=everything`).expect(400)).body).toMatchObject({ code: 'invalid_input', issues: [{ field: 'table' }] });
    expect((await download('admin', `/api/reports/statements.xlsx`).expect(400)).body).toMatchObject({ code: 'invalid_input', issues: [{ field: 'epci' }] });
  });

  it('gives in the CSV, row for row and to the cent, the statements of the JSON route', async () => {
    const json = await statements('dgs');
    const mine = json.rows.filter((r) => Object.values(ids).includes(r.adhesionId));
    expect(mine).toHaveLength(5);
    // What was set up: a known actual and a balance, an unknown one, a credit or a debt, keys.
    const ads = json.rows.find((r) => r.adhesionId === ids.ads)!;
    expect(ads).toMatchObject({ periodicity: 'quarterly', actualUnits: expect.any(String), invoicedCents: expect.any(Number) });
    expect(ads.instalments).toHaveLength(4);
    expect(ads.balanceCents).toBe(ads.actualCents! - ads.invoicedCents);
    expect(json.rows.find((r) => r.adhesionId === ids.carrieres)).toMatchObject({ actualCents: null, balanceCents: null });
    expect(json.rows.find((r) => r.adhesionId === ids.rgpdAvrille)).toMatchObject({ unitCostSource: 'keys', settlement: 'compensation', key: expect.any(String) });

    const table = await csv('dgs', `year=${YEAR}`);
    expect(table).toHaveLength(json.rows.length);
    json.rows.forEach((row, i) => {
      expect(table[i]).toMatchObject({
        Exercice: String(YEAR),
        Commune: row.communeName,
        'Code INSEE': row.communeInsee,
        Service: safe(row.serviceName),
        Règlement: row.settlement === 'compensation' ? 'Imputation sur l’attribution de compensation' : 'Titre de recettes',
        'Clé de répartition': units(row.key),
        'Coût unitaire (€)': euros(row.unitCostCents),
        'Unités prévisionnelles': units(row.forecastUnits),
        'Jours en vigueur': String(row.days),
        'Jours de l’année': String(row.daysInYear),
        'Montant prévisionnel (€)': euros(row.forecastCents),
        'Unités réelles': units(row.actualUnits),
        'Montant dû (€)': euros(row.actualCents),
        'Acomptes facturés (€)': euros(row.invoicedCents),
        'Solde (€)': euros(row.balanceCents),
      });
    });
    expect(table.find((r) => r['Code INSEE'] === AVRILLE && r.Service.includes('ADS'))).toMatchObject({ Périodicité: 'trimestrielle' });

    const instalments = await csv('dgs', `year=${YEAR}&table=instalments`);
    const expected = instalmentsOf(json.rows);
    expect(instalments).toHaveLength(expected.length);
    expected.forEach(({ row, p }, i) => {
      expect(instalments[i]).toMatchObject({ Commune: row.communeName, Service: safe(row.serviceName), Du: jjmmaaaa(p.from), Au: jjmmaaaa(p.to), 'Montant de l’échéance (€)': euros(p.instalmentCents), 'Unités réelles': units(p.actualUnits) });
    });
    expect(instalments.filter((r) => r['Code INSEE'] === AVRILLE && r.Service.includes('ADS')).map((r) => r.Période)).toEqual(['1er trimestre 2026', '2e trimestre 2026', '3e trimestre 2026', '4e trimestre 2026']);

    const shares = await csv('dgs', `year=${YEAR}&table=shares`);
    const keys = json.rows.filter((r) => r.unitCostSource === 'keys');
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(shares).toEqual(
      keys.map((row) => ({
        Exercice: String(YEAR),
        Commune: row.communeName,
        'Code INSEE': row.communeInsee,
        Service: safe(row.serviceName),
        'Clé de répartition': units(row.key),
        'Jours en vigueur': String(row.days),
        'Jours de l’année': String(row.daysInYear),
        'Part de l’année (€)': euros(row.forecastCents),
      })),
    );
  });

  it('gives in the XLSX, row for row and to the cent, the statements of the JSON route and their totals', async () => {
    const json = await statements('dgs');
    const workbook = await xlsx('dgs');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['États', 'Échéances', 'Clés de répartition']);

    const rows = sheetRows(workbook, 'États');
    expect(rows).toHaveLength(json.rows.length);
    json.rows.forEach((row, i) => {
      const read = rows[i];
      expect([read['Commune'], read['Code INSEE'], read['Service']]).toEqual([row.communeName, row.communeInsee, safe(row.serviceName)]);
      expect(cents(read['Coût unitaire (€)'])).toBe(row.unitCostCents);
      expect(cents(read['Montant prévisionnel (€)'])).toBe(row.forecastCents);
      expect(cents(read['Montant dû (€)'])).toBe(row.actualCents);
      expect(cents(read['Acomptes facturés (€)'])).toBe(row.invoicedCents);
      expect(cents(read['Solde (€)'])).toBe(row.balanceCents);
      expect([read['Jours en vigueur'], read['Jours de l’année']]).toEqual([row.days, row.daysInYear]);
      expect(read['Unités réelles']).toBe(row.actualUnits === null ? null : Number(row.actualUnits));
    });
    const sheet = workbook.getWorksheet('États')!;
    const totals = sheet.getRow(json.rows.length + 2);
    expect(totals.getCell(2).value).toBe('Total');
    const result = (c: number) => cents((totals.getCell(c).value as { result: number }).result);
    expect([result(14), result(16), result(17), result(18)]).toEqual([json.totals.forecastCents, json.totals.actualCents, json.totals.invoicedCents, json.totals.balanceCents]);

    const instalments = sheetRows(workbook, 'Échéances');
    const expected = instalmentsOf(json.rows);
    expect(instalments).toHaveLength(expected.length);
    expected.forEach(({ row, p }, i) => {
      expect(instalments[i]['Code INSEE']).toBe(row.communeInsee);
      expect(instalments[i]['Du']).toEqual(new Date(`${p.from}T00:00:00Z`));
      expect(instalments[i]['Au']).toEqual(new Date(`${p.to}T00:00:00Z`));
      expect(cents(instalments[i]['Montant de l’échéance (€)'])).toBe(p.instalmentCents);
    });
    const shares = sheetRows(workbook, 'Clés de répartition');
    expect(shares.map((r) => [r['Code INSEE'], cents(r['Part de l’année (€)'])])).toEqual(json.rows.filter((r) => r.unitCostSource === 'keys').map((r) => [r.communeInsee, r.forecastCents]));
  });

  it('holds only her commune’s rows for a secretary, and none of this EPCI’s for another EPCI’s DGS', async () => {
    const avrille = await statements('avrille');
    expect(avrille.rows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(avrille.rows.map((r) => r.communeInsee))).toEqual(new Set([AVRILLE]));
    for (const table of ['statements', 'instalments', 'shares']) {
      const rows = await csv('avrille', `year=${YEAR}&table=${table}`);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r['Code INSEE']))).toEqual(new Set([AVRILLE]));
    }
    expect((await csv('avrille', `year=${YEAR}`)).map((r) => r['Montant prévisionnel (€)'])).toEqual(avrille.rows.map((r) => euros(r.forecastCents)));
    const workbook = await xlsx('avrille');
    for (const name of ['États', 'Échéances', 'Clés de répartition']) {
      const rows = sheetRows(workbook, name);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r['Code INSEE']))).toEqual(new Set([AVRILLE]));
    }
    // She cannot name another commune into her export.
    expect(await csv('avrille', `year=${YEAR}&commune=${TRELAZE}`)).toEqual([]);

    // The agent of the ADS: the services of its pole only.
    const agent = await statements('agent');
    expect(agent.rows.map((r) => r.serviceCode)).toContain('ADS');
    expect(agent.rows.map((r) => r.serviceCode)).not.toContain('PAIE');
    expect((await csv('agent', `year=${YEAR}`)).map((r) => [r['Code INSEE'], r.Service])).toEqual(agent.rows.map((r) => [r.communeInsee, safe(r.serviceName)]));

    const saumur = await statements('saumurDgs');
    const theirs = await csv('saumurDgs', `year=${YEAR}`);
    expect(theirs.map((r) => r['Code INSEE'])).toEqual(saumur.rows.map((r) => r.communeInsee));
    expect(theirs.filter((r) => [AVRILLE, TRELAZE].includes(r['Code INSEE']))).toEqual([]);
    const res = await download('saumurDgs', `/api/reports/statements.csv?year=${YEAR}`).expect(200);
    expect(res.headers['content-disposition']).toContain(`filename="etats-${YEAR}-saumur-val-de-loire.csv"`);
    const book = await xlsx('saumurDgs');
    for (const name of ['États', 'Échéances', 'Clés de répartition']) {
      expect(sheetRows(book, name).filter((r) => [AVRILLE, TRELAZE].includes(r['Code INSEE'] as string))).toEqual([]);
    }
    // The admin names the EPCI, and gets the DGS's figures.
    const dgs = await csv('dgs', `year=${YEAR}`);
    expect(await csv('admin', `year=${YEAR}&epci=${(await statements('dgs')).epciSiren}`)).toEqual(dgs);
  });

  it('writes a service renamed into a formula as text, in the CSV and in the XLSX', async () => {
    await t.http.patch('/api/services/ADS').set(bearer(t, 'dgs')).send({ name: FORMULA }).expect(200);
    const json = await statements('dgs');
    expect(json.rows.find((r) => r.adhesionId === ids.ads)!.serviceName).toBe(FORMULA);

    const res = await download('dgs', `/api/reports/statements.csv?year=${YEAR}`).expect(200);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`;"'=HYPERLINK(""http://x"",""y"")";`);
    expect(text).not.toMatch(/;=HYPERLINK/);
    for (const table of ['statements', 'instalments']) {
      const rows = (await csv('dgs', `year=${YEAR}&table=${table}`)).filter((r) => r['Code INSEE'] === AVRILLE && r.Service.includes('HYPERLINK'));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.Service).toBe(`'${FORMULA}`);
    }

    const workbook = await xlsx('dgs');
    let seen = 0;
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row, number) => {
        row.eachCell((cell) => {
          // The only formulas of the workbook are the totals of the statements.
          if (cell.type === ExcelJS.ValueType.Formula) {
            expect([sheet.name, number, cell.formula]).toEqual(['États', sheet.rowCount, expect.stringMatching(/^SUBTOTAL\(9,[A-Z]+2:[A-Z]+\d+\)$/)]);
          }
          if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK')) {
            expect(cell.type).toBe(ExcelJS.ValueType.String);
            expect(cell.value).toBe(`'${FORMULA}`);
            seen += 1;
          }
        });
      });
    }
    expect(seen).toBe(1 + 4);
  });
});
