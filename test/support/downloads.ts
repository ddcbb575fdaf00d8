// Files the api serves (PDFs, CSV, XLSX), read back as people's programs read them, for the e2e tests.
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { bearer, type DemoAccount, type TestApp } from './test-app.js';

/** GET `path` as `account`, the body kept as bytes (an error's JSON body parsed, so that tests read `body.code`). */
export function download(t: TestApp, account: DemoAccount, path: string) {
  return t.http
    .get(path)
    .set(bearer(t, account))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(bytes.toString('utf8')) : bytes);
      });
    });
}

/** A PDF's extracted text, every run of white space (line breaks, no-break spaces) as one space. */
export async function textOf(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: pdf });
  try {
    const { text } = await parser.getText();
    return text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

/** A workbook read back with exceljs. */
export async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  return workbook;
}
