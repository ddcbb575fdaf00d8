// Reads back the CSV files the exports write (RFC 4180 with `;` and CRLF), strictly, for the tests: a stray
// quote, a bare LF between records or a missing final CRLF fails instead of being guessed around.

export interface ReadCsv {
  bom: boolean;
  records: string[][];
}

export function readCsv(bytes: Buffer, delimiter = ';'): ReadCsv {
  let text = bytes.toString('utf8');
  const bom = text.startsWith('\ufeff');
  if (bom) text = text.slice(1);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      // A quoted field: "" is a quote, the field ends at a lone quote.
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('CSV: unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== delimiter && text[i] !== '\r') throw new Error(`CSV: a character after a closing quote at ${i}`);
      continue;
    }
    if (text[i] === delimiter) {
      endField();
      i++;
    } else if (text[i] === '\r') {
      if (text[i + 1] !== '\n') throw new Error(`CSV: a CR without LF at ${i}`);
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (text[i] === '\n') {
      throw new Error(`CSV: a bare LF at ${i}`);
    } else if (text[i] === '"') {
      throw new Error(`CSV: a quote inside an unquoted field at ${i}`);
    } else {
      field += text[i++];
    }
  }
  if (field !== '' || record.length > 0) throw new Error('CSV: the last record does not end with CRLF');
  return { bom, records };
}
