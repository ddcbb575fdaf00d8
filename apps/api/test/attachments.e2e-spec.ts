// Files attached to an adhesion, on both databases, over HTTP: a PDF uploaded and downloaded with the same SHA-256,
// the type judged by the bytes (415), the 20 MB limit (413), an empty file (422), the metadata checked field by
// field, the two parties alone seeing them (404 for anyone else), the history listing them, and the CSRF
// middleware letting this one route take multipart while still refusing it from another site.
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import { MAX_ATTACHMENT_BYTES } from '#contracts';
import { DATABASE_KINDS } from '../../../test/support/databases.js';
import { download } from '../../../test/support/downloads.js';
import { SAMPLE_EXE, SAMPLE_PDF, SAMPLE_PNG, SAMPLE_TEXT } from '../../../test/support/sample-files.js';
import { bearer, startTestApp, type DemoAccount, type TestApp } from '../../../test/support/test-app.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const DELIBERATION = { kind: 'deliberation', party: 'commune', number: '2026-041', date: '2026-01-02', transmittedOn: '2026-01-05' };

describe.each(DATABASE_KINDS)('attachments of an adhesion, on %s', (kind) => {
  let t: TestApp;
  let id: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const created = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).send({ communeInsee: '49015', serviceCode: 'ADS', forecastUnits: 10 }).expect(201);
    id = created.body.id;
  });
  afterAll(() => t?.close());

  /** POST the multipart form as `account`: the text fields, then the file if any. */
  function upload(account: DemoAccount, fields: Record<string, string>, file?: { bytes: Buffer; name: string; type?: string }, adhesion = id) {
    let req = t.http.post(`/api/adhesions/${adhesion}/attachments`).set(bearer(t, account));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    if (file) req = req.attach('file', file.bytes, { filename: file.name, contentType: file.type ?? 'application/pdf' });
    return req;
  }

  it('stores a PDF and serves the same bytes (same SHA-256) to the other party, as an attachment, never sniffed', async () => {
    const res = await upload('avrille', DELIBERATION, { bytes: SAMPLE_PDF, name: 'Délibération n°41.pdf', type: 'application/octet-stream' }).expect(201);
    expect(res.body).toMatchObject({
      adhesionId: id,
      kind: 'deliberation',
      kindLabel: 'Délibération',
      fileName: 'Délibération n°41.pdf',
      mediaType: 'application/pdf',
      byteSize: SAMPLE_PDF.length,
      sha256: sha256(SAMPLE_PDF),
      step: 'draft',
      deliberation: { party: 'commune', number: '2026-041', date: '2026-01-02', transmittedOn: '2026-01-05' },
      uploadedBy: { role: 'secretary', name: expect.any(String) },
      uploadedAt: '2026-01-05T09:00:00.000Z',
    });

    const file = await download(t, 'dgs', res.body.downloadUrl).expect(200);
    expect(sha256(file.body as Buffer)).toBe(sha256(SAMPLE_PDF));
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="Deliberation n_41.pdf"; filename*=UTF-8''${encodeURIComponent('Délibération n°41.pdf')}`);

    const list = await t.http.get(`/api/adhesions/${id}/attachments`).set(bearer(t, 'agent')).expect(200);
    expect(list.body.map((a: { sha256: string }) => a.sha256)).toContain(sha256(SAMPLE_PDF));
  });

  it('lists the file in the adhesion’s history', async () => {
    const res = await upload('dgs', { kind: 'impact_sheet' }, { bytes: SAMPLE_PNG, name: 'fiche-impact.png', type: 'image/png' }).expect(201);
    const history = (await t.http.get(`/api/adhesions/${id}/history`).set(bearer(t, 'avrille')).expect(200)).body as Array<Record<string, unknown>>;
    expect(history.find((e) => e.event === 'ATTACHMENT_ADDED' && (e.payload as { attachmentId: string }).attachmentId === res.body.id)).toMatchObject({
      sequence: null,
      label: 'Pièce jointe : Fiche d’impact',
      role: 'dgs',
      toState: 'draft',
      payload: { kind: 'impact_sheet', mediaType: 'image/png', sha256: sha256(SAMPLE_PNG), byteSize: SAMPLE_PNG.length },
    });
    expect(history[0]).toMatchObject({ event: 'CREATED' });
  });

  it.each([
    ['text renamed .pdf', SAMPLE_TEXT],
    ['an executable renamed .pdf', SAMPLE_EXE],
  ])('refuses %s with a 415, whatever its declared type', async (_what, bytes) => {
    const res = await upload('avrille', { kind: 'signed_convention' }, { bytes, name: 'convention-signee.pdf', type: 'application/pdf' }).expect(415);
    expect(res.body).toMatchObject({ code: 'unsupported_attachment_type', message: expect.stringContaining('ni un PDF') });
  });

  it('refuses a file of 20 MB and 1 byte with a 413 in the API’s JSON, and keeps nothing of it', async () => {
    const before = (await t.http.get(`/api/adhesions/${id}/attachments`).set(bearer(t, 'avrille')).expect(200)).body.length;
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    SAMPLE_PDF.copy(big);
    const res = await upload('avrille', { kind: 'avenant' }, { bytes: big, name: 'avenant.pdf' }).expect(413);
    expect(res.body).toMatchObject({ code: 'attachment_too_large', message: expect.stringContaining('20 Mo') });
    expect((await t.http.get(`/api/adhesions/${id}/attachments`).set(bearer(t, 'avrille')).expect(200)).body).toHaveLength(before);
  });

  it('accepts a file of exactly 20 MB', async () => {
    const exact = Buffer.alloc(MAX_ATTACHMENT_BYTES);
    SAMPLE_PDF.copy(exact);
    const res = await upload('avrille', { kind: 'avenant' }, { bytes: exact, name: 'avenant.pdf' }).expect(201);
    expect(res.body).toMatchObject({ byteSize: MAX_ATTACHMENT_BYTES, sha256: sha256(exact) });
  });

  it('refuses an empty file with a 422 on the field file', async () => {
    const res = await upload('avrille', { kind: 'avenant' }, { bytes: Buffer.alloc(0), name: 'vide.pdf' }).expect(422);
    expect(res.body).toMatchObject({ code: 'rule_violated', issues: [{ field: 'file', code: 'empty_file', message: expect.stringContaining('vide') }] });
  });

  it('names each missing or invalid field of the metadata in French (400), and a deliberation in the future (422)', async () => {
    const missing = await upload('avrille', { kind: 'deliberation', party: 'commune', date: '2026-01-02', transmittedOn: '2025-12-31' }).expect(400);
    expect(missing.body).toMatchObject({ code: 'invalid_input' });
    expect(missing.body.issues).toEqual(
      expect.arrayContaining([
        { field: 'file', code: 'required', message: expect.stringContaining('Joignez le fichier') },
        { field: 'number', code: 'required', message: 'Indiquez le numéro de la délibération.' },
        { field: 'transmittedOn', code: 'transmitted_before_deliberation', message: 'La transmission en préfecture ne peut pas précéder la délibération (02/01/2026).' },
      ]),
    );
    const future = await upload('avrille', { ...DELIBERATION, date: '2026-01-06', transmittedOn: '2026-01-06' }, { bytes: SAMPLE_PDF, name: 'd.pdf' }).expect(422);
    expect(future.body.issues[0]).toEqual({ field: 'date', code: 'date_in_future', message: 'La date de la délibération ne peut pas être dans le futur (aujourd’hui : 05/01/2026).' });
  });

  it('answers 404 to another commune’s secretary and to the other EPCI’s DGS, for the list, the file and an upload', async () => {
    const stored = (await t.http.get(`/api/adhesions/${id}/attachments`).set(bearer(t, 'avrille')).expect(200)).body[0];
    for (const stranger of ['trelaze', 'saumurDgs', 'doue', 'admin'] as const) {
      expect((await t.http.get(`/api/adhesions/${id}/attachments`).set(bearer(t, stranger)).expect(404)).body).toMatchObject({ code: 'not_found' });
      await download(t, stranger, stored.downloadUrl).expect(404);
      await t.http.get(`/api/adhesions/${id}/attachments/${stored.id}`).set(bearer(t, stranger)).expect(404);
      await upload(stranger, { kind: 'avenant' }, { bytes: SAMPLE_PDF, name: 'a.pdf' }).expect(404);
    }
    // The history the admin may read does not list the files.
    const history = (await t.http.get(`/api/adhesions/${id}/history`).set(bearer(t, 'admin')).expect(200)).body as Array<{ event: string }>;
    expect(history.some((e) => e.event === 'ATTACHMENT_ADDED')).toBe(false);
  });

  it('takes multipart on this route only, and refuses it from another site without a bearer token', async () => {
    const other = await t.http.post('/api/adhesions').set(bearer(t, 'avrille')).field('communeInsee', '49015').expect(415);
    expect(other.body).toMatchObject({ code: 'unsupported_media_type' });
    const foreign = await t.http
      .post(`/api/adhesions/${id}/attachments`)
      .set('Origin', 'https://evil.example')
      .field('kind', 'avenant')
      .attach('file', SAMPLE_PDF, { filename: 'a.pdf' })
      .expect(403);
    expect(foreign.body).toMatchObject({ code: 'cross_site_request' });
    await t.http.post(`/api/adhesions/${id}/attachments`).set('Sec-Fetch-Site', 'cross-site').field('kind', 'avenant').attach('file', SAMPLE_PDF, { filename: 'a.pdf' }).expect(403);
    // An Idempotency-Key is not this route's business: the upload goes through.
    await upload('avrille', { kind: 'avenant' }, { bytes: SAMPLE_PDF, name: 'a.pdf' }).set('Idempotency-Key', 'upload-1').expect(201);
  });

  it('refuses a body announced larger than 20 MB and the form’s overhead before reading any of it', async () => {
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Only the headers are sent: the answer comes without one byte of the body.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/adhesions/${id}/attachments`,
        headers: { ...bearer(t, 'avrille'), 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(MAX_ATTACHMENT_BYTES * 5) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'attachment_too_large' });
  });

  it('documents the upload as a multipart form of the metadata and the file', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    const operation = document.paths['/api/adhesions/{id}/attachments'].post;
    expect(operation.requestBody.content['multipart/form-data'].schema.allOf).toEqual([
      { $ref: '#/components/schemas/AttachmentMetadata' },
      expect.objectContaining({ required: ['file'], properties: { file: expect.objectContaining({ format: 'binary' }) } }),
    ]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '413', '415', '422']));
    expect(operation.responses['415'].description).toContain('unsupported_attachment_type');
  });

  it('refuses a second file or a malformed form with a 400', async () => {
    const two = await upload('avrille', { kind: 'avenant' }, { bytes: SAMPLE_PDF, name: 'a.pdf' }).attach('file', SAMPLE_PDF, { filename: 'b.pdf' }).expect(400);
    expect(two.body.issues[0]).toMatchObject({ field: 'file', code: 'unexpected_file' });
    const broken = await t.http
      .post(`/api/adhesions/${id}/attachments`)
      .set(bearer(t, 'avrille'))
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\navenant\r\n--xy')
      .expect(400);
    expect(broken.body.issues[0]).toMatchObject({ code: 'malformed_multipart' });
  });
});
