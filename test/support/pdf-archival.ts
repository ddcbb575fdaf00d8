// What a PDF says of itself to poppler's pdfinfo and pdffonts (poppler-utils, installed by .ci/run): tagged or not,
// its structure tree and the text of each element, its fonts and whether they are embedded, its XMP metadata.
// Independent of pdfkit, which wrote the file: the tests of the documents' accessibility and archiving read these.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export interface PdfInspection {
  /** pdfinfo's « Key: value » lines (Tagged, PDF version, Page size, Title…). */
  info: Record<string, string>;
  /** pdfinfo -struct-text: the structure tree, one element a line, indented, with the text of its content. */
  structure: string;
  /** The structure elements' types, in reading order (`H1`, `P`, `Table`, `TH`…). */
  roles: string[];
  fonts: PdfFont[];
  /** The XMP packet (pdfinfo -meta). */
  xmp: string;
  /** The document catalogue's language (/Lang), read from the file's bytes. */
  lang: string | null;
  displayDocTitle: boolean;
}

/** pdfinfo and pdffonts on a PDF's bytes. */
export async function inspectPdf(pdf: Buffer): Promise<PdfInspection> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-archival-'));
  const file = join(dir, 'document.pdf');
  try {
    await writeFile(file, pdf);
    const [info, structure, fonts, xmp] = await Promise.all([
      run('pdfinfo', [file]),
      run('pdfinfo', ['-struct-text', file], { maxBuffer: 16 * 1024 * 1024 }),
      run('pdffonts', [file]),
      run('pdfinfo', ['-meta', file]),
    ]);
    const bytes = pdf.toString('latin1');
    return {
      info: Object.fromEntries(
        info.stdout
          .split('\n')
          .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => [m[1].trim(), m[2].trim()]),
      ),
      structure: structure.stdout,
      roles: structure.stdout
        .split('\n')
        .map((line) => /^\s*([A-Za-z][A-Za-z0-9]*)(?:\s|:|$)/.exec(line)?.[1])
        .filter((role): role is string => role !== undefined),
      // name type… encoding emb sub uni object ID: the name has no space, the type may have ("CID TrueType").
      fonts: fonts.stdout
        .split('\n')
        .slice(2)
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
          if (!m) throw new Error(`pdffonts line not understood: ${line}`);
          return { name: m[1], type: m[2], embedded: m[4] === 'yes', subset: m[5] === 'yes', unicode: m[6] === 'yes' };
        }),
      xmp: xmp.stdout,
      lang: /\/Lang \(([^)]*)\)/.exec(bytes)?.[1] ?? null,
      displayDocTitle: /\/DisplayDocTitle true/.test(bytes),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
