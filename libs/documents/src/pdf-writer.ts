// A thin layer over pdfkit for the documents' few shapes: title, article, paragraph, list, rows, table, signatures.
//
// Accessible and fit for archiving (RGAA, RGI): PDF 1.7, PDF/A-2a, tagged with the structure a screen reader
// follows (Document; H1 and H2 headings, which are also the bookmarks; P; L/LI/Lbl/LBody lists; Table/TR/TH/TD
// with the scope of each header cell), the running header and footer and every rule or box as artifacts, the
// language fr-FR, the title shown instead of the file name, and the XMP metadata. The fonts are DejaVu Sans,
// embedded and subsetted: every character prints as is (’ « » … € and the narrow no-break spaces of amounts).
//
// Deterministic: the PDF's dates (CreationDate, ModDate, the XMP dates, hence the file identifier) come from the
// data, the subset fonts are tagged after their order of use, so that the same data gives the same bytes and the
// SHA-256 means something.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFKitDocument from 'pdfkit';

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /** ISO-8601 instant of generation: CreationDate and ModDate, and the XMP's dates. */
  generatedAt: string;
  /** Repeated at the top of every page (a draft's « PROJET » banner), or none. */
  header: string | null;
  /** Repeated at the bottom of every page, followed by the page number. */
  footer: string;
}

/** The documents' language: the catalogue's /Lang and the XMP's dc:language. */
export const PDF_LANGUAGE = 'fr-FR';
/** PDF/A-2, level A (accessible: tagged, with Unicode for every character). */
export const PDF_A_PART = 2;

const MARGIN = 56;
const BODY_SIZE = 9.5;
const RED = '#b00020';
const INK = '#111111';
const CREATOR = 'À la carte';
const PRODUCER = 'À la carte (PDFKit)';

type Face = 'regular' | 'bold' | 'italic';
const FACE_FILES: Readonly<Record<Face, string>> = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf' };

/** A font parsed by fontkit: pdfkit takes one in place of a font file's bytes (anything with a `layout`). */
type ParsedFont = { layout: (...args: never[]) => unknown };
type Faces = Readonly<Record<Face, ParsedFont>>;

/**
 * The three faces of DejaVu Sans (dejavu-fonts-ttf), read and parsed once per process. Given a font file's bytes,
 * pdfkit has fontkit parse them again for each document (about 700 kB a face, its tables and glyphs: most of
 * the time of a short document); given the parsed font, it uses it as is, each document with its own subset.
 * Parsed by the fontkit pdfkit itself imports (the same version range, the same ES module).
 */
function parseFaces(create: (bytes: Buffer) => ParsedFont): Faces {
  const require = createRequire(import.meta.url);
  const parse = (face: Face): ParsedFont => create(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FACE_FILES[face]}`)));
  return { regular: parse('regular'), bold: parse('bold'), italic: parse('italic') };
}

/** A structure element's dictionary, to set the attributes pdfkit has no option for (a header cell's scope). */
type WithDictionary = { dictionary: { data: Record<string, unknown> } };

let pdfkit: Promise<{ PDFDocument: typeof PDFKitDocument; faces: Faces }> | null = null;
/** pdfkit and the fonts are loaded with the first document, not with the application: most processes never render one. */
const loadPdfKit = () =>
  (pdfkit ??= import('pdfkit').then(async (module) => {
    // One after the other: pdfkit has loaded fontkit already (and Jest's ES module loader fails two dynamic
    // imports that link the same modules at once).
    const fontkit = await import('fontkit');
    return { PDFDocument: module.default, faces: parseFaces((bytes) => fontkit.create(bytes) as ParsedFont) };
  }));

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly bytes: Promise<Buffer>;
  /** The root of the structure tree: every element of the page's content hangs under it, in reading order. */
  private readonly root: PDFKit.PDFStructureElement;

  static async open(meta: PdfMeta): Promise<PdfWriter> {
    return new PdfWriter(meta, await loadPdfKit());
  }

  private constructor(
    private readonly meta: PdfMeta,
    { PDFDocument, faces: fonts }: { PDFDocument: typeof PDFKitDocument; faces: Faces },
  ) {
    const at = new Date(meta.generatedAt);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN + 8, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      pdfVersion: '1.7',
      subset: `PDF/A-${PDF_A_PART}a`,
      tagged: true,
      lang: PDF_LANGUAGE,
      displayTitle: true,
      // No default font: pdfkit's would be Helvetica, a standard font PDF/A forbids unembedded.
      font: null as unknown as string,
      info: { Title: meta.title, Subject: meta.subject, Author: meta.author, Creator: CREATOR, Producer: PRODUCER, CreationDate: at, ModDate: at },
    });
    for (const face of Object.keys(fonts) as Face[]) this.doc.registerFont(face, fonts[face] as unknown as Buffer);
    // pdfkit's own XMP lacks the modification date and the language, and does not escape the title.
    (this.doc as unknown as { _addInfo: () => void })._addInfo = () => this.doc.appendXML(xmpOf(meta, at));
    const chunks: Buffer[] = [];
    this.bytes = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.doc.fillColor(INK).font('regular').fontSize(BODY_SIZE);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. Never inside marked content. */
  private keep(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  /** One structure element of `type` under `parent`, its content drawn by `draw` (marked content of that element). */
  private element(parent: PDFKit.PDFStructureElement, type: string, draw: () => void, attributes?: Record<string, unknown>): void {
    const element = this.doc.struct(type, {}, draw);
    // Set before it is attached: attaching an ended element writes its dictionary.
    if (attributes) (element as unknown as WithDictionary).dictionary.data.A = attributes;
    parent.add(element);
  }

  /** A grouping element (Table, TR, L, LI, Div) under `parent`, filled by `fill`, then closed. */
  private group(parent: PDFKit.PDFStructureElement, type: string, fill: (group: PDFKit.PDFStructureElement) => void): void {
    const group = this.doc.struct(type);
    parent.add(group);
    fill(group);
    group.end();
  }

  /** What a reader's assistive technology skips: rules, boxes, running headers and footers. */
  private artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout', attached?: 'Top' | 'Bottom'): void {
    this.doc.markContent('Artifact', attached ? { type, attached: [attached] } : { type });
    draw();
    this.doc.endMarkedContent();
  }

  private rule(y: number, width: number, color: string): void {
    this.artifact(() => this.doc.save().lineWidth(width).strokeColor(color).moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).stroke().restore());
  }

  title(text: string, subtitle?: string): this {
    this.element(this.root, 'H1', () => {
      this.doc.font('bold').fontSize(16).text(text, MARGIN, this.doc.y, { width: this.width, align: 'center' });
    });
    this.doc.outline.addItem(text);
    if (subtitle) {
      this.doc.moveDown(0.3);
      this.element(this.root, 'P', () => {
        this.doc.font('regular').fontSize(11.5).text(subtitle, { width: this.width, align: 'center' });
      });
    }
    this.doc.moveDown(1).font('regular').fontSize(BODY_SIZE);
    return this;
  }

  /** A boxed warning in red: what a reader must not miss (a draft, a figure still to be filled in). */
  banner(text: string): this {
    const padding = 6;
    this.doc.font('bold').fontSize(10.5);
    const height = this.doc.heightOfString(text, { width: this.width - padding * 2, align: 'center' }) + padding * 2;
    this.keep(height + 8);
    const y = this.doc.y;
    this.artifact(() => this.doc.save().lineWidth(1.2).strokeColor(RED).rect(MARGIN, y, this.width, height).stroke().restore());
    this.element(this.root, 'P', () => {
      this.doc.fillColor(RED).text(text, MARGIN + padding, y + padding, { width: this.width - padding * 2, align: 'center' });
    });
    this.doc.fillColor(INK).font('regular').fontSize(BODY_SIZE);
    this.doc.x = MARGIN;
    this.doc.y = y + height + 10;
    return this;
  }

  heading(text: string): this {
    this.keep(60);
    this.doc.moveDown(0.6);
    this.element(this.root, 'H2', () => {
      this.doc.font('bold').fontSize(10.5).text(text, MARGIN, this.doc.y, { width: this.width });
    });
    this.doc.outline.addItem(text);
    this.doc.moveDown(0.3).font('regular').fontSize(BODY_SIZE);
    return this;
  }

  /**
   * A paragraph, ragged right: never justified (WCAG 1.4.8; and pdfkit draws a justified line of an embedded font
   * without its spaces, which a screen reader then reads as one word), so `justify` is read as `left`.
   */
  paragraph(text: string, options: { bold?: boolean; italic?: boolean; align?: 'justify' | 'left' | 'right' } = {}): this {
    const face: Face = options.bold ? 'bold' : options.italic ? 'italic' : 'regular';
    this.element(this.root, 'P', () => {
      this.doc.font(face).fontSize(BODY_SIZE).text(text, MARGIN, this.doc.y, { width: this.width, align: options.align === 'right' ? 'right' : 'left' });
    });
    this.doc.moveDown(0.4).font('regular');
    return this;
  }

  /** A bulleted list: L, each item an LI with its bullet (Lbl) and its text (LBody), the text hanging after the bullet. */
  bullets(items: string[]): this {
    const indent = 14;
    const hang = 12;
    this.doc.font('regular').fontSize(BODY_SIZE);
    this.group(this.root, 'L', (list) => {
      for (const item of items) {
        this.keep(this.doc.heightOfString(item, { width: this.width - indent - hang }) + 4);
        const y = this.doc.y;
        this.group(list, 'LI', (li) => {
          this.element(li, 'Lbl', () => void this.doc.font('regular').fontSize(BODY_SIZE).text('•', MARGIN + indent, y, { width: hang, lineBreak: false }));
          this.element(li, 'LBody', () => {
            this.doc.font('regular').fontSize(BODY_SIZE).text(item, MARGIN + indent + hang, y, { width: this.width - indent - hang, align: 'left' });
          });
        });
        this.doc.moveDown(0.15);
      }
    });
    this.doc.x = MARGIN;
    this.doc.moveDown(0.3);
    return this;
  }

  /** Label–value rows, two columns: the figures of a proposal or a statement. A table whose first cell heads its row. */
  rows(pairs: Array<[label: string, value: string]>): this {
    const labelWidth = Math.round(this.width * 0.45);
    const valueX = MARGIN + labelWidth + 10;
    const valueWidth = this.width - labelWidth - 10;
    this.group(this.root, 'Table', (table) => {
      for (const [label, value] of pairs) {
        this.doc.fontSize(BODY_SIZE);
        const height = Math.max(this.doc.font('bold').heightOfString(label, { width: labelWidth }), this.doc.font('regular').heightOfString(value, { width: valueWidth }));
        this.keep(height + 6);
        const y = this.doc.y;
        this.group(table, 'TR', (tr) => {
          this.element(tr, 'TH', () => void this.doc.font('bold').text(label, MARGIN, y, { width: labelWidth }), { O: 'Table', Scope: 'Row' });
          this.element(tr, 'TD', () => void this.doc.font('regular').text(value, valueX, y, { width: valueWidth }));
        });
        this.rule(y + height + 2, 0.3, '#999999');
        this.doc.x = MARGIN;
        this.doc.y = y + height + 6;
      }
    });
    this.doc.moveDown(0.4);
    return this;
  }

  /**
   * A table with a header row: each column's share of the width and its alignment (figures to the right). The
   * last row is in bold when it is a total.
   */
  table(columns: Array<{ header: string; share: number; align?: 'left' | 'right' }>, body: string[][], options: { total?: boolean } = {}): this {
    const gap = 8;
    const widths = columns.map((c) => Math.floor((this.width - gap * (columns.length - 1)) * c.share));
    const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b + gap, 0));
    this.group(this.root, 'Table', (table) => {
      const line = (cells: string[], header: boolean, bold: boolean, rule: number): void => {
        this.doc.fontSize(BODY_SIZE).font(bold ? 'bold' : 'regular');
        const height = Math.max(...cells.map((cell, i) => this.doc.heightOfString(cell, { width: widths[i] })));
        this.keep(height + 6);
        const y = this.doc.y;
        this.group(table, 'TR', (tr) => {
          cells.forEach((cell, i) => {
            const draw = (): void => void this.doc.font(bold ? 'bold' : 'regular').text(cell, xs[i], y, { width: widths[i], align: columns[i].align ?? 'left' });
            if (header) this.element(tr, 'TH', draw, { O: 'Table', Scope: 'Column' });
            else this.element(tr, 'TD', draw);
          });
        });
        this.rule(y + height + 2, rule, rule > 0.5 ? INK : '#999999');
        this.doc.x = MARGIN;
        this.doc.y = y + height + 6;
      };
      line(columns.map((c) => c.header), true, true, 0.8);
      body.forEach((cells, i) => line(cells, false, options.total === true && i === body.length - 1, 0.3));
    });
    this.doc.font('regular').moveDown(0.4);
    return this;
  }

  /** The object line of a letter (« Objet : … »), in bold: the letter's heading (H1). */
  subjectLine(text: string): this {
    this.element(this.root, 'H1', () => {
      this.doc.font('bold').fontSize(BODY_SIZE).text(text, MARGIN, this.doc.y, { width: this.width, align: 'left' });
    });
    this.doc.moveDown(0.4).font('regular');
    return this;
  }

  /** Two signature blocks side by side, each a list of lines; the first line in bold. Each block a Div of paragraphs, left then right. */
  signatures(left: string[], right: string[]): this {
    const gap = 20;
    const columnWidth = (this.width - gap) / 2;
    this.keep(170);
    const top = this.doc.y + 10;
    const column = (lines: string[], x: number): number => {
      this.doc.y = top;
      if (lines.length === 0) return top;
      this.group(this.root, 'Div', (div) => {
        lines.forEach((line, index) => {
          if (line === '') return void this.doc.moveDown(0.8);
          this.element(div, 'P', () => void this.doc.font(index === 0 ? 'bold' : 'regular').fontSize(BODY_SIZE).text(line, x, this.doc.y, { width: columnWidth }));
        });
      });
      return this.doc.y;
    };
    const bottom = Math.max(column(left, MARGIN), column(right, MARGIN + columnWidth + gap));
    this.doc.x = MARGIN;
    this.doc.y = bottom + 10;
    return this;
  }

  /** Writes the header and footer of every page, as pagination artifacts, then the file. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      // Outside the margins, so that writing there never starts a new page.
      const { top, bottom } = this.doc.page.margins;
      this.doc.page.margins.top = 0;
      this.doc.page.margins.bottom = 0;
      if (this.meta.header) {
        const header = this.meta.header;
        this.artifact(
          () => this.doc.font('bold').fontSize(9.5).fillColor(RED).text(header, MARGIN, 26, { width: this.width, align: 'center', lineBreak: false }),
          'Pagination',
          'Top',
        );
      }
      this.artifact(
        () =>
          this.doc.font('regular').fontSize(7.5).fillColor('#555555').text(`${this.meta.footer} — page ${index - start + 1} sur ${count}`, MARGIN, this.doc.page.height - MARGIN + 20, {
            width: this.width,
            align: 'center',
            lineBreak: false,
          }),
        'Pagination',
        'Bottom',
      );
      this.doc.page.margins.top = top;
      this.doc.page.margins.bottom = bottom;
    }
    this.root.end();
    this.doc.end();
    return this.bytes;
  }
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The XMP packet's properties, the same as the document information dictionary (PDF/A asks them to agree): the
 * dates of generation, the title, author and subject, the tool, the language. pdfkit adds the pdfaid part.
 */
function xmpOf(meta: PdfMeta, at: Date): string {
  const date = `${at.toISOString().split('.')[0]}Z`;
  return `
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:CreateDate>${date}</xmp:CreateDate>
            <xmp:ModifyDate>${date}</xmp:ModifyDate>
            <xmp:MetadataDate>${date}</xmp:MetadataDate>
            <xmp:CreatorTool>${escapeXml(CREATOR)}</xmp:CreatorTool>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.title)}</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>${escapeXml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(meta.subject)}</rdf:li></rdf:Alt></dc:description>
            <dc:language><rdf:Bag><rdf:li>${PDF_LANGUAGE}</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
            <pdf:Producer>${escapeXml(PRODUCER)}</pdf:Producer>
        </rdf:Description>
        `;
}
