// The notice letter (lettre de notification du préavis de résiliation), on both databases: none before a party
// gives notice; once the EPCI gave it, both parties find it among the adhesion's documents and download a tagged
// PDF saying who gave notice, when, its effective date, its reason, its legal basis and the exit arrangements.
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download, textOf } from '../../../test/support/downloads.js';
import { inspectPdf } from '../../../test/support/pdf-archival.js';
import { activate, send, setClock } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type TestApp } from '../../../test/support/test-app.js';

describe.each(DATABASE_KINDS)('the notice letter, on %s', (kind) => {
  let t: TestApp;
  let ads: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    ads = await activate(t, 'avrille', 'ADS', '2026-03-01');
  });
  afterAll(() => t?.close());

  const documentsOf = async (id: string) =>
    ((await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'avrille')).expect(200)).body.availableDocuments as Array<{ kind: string; label: string; url: string }>);

  it('is not available before notice is given', async () => {
    expect((await documentsOf(ads)).map((d) => d.kind)).not.toContain('notice-letter');
    const refused = await download(t, 'avrille', `/api/adhesions/${ads}/documents/notice-letter.pdf`).expect(409);
    expect(refused.body).toMatchObject({ code: 'document_not_available', kind: 'notice-letter', state: 'active' });
  });

  it('states who gave notice, when, its effective date, its reason, its legal basis and the exit arrangements, for both parties', async () => {
    await setClock(t, '2026-04-01T08:00:00Z');
    await send(t, 'dgs', ads, { type: 'GIVE_NOTICE', reason: 'Réorganisation de l’instruction entre les communes', effectiveDate: '2027-01-15' });

    const listed = (await documentsOf(ads)).find((d) => d.kind === 'notice-letter');
    expect(listed).toEqual({ kind: 'notice-letter', label: 'Lettre de notification du préavis de résiliation', url: `/api/adhesions/${ads}/documents/notice-letter.pdf` });

    const res = await download(t, 'avrille', listed!.url).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toBe('préavis-de-résiliation-avrillé-ads.pdf');
    const pdf = res.body as Buffer;
    const text = await textOf(pdf);
    for (const expected of [
      'Objet : notification du préavis de résiliation de la convention',
      'Le 1er avril 2026',
      'J’ai l’honneur de vous notifier la décision d’Angers Loire Métropole de mettre fin, pour un motif d’intérêt général',
      'Partie à l’initiative du préavis Angers Loire Métropole',
      'Préavis donné le 1er avril 2026',
      'Préavis prévu par la convention 6 mois',
      'Date d’effet de la résiliation 15 janvier 2027',
      'Dernier jour d’exécution de la convention 14 janvier 2027',
      'Motif d’intérêt général Réorganisation de l’instruction entre les communes',
      'L. 5211-4-2',
      'Commune de Béziers, n° 357028',
      'Dossiers en cours :',
      'Archives :',
      'Données :',
      'Le président d’Angers Loire Métropole',
    ]) {
      expect(text).toContain(expected);
    }
    const inspected = await inspectPdf(pdf);
    expect(inspected.info.Tagged).toBe('yes');
    expect(inspected.fonts.every((font) => font.embedded)).toBe(true);

    await download(t, 'dgs', listed!.url).expect(200);
    await download(t, 'trelaze', listed!.url).expect(404);
  });

  it('stays available once the convention has ended by the notice', async () => {
    await setClock(t, '2027-01-20T08:00:00Z');
    expect((await t.http.get(`/api/adhesions/${ads}`).set(bearer(t, 'avrille')).expect(200)).body.state).toBe('terminated');
    expect((await documentsOf(ads)).map((d) => d.kind)).toContain('notice-letter');
    const text = await textOf((await download(t, 'avrille', `/api/adhesions/${ads}/documents/notice-letter.pdf`).expect(200)).body as Buffer);
    expect(text).toContain('Date d’effet de la résiliation 15 janvier 2027');
  });
});
