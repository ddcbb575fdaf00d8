// Attaching a file to an adhesion, on the in-memory ports: its type judged by its bytes, its SHA-256 and size kept,
// its metadata checked field by field in French, visible to the two parties only, and listed in the history. A
// refusal stores nothing.
import { createHash } from 'node:crypto';
import { MAX_ATTACHMENT_BYTES } from '#contracts';
import { anAdhesion, InMemoryAttachmentStorage, twoEpcis, type TwoEpcis } from '../../../test/in-memory/index.js';
import { SAMPLE_EXE, SAMPLE_JPEG, SAMPLE_PDF, SAMPLE_PNG, SAMPLE_TEXT } from '../../../../../test/support/sample-files.js';
import { AdhesionQueries } from '../../adhesions/adhesion.queries.js';
import { ManualClock } from '../../common/clock.js';
import { AttachmentQueries } from '../attachment.queries.js';
import { sanitiseFileName } from '../file-name.js';
import { UploadAttachmentUseCase } from './upload-attachment.usecase.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const DELIBERATION = { kind: 'deliberation', party: 'commune', number: '2026-041', date: '2026-06-10', transmittedOn: '2026-06-12' };

describe('attaching a file to an adhesion', () => {
  let world: TwoEpcis;
  let storage: InMemoryAttachmentStorage;
  let queries: AttachmentQueries;
  let upload: UploadAttachmentUseCase;
  let clock: ManualClock;
  let id: string;

  beforeEach(async () => {
    world = await twoEpcis();
    storage = new InMemoryAttachmentStorage();
    clock = new ManualClock();
    clock.set(new Date('2026-06-15T08:00:00Z'));
    queries = new AttachmentQueries(world.uow, storage);
    upload = new UploadAttachmentUseCase(storage, clock, queries);
    // An adhesion of Angers (commune a1 of EPCI A) to A's ADS.
    const adhesion = anAdhesion({ communeInsee: world.communes.a1.insee, epciSiren: world.epcis.a.siren, serviceCode: 'ADS' });
    id = adhesion.id;
    await world.uow.seed({ adhesions: [adhesion] });
  });

  it('stores a PDF with its SHA-256, size, type, sanitised name, step and uploader, and gives back the same bytes', async () => {
    const record = await upload.execute(world.actors.secretaryA1, id, DELIBERATION, { bytes: SAMPLE_PDF, originalName: 'C:\\fakepath\\Délibération 2026-041.pdf' });
    expect(record).toMatchObject({
      adhesionId: id,
      kind: 'deliberation',
      fileName: 'Délibération 2026-041.pdf',
      mediaType: 'application/pdf',
      byteSize: SAMPLE_PDF.length,
      sha256: sha256(SAMPLE_PDF),
      step: 'draft',
      deliberation: { party: 'commune', number: '2026-041', date: '2026-06-10', transmittedOn: '2026-06-12' },
      uploadedBy: world.users.secretaryA1.id,
      uploaderRole: 'secretary',
      uploadedAt: '2026-06-15T08:00:00.000Z',
    });
    const downloaded = await queries.download(world.actors.dgsA, id, record.id);
    expect(sha256(downloaded.bytes)).toBe(sha256(SAMPLE_PDF));
  });

  it('judges the type by the bytes: a PNG named .pdf is a PNG, a JPEG scan is accepted', async () => {
    const png = await upload.execute(world.actors.dgsA, id, { kind: 'cst_minutes' }, { bytes: SAMPLE_PNG, originalName: 'pv-cst.pdf' });
    expect(png).toMatchObject({ mediaType: 'image/png', fileName: 'pv-cst.pdf.png', deliberation: null });
    const jpeg = await upload.execute(world.actors.agentA, id, { kind: 'impact_sheet' }, { bytes: SAMPLE_JPEG, originalName: 'fiche.JPEG' });
    expect(jpeg).toMatchObject({ mediaType: 'image/jpeg', fileName: 'fiche.jpeg', uploaderRole: 'agent' });
  });

  it.each([
    ['text', SAMPLE_TEXT],
    ['an executable', SAMPLE_EXE],
  ])('refuses %s named .pdf with unsupported_attachment_type, and stores nothing', async (_what, bytes) => {
    await expect(upload.execute(world.actors.secretaryA1, id, { kind: 'signed_convention' }, { bytes, originalName: 'convention.pdf' })).rejects.toMatchObject({
      code: 'unsupported_attachment_type',
    });
    expect(storage.records.size).toBe(0);
  });

  it('refuses an empty file with a 422 on the field file', async () => {
    await expect(upload.execute(world.actors.secretaryA1, id, { kind: 'avenant' }, { bytes: Buffer.alloc(0), originalName: 'avenant.pdf' })).rejects.toMatchObject({
      code: 'rule_violated',
      issues: [{ field: 'file', code: 'empty_file', message: expect.stringContaining('vide') }],
    });
    expect(storage.records.size).toBe(0);
  });

  it('refuses a file over 20 MB even if the HTTP layer let it through', async () => {
    const big = Buffer.concat([SAMPLE_PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1 - SAMPLE_PDF.length)]);
    await expect(upload.execute(world.actors.secretaryA1, id, { kind: 'avenant' }, { bytes: big })).rejects.toMatchObject({ code: 'attachment_too_large' });
    expect(storage.records.size).toBe(0);
  });

  it('names each missing or invalid field in French, the file included', async () => {
    const attempt = upload.execute(world.actors.secretaryA1, id, { kind: 'deliberation', party: 'mairie', date: '2026-02-30' }, undefined);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_input' });
    const issues = ((await attempt.catch((e: { details: { issues: unknown[] } }) => e.details.issues)) as Array<{ field: string; code: string; message: string }>) ?? [];
    const byField = Object.fromEntries(issues.map((i) => [i.field, i]));
    expect(byField.file).toMatchObject({ code: 'required', message: expect.stringContaining('Joignez le fichier') });
    expect(byField.party).toMatchObject({ message: 'Indiquez le conseil qui a délibéré : la commune ou l’EPCI.' });
    expect(byField.number).toMatchObject({ code: 'required', message: 'Indiquez le numéro de la délibération.' });
    expect(byField.date).toMatchObject({ message: expect.stringContaining('n’est pas une date valide') });
    expect(byField.transmittedOn).toMatchObject({ code: 'required', message: expect.stringContaining('Indiquez la date de transmission en préfecture') });
    await expect(upload.execute(world.actors.secretaryA1, id, { kind: 'photo' }, { bytes: SAMPLE_PDF })).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ field: 'kind', message: expect.stringContaining('Choisissez le type de pièce') })] },
    });
    expect(storage.records.size).toBe(0);
  });

  it('refuses a transmission to the prefecture before the deliberation (400), and either date in the future (422)', async () => {
    await expect(upload.execute(world.actors.secretaryA1, id, { ...DELIBERATION, transmittedOn: '2026-06-09' }, { bytes: SAMPLE_PDF })).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        issues: [{ field: 'transmittedOn', code: 'transmitted_before_deliberation', message: 'La transmission en préfecture ne peut pas précéder la délibération (10/06/2026).' }],
      },
    });
    await expect(upload.execute(world.actors.secretaryA1, id, { ...DELIBERATION, date: '2026-06-16', transmittedOn: '2026-06-16' }, { bytes: SAMPLE_PDF })).rejects.toMatchObject({
      code: 'rule_violated',
      issues: [
        { field: 'date', code: 'date_in_future', message: 'La date de la délibération ne peut pas être dans le futur (aujourd’hui : 15/06/2026).' },
        { field: 'transmittedOn', code: 'date_in_future', message: expect.stringContaining('dans le futur') },
      ],
    });
    // Today is not the future.
    await expect(upload.execute(world.actors.secretaryA1, id, { ...DELIBERATION, transmittedOn: '2026-06-15' }, { bytes: SAMPLE_PDF })).resolves.toBeDefined();
  });

  it('shows the files to the two parties only: another commune, the other EPCI and the admin are told 404', async () => {
    const record = await upload.execute(world.actors.secretaryA1, id, DELIBERATION, { bytes: SAMPLE_PDF });
    for (const party of [world.actors.secretaryA1, world.actors.dgsA, world.actors.agentA]) {
      expect((await queries.list(party, id)).map((a) => a.sha256)).toEqual([sha256(SAMPLE_PDF)]);
    }
    for (const stranger of [world.actors.secretaryA2, world.actors.dgsB, world.actors.secretaryB1, world.actors.admin]) {
      await expect(queries.list(stranger, id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(queries.download(stranger, id, record.id)).rejects.toMatchObject({ code: 'not_found' });
      await expect(upload.execute(stranger, id, { kind: 'avenant' }, { bytes: SAMPLE_PDF })).rejects.toMatchObject({ code: 'not_found' });
    }
    expect(storage.records.size).toBe(1);
  });

  it('lists the file in the adhesion’s history, with its label, its hash and its step', async () => {
    const record = await upload.execute(world.actors.secretaryA1, id, DELIBERATION, { bytes: SAMPLE_PDF, originalName: 'deliberation.pdf' });
    const history = await new AdhesionQueries(world.uow, clock, queries).history(world.actors.dgsA, id);
    expect(history.at(-1)).toMatchObject({
      sequence: null,
      event: 'ATTACHMENT_ADDED',
      label: 'Pièce jointe : Délibération de la commune n° 2026-041',
      payload: { attachmentId: record.id, kind: 'deliberation', sha256: sha256(SAMPLE_PDF), byteSize: SAMPLE_PDF.length, fileName: 'deliberation.pdf' },
      role: 'secretary',
      toState: 'draft',
      at: '2026-06-15T08:00:00.000Z',
    });
    // The admin reads the trail, not the files.
    expect((await new AdhesionQueries(world.uow, clock, queries).history(world.actors.admin, id)).some((e) => e.event === 'ATTACHMENT_ADDED')).toBe(false);
  });
});

describe('sanitiseFileName', () => {
  it.each([
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['scan\u202Egnp.pdf', 'application/pdf', 'scangnp.pdf'],
    ['a<b>c:"d"|e?.pdf', 'application/pdf', 'a_b_c__d__e_.pdf'],
    ['   ', 'image/png', 'piece-jointe.png'],
    [undefined, 'image/jpeg', 'piece-jointe.jpg'],
    ['photo.jpeg', 'image/jpeg', 'photo.jpeg'],
    ['rapport.exe', 'application/pdf', 'rapport.exe.pdf'],
    ['line\r\nbreak.pdf', 'application/pdf', 'linebreak.pdf'],
  ] as const)('%j as %s → %j', (name, type, expected) => {
    expect(sanitiseFileName(name, type)).toBe(expected);
  });

  it('keeps at most 120 characters, with the extension', () => {
    const name = sanitiseFileName(`${'é'.repeat(300)}.pdf`, 'application/pdf');
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
