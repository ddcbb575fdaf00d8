// A thin layer over pdfkit for the documents' few shapes: title, article, paragraph, list, rows, signatures.
// Deterministic: the PDF's dates (hence its file identifier) come from the data, the fonts are the standard
// ones (nothing embedded), so the same data gives the same bytes and the SHA-256 means something.
import PDFDocument from 'pdfkit';
import { winAnsi } from './french.js';

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /** ISO-8601 instant of generation: CreationDate and ModDate. */
  generatedAt: string;
  /** Repeated at the top of every page (a draft's « PROJET » banner), or none. */
  header: string | null;
  /** Repeated at the bottom of every page, followed by the page number. */
  footer: string;
}

const MARGIN = 56;
const BODY_SIZE = 10;
const RED = '#b00020';
const INK = '#111111';

export class PdfWriter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly bytes: Promise<Buffer>;

  constructor(private readonly meta: PdfMeta) {
    const at = new Date(meta.generatedAt);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN + 8, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      lang: 'fr-FR',
      displayTitle: true,
      info: {
        Title: winAnsi(meta.title),
        Subject: winAnsi(meta.subject),
        Author: winAnsi(meta.author),
        Creator: 'À la carte',
        Producer: 'À la carte (PDFKit)',
        CreationDate: at,
        ModDate: at,
      },
    });
    const chunks: Buffer[] = [];
    this.bytes = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.fillColor(INK).font('Helvetica').fontSize(BODY_SIZE);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN * 2;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  private keep(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string, subtitle?: string): this {
    this.doc.font('Helvetica-Bold').fontSize(17).text(winAnsi(text), MARGIN, this.doc.y, { width: this.width, align: 'center' });
    if (subtitle) {
      this.doc.moveDown(0.3).font('Helvetica').fontSize(12).text(winAnsi(subtitle), { width: this.width, align: 'center' });
    }
    this.doc.moveDown(1).font('Helvetica').fontSize(BODY_SIZE);
    return this;
  }

  /** A boxed warning in red: what a reader must not miss (a draft, a figure still to be filled in). */
  banner(text: string): this {
    const padding = 6;
    this.doc.font('Helvetica-Bold').fontSize(11);
    const height = this.doc.heightOfString(winAnsi(text), { width: this.width - padding * 2, align: 'center' }) + padding * 2;
    this.keep(height + 8);
    const y = this.doc.y;
    this.doc.save().lineWidth(1.2).strokeColor(RED).rect(MARGIN, y, this.width, height).stroke().restore();
    this.doc.fillColor(RED).text(winAnsi(text), MARGIN + padding, y + padding, { width: this.width - padding * 2, align: 'center' });
    this.doc.fillColor(INK).font('Helvetica').fontSize(BODY_SIZE);
    this.doc.x = MARGIN;
    this.doc.y = y + height + 10;
    return this;
  }

  heading(text: string): this {
    this.keep(60);
    this.doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(winAnsi(text), MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3).font('Helvetica').fontSize(BODY_SIZE);
    return this;
  }

  paragraph(text: string, options: { bold?: boolean; italic?: boolean; align?: 'justify' | 'left' | 'right' } = {}): this {
    const font = options.bold ? 'Helvetica-Bold' : options.italic ? 'Helvetica-Oblique' : 'Helvetica';
    this.doc.font(font).fontSize(BODY_SIZE).text(winAnsi(text), MARGIN, this.doc.y, { width: this.width, align: options.align ?? 'justify' });
    this.doc.moveDown(0.4).font('Helvetica');
    return this;
  }

  bullets(items: string[]): this {
    for (const item of items) {
      this.doc.font('Helvetica').fontSize(BODY_SIZE).text(winAnsi(`•  ${item}`), MARGIN + 14, this.doc.y, { width: this.width - 14, align: 'left' });
      this.doc.moveDown(0.15);
    }
    this.doc.moveDown(0.3);
    return this;
  }

  /** Label–value rows, two columns: the figures of a proposal or a statement. */
  rows(pairs: Array<[label: string, value: string]>): this {
    const labelWidth = Math.round(this.width * 0.45);
    const valueX = MARGIN + labelWidth + 10;
    const valueWidth = this.width - labelWidth - 10;
    for (const [label, value] of pairs) {
      this.doc.fontSize(BODY_SIZE);
      const height = Math.max(
        this.doc.font('Helvetica-Bold').heightOfString(winAnsi(label), { width: labelWidth }),
        this.doc.font('Helvetica').heightOfString(winAnsi(value), { width: valueWidth }),
      );
      this.keep(height + 6);
      const y = this.doc.y;
      this.doc.font('Helvetica-Bold').text(winAnsi(label), MARGIN, y, { width: labelWidth });
      this.doc.font('Helvetica').text(winAnsi(value), valueX, y, { width: valueWidth });
      this.doc.save().lineWidth(0.3).strokeColor('#999999').moveTo(MARGIN, y + height + 2).lineTo(MARGIN + this.width, y + height + 2).stroke().restore();
      this.doc.x = MARGIN;
      this.doc.y = y + height + 6;
    }
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
    const line = (cells: string[], bold: boolean, rule: number): void => {
      this.doc.fontSize(BODY_SIZE).font(bold ? 'Helvetica-Bold' : 'Helvetica');
      const height = Math.max(...cells.map((cell, i) => this.doc.heightOfString(winAnsi(cell), { width: widths[i] })));
      this.keep(height + 6);
      const y = this.doc.y;
      cells.forEach((cell, i) => this.doc.text(winAnsi(cell), xs[i], y, { width: widths[i], align: columns[i].align ?? 'left' }));
      this.doc.save().lineWidth(rule).strokeColor(rule > 0.5 ? INK : '#999999').moveTo(MARGIN, y + height + 2).lineTo(MARGIN + this.width, y + height + 2).stroke().restore();
      this.doc.x = MARGIN;
      this.doc.y = y + height + 6;
    };
    line(columns.map((c) => c.header), true, 0.8);
    body.forEach((cells, i) => line(cells, options.total === true && i === body.length - 1, 0.3));
    this.doc.font('Helvetica').moveDown(0.4);
    return this;
  }

  /** Two signature blocks side by side, each a list of lines; the first line in bold. */
  signatures(left: string[], right: string[]): this {
    const gap = 20;
    const columnWidth = (this.width - gap) / 2;
    this.keep(170);
    const top = this.doc.y + 10;
    const column = (lines: string[], x: number): number => {
      this.doc.y = top;
      lines.forEach((line, index) => {
        if (line === '') return void this.doc.moveDown(0.8);
        this.doc.font(index === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(BODY_SIZE).text(winAnsi(line), x, this.doc.y, { width: columnWidth });
      });
      return this.doc.y;
    };
    const bottom = Math.max(column(left, MARGIN), column(right, MARGIN + columnWidth + gap));
    this.doc.x = MARGIN;
    this.doc.y = bottom + 10;
    return this;
  }

  /** Writes the header and footer of every page, then the file. */
  async finish(): Promise<Buffer> {
    const { start, count } = this.doc.bufferedPageRange();
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      // Outside the margins, so that writing there never starts a new page.
      const { top, bottom } = this.doc.page.margins;
      this.doc.page.margins.top = 0;
      this.doc.page.margins.bottom = 0;
      if (this.meta.header) {
        this.doc.font('Helvetica-Bold').fontSize(10).fillColor(RED)
          .text(winAnsi(this.meta.header), MARGIN, 26, { width: this.width, align: 'center', lineBreak: false });
      }
      this.doc.font('Helvetica').fontSize(8).fillColor('#555555')
        .text(winAnsi(`${this.meta.footer} — page ${index - start + 1} sur ${count}`), MARGIN, this.doc.page.height - MARGIN + 20, {
          width: this.width,
          align: 'center',
          lineBreak: false,
        });
      this.doc.page.margins.top = top;
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    return this.bytes;
  }
}
