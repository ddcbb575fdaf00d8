// A PDF's text as a reader sees it, for the tests of the documents and of the files the api serves.
import { PDFParse } from 'pdf-parse';

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
