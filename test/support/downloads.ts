// Files the api serves (PDFs, CSV, XLSX), read back as people's programs read them, for the e2e tests.
import ExcelJS from 'exceljs';
import { bearer, type DemoAccount, type TestApp } from './test-app.js';

/** A PDF's text (test/support/pdf-text.ts), for the tests that download PDFs. */
export { textOf } from './pdf-text.js';

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

/** A workbook read back with exceljs. */
export async function workbookOf(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as never);
  return workbook;
}
