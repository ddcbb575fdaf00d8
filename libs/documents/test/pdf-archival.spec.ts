// Every kind of PDF is accessible and fit for archiving, as poppler (an independent reader) sees it: tagged, with a
// structure tree of headings, paragraphs, lists and tables whose running headers and footers are artifacts, every
// font embedded (no standard font), the language fr-FR, its title displayed, and XMP metadata declaring PDF/A-2a.
import { createHash } from 'node:crypto';
import { renderDocument, type DocumentData } from '#documents';
import { inspectPdf, type PdfInspection } from '../../../test/support/pdf-archival.js';
import { aDraftConvention, aNoticeLetter, aProposal, base, figuresOf, letterOf, statementOf } from './year-fixtures.js';

const GENERATED_AT = '2026-01-05T09:00:00.000Z';
const ADS_SCALE = [
  { code: 'PC', label: 'Permis de construire', weight: '1' },
  { code: 'DP', label: 'Déclaration préalable', weight: '0.7' },
];
const figures = figuresOf({ periodicity: 'half_yearly', actual: ['4.7', null], actCounts: [{ PC: 3, DP: 1 }, null], asOf: '2026-12-15' });

/** One document of each kind, with what its structure must hold beyond the common Document, P, Table, TR, TH, TD. */
const KINDS: Array<{ name: string; data: DocumentData; roles: string[]; header: string | null; footer: string }> = [
  {
    name: 'draft convention',
    data: aDraftConvention({ generatedAt: GENERATED_AT }),
    roles: ['H1', 'H2', 'L', 'LI', 'Lbl', 'LBody', 'Div'],
    header: 'PROJET — document de travail non signé',
    footer: 'PROJET de convention — Instruction',
  },
  {
    name: 'signed convention',
    data: aDraftConvention({
      generatedAt: GENERATED_AT,
      signed: true,
      deliberations: { commune: { number: 'DEL-1', date: '2026-01-05' }, epci: { number: 'DEL-2', date: '2026-01-06' } },
      signatures: {
        commune: { signatoryName: 'Marie Dupont', signatoryQuality: 'Maire', date: '2026-01-07' },
        epci: { signatoryName: 'Jean Martin', signatoryQuality: 'Président', date: '2026-01-08' },
      },
    }),
    roles: ['H1', 'H2', 'L', 'LI', 'Lbl', 'LBody', 'Div'],
    header: null,
    footer: 'Convention — Instruction',
  },
  { name: 'proposal', data: aProposal({ generatedAt: GENERATED_AT }), roles: ['H1', 'H2', 'L', 'LI'], header: null, footer: 'Proposition financière — Instruction' },
  {
    name: 'annual statement',
    data: statementOf(figures, { generatedAt: GENERATED_AT, actTypes: ADS_SCALE }),
    roles: ['H1', 'H2', 'Div'],
    header: 'BILAN ANNUEL 2026 PROVISOIRE',
    footer: 'Bilan annuel 2026 — Instruction',
  },
  { name: 'unit-cost letter', data: letterOf(figures, { generatedAt: GENERATED_AT }), roles: ['H1', 'Div'], header: null, footer: 'Notification du coût 2026' },
  { name: 'notice letter', data: aNoticeLetter({ generatedAt: GENERATED_AT }), roles: ['H1', 'Div', 'L', 'LI'], header: null, footer: 'Préavis de résiliation — ADS' },
];

/** A copy of each kind's data, taken before any is rendered: the same data, as another object. */
const COPIES = new Map(KINDS.map(({ data }) => [data, structuredClone(data)]));

/** Each kind's bytes and what poppler reads of them, rendered and read once for every test that needs them. */
const rendered = new Map<DocumentData, Promise<Buffer>>();
const renderOnce = (data: DocumentData): Promise<Buffer> => rendered.get(data) ?? rendered.set(data, renderDocument(data)).get(data)!;
const inspected = new Map<DocumentData, Promise<PdfInspection>>();
const inspectOnce = (data: DocumentData): Promise<PdfInspection> =>
  inspected.get(data) ?? inspected.set(data, renderOnce(data).then(inspectPdf)).get(data)!;

/** The 14 fonts a PDF reader has without embedding, which PDF/A forbids to use unembedded. */
const STANDARD_14 = /^(Helvetica|Times|Courier|Symbol|ZapfDingbats)/;

describe.each(KINDS)('the $name as a PDF', ({ data, roles, header, footer }) => {
  let pdf: PdfInspection;
  beforeAll(async () => {
    pdf = await inspectOnce(data);
  });

  it('is tagged, with headings, paragraphs and tables in its structure tree, PDF 1.7 on A4', () => {
    expect(pdf.info).toMatchObject({ Tagged: 'yes', 'PDF version': '1.7', 'Page size': expect.stringContaining('(A4)') });
    expect(pdf.roles[0]).toBe('Document');
    for (const role of ['P', 'Table', 'TR', 'TH', 'TD', ...roles]) expect({ role, found: pdf.roles.includes(role) }).toEqual({ role, found: true });
    // A header cell states what it heads: its column, or its row for the label–value tables.
    expect(pdf.structure).toMatch(/TH:\s+\/Scope \/(Row|Column)/);
  });

  it('keeps the running header and footer, and the page numbers, out of the structure (artifacts)', () => {
    expect(pdf.structure).not.toContain('page 1 sur');
    expect(pdf.structure).not.toContain(footer);
    if (header) expect(pdf.structure).not.toContain(header);
  });

  it('embeds every font it uses, subsetted, with Unicode: DejaVu Sans, no standard font', () => {
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const font of pdf.fonts) {
      expect(font).toMatchObject({ type: 'CID TrueType', embedded: true, subset: true, unicode: true, name: expect.stringMatching(/^[A-Z]{6}\+DejaVuSans/) });
      expect(font.name.split('+')[1]).not.toMatch(STANDARD_14);
    }
  });

  it('declares PDF/A-2a, the language fr-FR and its title in XMP metadata agreeing with the document information', () => {
    expect(pdf.xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(pdf.xmp).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(pdf.xmp).toContain('<rdf:li>fr-FR</rdf:li>');
    expect(pdf.xmp).toContain('<xmp:CreateDate>2026-01-05T09:00:00Z</xmp:CreateDate>');
    expect(pdf.xmp).toContain('<xmp:ModifyDate>2026-01-05T09:00:00Z</xmp:ModifyDate>');
    expect(pdf.xmp).toContain(`<rdf:li xml:lang="x-default">${pdf.info.Title}</rdf:li>`);
    expect(pdf.xmp).toContain(`<pdf:Producer>${pdf.info.Producer}</pdf:Producer>`);
    expect(pdf.xmp).toContain(`<xmp:CreatorTool>${pdf.info.Creator}</xmp:CreatorTool>`);
    expect(pdf.info.Title).toMatch(/Avrillé$/);
    expect(pdf.lang).toBe('fr-FR');
    expect(pdf.displayDocTitle).toBe(true);
  });
});

describe('the text of the PDFs', () => {
  it('prints the typographic apostrophe, guillemets and ellipsis as they are, with the spaces between words', async () => {
    // Every run of white space (the no-break spaces inside guillemets) as one space. The draft convention's
    // data is the first kind's.
    const structure = (await inspectOnce(KINDS[0].data)).structure.replace(/\s+/g, ' ');
    expect(structure).toContain('ci-après « l’EPCI »');
    expect(structure).toContain('n° … du … (à intervenir)');
    expect(structure).toContain('La présente convention fixe les conditions dans lesquelles Angers Loire Métropole fait bénéficier');
    expect(structure).not.toContain('?');
  });

  it('escapes the names it puts in the XMP metadata', async () => {
    const data = aDraftConvention({ generatedAt: GENERATED_AT, service: { ...base.service, name: 'Voirie & réseaux <divers>' } });
    const { xmp, info } = await inspectPdf(await renderDocument(data));
    expect(info.Title).toContain('Voirie & réseaux <divers>');
    expect(xmp).toContain('Voirie &amp; réseaux &lt;divers&gt;');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it('gives the same bytes for the same data, fonts and metadata included', async () => {
    // Each kind's bytes, rendered once for the tests above, against a render of its copy: two renders, with other
    // documents rendered between them.
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    for (const { data } of KINDS) expect(sha(await renderDocument(COPIES.get(data)!))).toBe(sha(await renderOnce(data)));
  });
});
