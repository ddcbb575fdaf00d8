// An avenant through the API, on both databases: a 67 % rise of the unit cost proposed by the EPCI, accepted by
// the commune, approved by both councils, signed by both, its PDF downloaded (numbered, hashed in the history),
// and its terms applied on its effective date by the clock, not before.
import { createHash } from 'node:crypto';
import { formatEuros } from '#domain';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download, textOf } from '../../../test/support/downloads.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const spaced = (text: string) => text.replace(/\s+/g, ' ');

describe.each(DATABASE_KINDS)('an avenant, on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  const read = async (id: string) => (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille')).expect(200)).body;
  const amendmentLeaf = (adhesion: { stateDetail: Array<{ id: string; label: string }> }) => adhesion.stateDetail.find((s) => s.id.startsWith('active.amendment.'));

  it('goes from proposal to signatures, serves its numbered PDF, and applies its terms on its effective date only', async () => {
    const id = await activate(t, 'avrille', 'ADS', '2026-03-01'); // 180 € a unit
    await setClock(t, '2026-04-01T08:00:00Z');
    const rise = { unitCostCents: 30_000, forecastUnits: 10, description: 'Hausse du coût unitaire' };

    // An effective date in the past is a 422 naming the field, in French.
    const past = await t.http
      .post(`/api/adhesions/${id}/events`)
      .set(bearer(t, 'dgs'))
      .send({ type: 'PROPOSE_AMENDMENT', terms: rise, effectiveDate: '2026-03-15' })
      .expect(422);
    expect(past.body).toMatchObject({ code: 'rule_violated', issues: [{ field: 'effectiveDate', code: 'amendment_effective_in_past', message: expect.stringContaining('01/04/2026') }] });

    // An avenant changes something, among the options its service offers.
    const same = await t.http
      .post(`/api/adhesions/${id}/events`)
      .set(bearer(t, 'dgs'))
      .send({ type: 'PROPOSE_AMENDMENT', terms: { unitCostCents: 18_000, forecastUnits: 10, description: 'Rien' }, effectiveDate: '2026-07-01' })
      .expect(422);
    expect(same.body.issues).toEqual([expect.objectContaining({ field: 'terms', code: 'nothing_changes' })]);
    const unknown = await t.http
      .post(`/api/adhesions/${id}/events`)
      .set(bearer(t, 'dgs'))
      .send({ type: 'PROPOSE_AMENDMENT', options: ['NOPE'], effectiveDate: '2026-07-01' })
      .expect(422);
    expect(unknown.body.issues).toEqual(expect.arrayContaining([{ field: 'options', code: 'unknown_option', message: 'Le service ne propose pas ces options : NOPE.' }]));

    const proposed = await send(t, 'dgs', id, { type: 'PROPOSE_AMENDMENT', terms: rise, effectiveDate: '2026-07-01', reason: 'Révision du coût du service' });
    expect(amendmentLeaf(proposed)?.id).toBe('active.amendment.pending');
    expect(proposed.waitingFor).toEqual(['commune']);

    const accepted = await send(t, 'avrille', id, { type: 'ACCEPT_AMENDMENT' });
    expect(amendmentLeaf(accepted)?.id).toBe('active.amendment.deliberations');
    expect(accepted.details.terms.unitCostCents).toBe(18_000);
    expect(accepted.waitingFor).toEqual(['commune', 'epci']);

    // A deliberation dated before the acceptance: the 422 and its sentence.
    const early = await t.http
      .post(`/api/adhesions/${id}/events`)
      .set(bearer(t, 'avrille'))
      .send({ type: 'RECORD_AMENDMENT_DELIBERATION', outcome: 'adopted', number: '2026-050', date: '2026-03-31' })
      .expect(422);
    expect(early.body.issues).toEqual([
      { field: 'date', code: 'amendment_deliberation_before_acceptance', message: 'La date de la délibération ne peut pas précéder l’acceptation de l’avenant (01/04/2026).' },
    ]);

    await send(t, 'avrille', id, { type: 'RECORD_AMENDMENT_DELIBERATION', outcome: 'adopted', number: '2026-050', date: '2026-04-01' });
    const deliberated = await send(t, 'dgs', id, { type: 'RECORD_AMENDMENT_DELIBERATION', outcome: 'adopted', number: 'DEL-2026-201', date: '2026-04-01' });
    expect(amendmentLeaf(deliberated)?.id).toBe('active.amendment.signature');
    await send(t, 'avrille', id, { type: 'SIGN_AMENDMENT', signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: '2026-04-01' });
    const signed = await send(t, 'dgs', id, { type: 'SIGN_AMENDMENT', signatoryName: 'Christophe Béchu', signatoryQuality: 'Président', date: '2026-04-01' });
    expect(amendmentLeaf(signed)?.id).toBe('active.amendment.scheduled');
    expect(signed.details.terms.unitCostCents).toBe(18_000);

    // The avenant's PDF: its number, the new cost, its SHA-256 in the history.
    const listed = signed.availableDocuments.find((d: { kind: string }) => d.kind === 'amendment');
    expect(listed).toMatchObject({ label: 'Avenant n° 1', url: `/api/adhesions/${id}/documents/amendment.pdf?number=1` });
    const res = await download(t, 'avrille', listed.url).expect(200);
    const pdf = res.body as Buffer;
    const text = spaced(await textOf(pdf));
    expect(text).toContain('AVENANT N° 1');
    expect(text).toContain('Avenant n° 1');
    expect(text).toContain(`${spaced(formatEuros(30_000))} par équivalent permis de construire`);
    expect(text).toContain(`${spaced(formatEuros(18_000))} par équivalent permis de construire`);
    expect(text).toContain('prend effet le 1er juillet 2026');
    expect(text).toContain('n° DEL-2026-201 du 1er avril 2026');
    const history = (await t.http.get(`/api/adhesions/${id}/history`).set(bearer(t, 'avrille')).expect(200)).body as Array<Record<string, unknown>>;
    expect(history.filter((e) => e.event === 'DOCUMENT_GENERATED').at(-1)).toMatchObject({ payload: { kind: 'amendment', sha256: sha256(pdf), byteSize: pdf.length } });

    // The day before its effective date, the old terms; on it, the new ones, delivered by the clock.
    await setClock(t, '2026-06-30T12:00:00Z');
    expect((await read(id)).details.terms.unitCostCents).toBe(18_000);
    await setClock(t, '2026-07-01T08:00:00Z');
    const applied = await read(id);
    expect(applied.details.terms.unitCostCents).toBe(30_000);
    expect(amendmentLeaf(applied)?.id).toBe('active.amendment.none');
    expect(applied.details.amendments).toEqual([expect.objectContaining({ number: 1, appliedOn: '2026-07-01' })]);

    // The money of 2026 is split at 1 July: 180 € a unit before, 300 € from it, never the new cost for the whole
    // year. (180 € × 10 × 122 + 300 € × 10 × 184) / 365 = 2 113,972… €, not 300 € × 10 × 306 / 365 = 2 515,07 €.
    const money = (await t.http.get(`/api/adhesions/${id}/money?year=2026`).set(bearer(t, 'avrille')).expect(200)).body;
    expect(money.unitCosts).toEqual([
      { from: '2026-03-01', to: '2026-06-30', unitCostCents: 18_000 },
      { from: '2026-07-01', to: '2026-12-31', unitCostCents: 30_000 },
    ]);
    expect(money.forecastCents).toBe(211_397);
    expect(money.unitCostCents).toBe(30_000);
    // The report, its export and the statement read the same figures, to the cent.
    const report = (await t.http.get('/api/reports/statements?year=2026&service=ADS&commune=49015').set(bearer(t, 'dgs')).expect(200)).body;
    expect(report.rows.find((r: { adhesionId: string }) => r.adhesionId === id)).toMatchObject({ forecastCents: 211_397, instalments: [{ instalmentCents: 211_397 }] });
    const statement = spaced(await textOf((await download(t, 'avrille', `/api/adhesions/${id}/documents/annual-statement.pdf?year=2026`).expect(200)).body as Buffer));
    expect(statement).toContain(`${spaced(formatEuros(18_000))} par équivalent permis de construire du 1er mars au 30 juin 2026 et ${spaced(formatEuros(30_000))} par équivalent permis de construire du 1er juillet au 31 décembre 2026`);
    expect(statement).toContain(`${spaced(formatEuros(211_397))} (au prorata de 306 jours sur 365), chaque jour au coût unitaire en vigueur`);
    // 2027 is wholly under the avenant.
    const next = (await t.http.get(`/api/adhesions/${id}/money?year=2027`).set(bearer(t, 'avrille')).expect(200)).body;
    expect(next.unitCosts).toEqual([{ from: '2027-01-01', to: '2027-12-31', unitCostCents: 30_000 }]);
    expect(next.forecastCents).toBe(300_000);
  });
});
