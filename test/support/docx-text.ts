// A Word file's text, as a reader of the .docx sees it: unzipped with JSZip (which exceljs already brings), one line
// per paragraph of word/document.xml, its runs joined, the XML entities decoded.
import JSZip from 'jszip';

const decode = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The package's parts: word/document.xml, docProps/core.xml… */
export async function docxParts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((name) => !zip.files[name].dir);
  const texts = await Promise.all(names.map((name) => zip.files[name].async('string')));
  return Object.fromEntries(names.map((name, i) => [name, texts[i]]));
}

/** The document's paragraphs, one per line. */
export async function docxText(bytes: Buffer): Promise<string> {
  const xml = (await docxParts(bytes))['word/document.xml'];
  if (xml === undefined) throw new Error('Not a Word document: no word/document.xml');
  const paragraphs = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paragraphs.map((p) => decode((p.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join(''))).join('\n');
}
