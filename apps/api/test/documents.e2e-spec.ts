// The convention, the proposal and the annual statement as PDFs, on both databases: what they say, who may
// download them and when, and the SHA-256 of the bytes served, found again in the adhesion's history.
import { createHash } from 'node:crypto';
import { formatEuros } from '#domain';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { docxText } from '../../../test/support/docx-text.js';
import { download as downloadFile, textOf } from '../../../test/support/downloads.js';
import { send, activate } from '../../../test/support/journeys.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

/** The extracted text with every run of white space (line breaks, no-break spaces) as one space. */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const spaced = (text: string) => text.replace(/\s+/g, ' ');

describe.each(DATABASE_KINDS)('the documents of an adhesion, on %s', (kind) => {
  let t: TestApp;
  let active: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    active = await activate(t, 'avrille', 'ADS', '2026-03-01');
  });
  afterAll(() => t?.close());

  const download = (account: DemoAccount, id: string, document: string) => downloadFile(t, account, `/api/adhesions/${id}/documents/${document}.pdf`);

  /** An adhesion of Trélazé with its proposal issued, not yet accepted. */
  async function proposed(service: string): Promise<string> {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: service, forecastUnits: 12 }).expect(201);
    const id = created.body.id as string;
    await send(t, 'trelaze', id, { type: 'SUBMIT' });
    await send(t, 'dgs', id, { type: 'ACKNOWLEDGE' });
    await send(t, 'dgs', id, { type: 'SUBMIT_STUDY', forecastUnits: 12, staffImpact: false });
    await send(t, 'dgs', id, { type: 'APPROVE_STUDY' });
    await send(t, 'dgs', id, { type: 'ISSUE_PROPOSAL', unitCostCents: 1_500, forecastUnits: 12, startDate: '2026-03-01', validUntil: '2026-02-15' });
    return id;
  }

  it('serves the convention in force as a PDF holding both parties, the service, the amount and the clauses', async () => {
    const res = await download('avrille', active, 'convention').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="convention-avrille-ads.pdf"; filename*=UTF-8''${encodeURIComponent('convention-avrillé-ads.pdf')}`,
    );
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const commune = (await t.http.get('/api/communes/49015').set(bearer(t, 'avrille')).expect(200)).body;
    expect(commune.siren).toMatch(/^\d{9}$/);
    const service = (await t.http.get(`/api/adhesions/${active}`).set(bearer(t, 'avrille')).expect(200)).body.service;

    const text = await textOf(pdf);
    expect(text).toContain('CONVENTION DE MUTUALISATION');
    expect(text).not.toContain('PROJET');
    expect(text).toContain(`La commune d’Avrillé (SIREN ${commune.siren}, code INSEE 49015)`);
    expect(text).toContain('Angers Loire Métropole, communauté urbaine (SIREN 244900015)');
    expect(text).toContain(spaced(service.name));
    // The demo's ADS is a service commun (L5211-4-2): its convention goes to the CST, and D5211-16 is not cited.
    expect(text).toContain('L. 5211-4-2');
    expect(text).toContain('comité social territorial');
    expect(text).toContain('attribution de compensation');
    expect(text).not.toContain('D. 5211-16');
    expect(text).not.toContain('L. 5211-4-1');
    // 10 units × 180 € (the proposal of activate()).
    expect(text).toContain(`${spaced(formatEuros(180_000))} (coût unitaire × unités prévues)`);
    expect(text).toContain(`${spaced(formatEuros(18_000))} par équivalent permis de construire`);
    expect(text).toContain('durée de trois ans à compter du 1er mars 2026');
    expect(text).toContain('renouvelée expressément chaque année');
    expect(text).toContain('n’est jamais reconduite tacitement');
    expect(text).not.toMatch(/tacite reconduction|(?<!jamais )reconduite tacitement|renouvelée tacitement/);
    expect(text).toContain('préavis de 6 mois');
    expect(text).toContain('motif d’intérêt général');
    expect(text).toContain('tribunal administratif de Nantes');
    expect(text).toContain('autorisé par délibération du conseil municipal n° 2026-041 du 5 janvier 2026');
    expect(text).toContain('autorisé par délibération du conseil communautaire n° DEL-2026-117 du 5 janvier 2026');
    expect(text).toContain('Marie Dupont, Maire');
    expect(text).toContain('Christophe Béchu, Président');
    // The demo's ADS processes personal data for the commune: the processor clause (RGPD art. 28); and its
    // weighting table, as the EPCI set it in its catalogue.
    expect(text).toContain('il agit en qualité de sous-traitant au sens de l’article 28 du règlement (UE) 2016/679');
    expect(text).toContain('Permis de construire (PC) 1');
    expect(text).toContain('Déclaration préalable (DP) 0,7');
    expect(text).toContain('L. 5211-39-1');
  });

  it('records the SHA-256 of the bytes served in the history, and serves the same bytes at the same instant', async () => {
    const first = (await download('avrille', active, 'convention').expect(200)).body as Buffer;
    const second = (await download('dgs', active, 'convention').expect(200)).body as Buffer;
    expect(sha256(second)).toBe(sha256(first));

    const history = (await t.http.get(`/api/adhesions/${active}/history`).set(bearer(t, 'avrille')).expect(200)).body as Array<Record<string, unknown>>;
    const documents = history.filter((entry) => entry.event === 'DOCUMENT_GENERATED');
    expect(documents.length).toBeGreaterThanOrEqual(2);
    expect(documents.at(-1)).toMatchObject({
      label: 'Document généré : convention',
      payload: { kind: 'convention', sha256: sha256(first), byteSize: first.length },
      role: 'dgs',
      toState: expect.stringContaining('active'),
    });
    expect(documents.at(-2)).toMatchObject({ role: 'secretary', payload: { sha256: sha256(first) } });
    const instants = history.map((entry) => entry.at as string);
    expect(instants).toEqual([...instants].sort());
    expect(history[0]).toMatchObject({ event: 'CREATED' });
  });

  it('answers 404 to another commune’s secretary, and for a document that does not exist', async () => {
    const res = await download('trelaze', active, 'convention').expect(404);
    expect(res.body).toMatchObject({ code: 'not_found' });
    await download('trelaze', active, 'annual-statement').expect(404);
    await download('avrille', active, 'invoice').expect(404);
  });

  it('answers 409 for the annual statement of an adhesion not active yet, and marks its convention as a draft', async () => {
    const id = await proposed('PAIE');
    const refused = await download('trelaze', id, 'annual-statement').expect(409);
    expect(refused.body).toMatchObject({ code: 'document_not_available', message: expect.stringContaining('pas disponible'), kind: 'annual-statement', state: 'proposal' });

    const draft = await download('trelaze', id, 'convention').expect(200);
    expect(draft.headers['content-disposition']).toContain('filename="projet-de-convention-trelaze-paie.pdf"');
    const text = await textOf(draft.body as Buffer);
    expect(text).toContain('PROJET DE CONVENTION DE MUTUALISATION');
    expect(text).toContain('n° … du … (à intervenir)');
    // The payroll is a mise à disposition de services: L5211-4-1, repaid under D5211-16.
    expect(text).toContain('L. 5211-4-1');
    expect(text).toContain('D. 5211-16');
    expect(text).not.toContain('L. 5211-4-2');

    const proposal = await download('trelaze', id, 'proposal').expect(200);
    const proposalText = await textOf(proposal.body as Buffer);
    expect(proposalText).toContain('PROPOSITION FINANCIÈRE');
    expect(proposalText).toContain(`${spaced(formatEuros(18_000))} (coût unitaire × unités prévues)`);
    expect(proposalText).toContain('15 février 2026');
    expect(proposalText).toContain('Le remboursement suit l’article D. 5211-16');
  });

  it('serves both councils’ model deliberations as Word files from the proposal’s acceptance on, to both parties only', async () => {
    const id = await proposed('INFORMATIQUE');
    const word = (account: DemoAccount, kind: string) => downloadFile(t, account, `/api/adhesions/${id}/documents/${kind}.docx`);
    // Not before the commune accepts the proposal.
    expect((await word('trelaze', 'commune-deliberation').expect(409)).body).toMatchObject({ code: 'document_not_available', state: 'proposal' });
    const before = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'trelaze')).expect(200)).body;
    expect(before.availableDocuments.map((d: { kind: string }) => d.kind)).not.toContain('commune-deliberation');

    await send(t, 'trelaze', id, { type: 'ACCEPT_PROPOSAL' });
    const listed = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'dgs')).expect(200)).body.availableDocuments as Array<{ kind: string; label: string; url: string }>;
    expect(listed.filter((d) => d.url.endsWith('.docx'))).toEqual([
      { kind: 'commune-deliberation', label: 'Modèle de délibération du conseil municipal', url: `/api/adhesions/${id}/documents/commune-deliberation.docx` },
      { kind: 'epci-deliberation', label: 'Modèle de délibération du conseil communautaire', url: `/api/adhesions/${id}/documents/epci-deliberation.docx` },
    ]);

    const res = await word('trelaze', 'commune-deliberation').expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="deliberation-conseil-municipal-trelaze-informatique.docx"; filename*=UTF-8''${encodeURIComponent('délibération-conseil-municipal-trélazé-informatique.docx')}`,
    );
    const text = spaced(await docxText(res.body as Buffer));
    expect(text).toContain('EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU CONSEIL MUNICIPAL');
    expect(text).toContain('le conseil municipal de la commune de Trélazé');
    const service = (await t.http.get(`/api/adhesions/${id}`).set(bearer(t, 'trelaze')).expect(200)).body.service;
    expect(text).toContain(spaced(service.name));
    // 12 units × 15,00 € (the proposal of proposed()): the adhesion's own figure.
    expect(text).toContain(`un coût unitaire de fonctionnement de ${spaced(formatEuros(1_500))} par`);
    expect(text).toContain(`soit un montant annuel prévisionnel de ${spaced(formatEuros(18_000))}`);
    expect(text).toContain(`montant annuel prévisionnel de ${spaced(formatEuros(before.proposalAmountCents))}`);
    // The IT service is a mise à disposition de services: L5211-4-1 and D5211-16.
    expect(text).toContain('L. 5211-4-1');
    expect(text).toContain('D. 5211-16');
    expect(text).toContain('Adoptée par ………… voix pour');

    const epci = spaced(await docxText((await word('dgs', 'epci-deliberation').expect(200)).body as Buffer));
    expect(epci).toContain('le conseil communautaire d’Angers Loire Métropole');
    expect(epci).toContain('D’autoriser le président');

    // Same data, same instant: same bytes, and the SHA-256 in the history.
    const again = (await word('dgs', 'commune-deliberation').expect(200)).body as Buffer;
    expect(sha256(again)).toBe(sha256(res.body as Buffer));
    const history = (await t.http.get(`/api/adhesions/${id}/history`).set(bearer(t, 'trelaze')).expect(200)).body as Array<Record<string, unknown>>;
    expect(history.filter((e) => e.event === 'DOCUMENT_GENERATED').at(-1)).toMatchObject({
      label: 'Document généré : modèle de délibération du conseil municipal',
      payload: { kind: 'commune-deliberation', sha256: sha256(again) },
    });

    // Outside the adhesion's parties: not found; a PDF kind asked as Word, or the reverse: no such document.
    await word('avrille', 'commune-deliberation').expect(404);
    await word('saumurDgs', 'epci-deliberation').expect(404);
    await word('trelaze', 'convention').expect(404);
    await download('trelaze', id, 'commune-deliberation').expect(404);
  });

  it('has no convention nor proposal before a proposal is issued', async () => {
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'trelaze')).send({ communeInsee: '49353', serviceCode: 'ACHATS', forecastUnits: 5 }).expect(201);
    for (const document of ['convention', 'proposal', 'annual-statement']) {
      const res = await download('trelaze', created.body.id, document).expect(409);
      expect(res.body).toMatchObject({ code: 'document_not_available', state: 'draft' });
    }
  });

  it('serves the annual statement of the convention in force, provisional until its cost is notified and its units recorded', async () => {
    const res = await download('dgs', active, 'annual-statement').expect(200);
    // A service commun's yearly statement is the « bilan annuel » of its convention, not the D5211-16 « état annuel ».
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('bilan-annuel-2026-avrillé-ads.pdf')}`);
    const text = await textOf(res.body as Buffer);
    expect(text).toContain('BILAN ANNUEL 2026');
    expect(text).toContain('L. 5211-4-2');
    expect(text).not.toContain('D. 5211-16');
    // The year's cost is not notified yet: the convention's applies, provisionally, and no units are recorded.
    expect(text).toContain(
      `Coût unitaire applicable ${spaced(formatEuros(18_000))} par équivalent permis de construire Origine coût de la convention, à titre provisoire : le coût 2026 n’est pas encore notifié`,
    );
    expect(text).toContain(`Montant prévisionnel pour une année entière ${spaced(formatEuros(180_000))} (${spaced(formatEuros(18_000))} × prévision de 10 équivalents permis de construire)`);
    expect(text).toContain('Ce bilan est provisoire : les unités de la période suivante ne sont pas encore enregistrées : l’année 2026');
    expect(text).toContain('Période couverte : du 1er mars au 31 décembre 2026, 306 jours sur 365');
  });
});
