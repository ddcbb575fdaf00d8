// The words of issue 11, checked on what the product writes: the documents' helpers, and the sources of every
// app and lib (web labels, e-mails, PDFs, seeds), so that a new text cannot bring back a word the rules exclude.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatDateFr, ofPlace, spanFr } from '#documents';

const ROOT = join(import.meta.dirname, '../../..');

/** The sources that write French for people: apps/*\/src and libs/*\/src (tests excluded: they quote the words they forbid). */
function sources(): Array<{ file: string; text: string }> {
  const files: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && name !== 'dist') walk(path);
      } else if (/\.(ts|tsx|hbs|html)$/.test(name) && !/\.(spec|e2e-spec)\.ts$/.test(name)) {
        files.push({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const pkg of readdirSync(join(ROOT, top))) {
      const src = join(ROOT, top, pkg, 'src');
      if (statSync(join(ROOT, top, pkg)).isDirectory() && readdirSync(join(ROOT, top, pkg)).includes('src')) walk(src);
    }
  }
  return files;
}

/** The lines of the sources matching `pattern`, as « file:line: text ». */
function linesMatching(pattern: RegExp, except: RegExp | null = null): string[] {
  return sources().flatMap(({ file, text }) =>
    text.split('\n').flatMap((line, i) => (pattern.test(line) && !(except && except.test(line)) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('the words of the product', () => {
  it('never calls a convention not renewed « caduque » (Code civil art. 1186): « non reconduite », or « échue » at its term', () => {
    expect(linesMatching(/caduque|caducité/i, /^\s*(\/\/|\*)/)).toEqual([]);
  });

  it('names the secretary « secrétaire général(e) de mairie » (loi n° 2023-1380)', () => {
    expect(linesMatching(/secr[ée]taire de mairie/i)).toEqual([]);
    expect(linesMatching(/secr[ée]taire général\(e\) de mairie/i).length).toBeGreaterThanOrEqual(2);
  });

  it('elides « de » before a name through ofPlace (or the web’s deName), never « de ${name} » by hand', () => {
    // « de ${…name…} », « d’${…} » or « de {…name…} » (JSX): the helpers' own definitions, which hold both forms, excepted.
    const byHand = /(?<![\wÀ-ÿ’])(?:[dD]e|d’|d')\s?\$?\{[^}]*(?:[nN]ame|epci|commune)[^}]*\}/;
    // `communeName` holds « la commune d’Avrillé »: « de la commune … » needs no elision.
    expect(linesMatching(byHand, /d’\$\{name\}|`de \$\{name\}`|`de \$\{communeName\}`/)).toEqual([]);
  });

  it('elides before a vowel, the EPCI’s name too, and contracts the article', () => {
    expect(ofPlace('Avrillé')).toBe('d’Avrillé');
    expect(ofPlace('Angers Loire Métropole')).toBe('d’Angers Loire Métropole');
    expect(ofPlace('Écouflant')).toBe('d’Écouflant');
    expect(ofPlace('Trélazé')).toBe('de Trélazé');
    expect(ofPlace('Les Ponts-de-Cé')).toBe('des Ponts-de-Cé');
    expect(ofPlace('Le Plessis-Grammoire')).toBe('du Plessis-Grammoire');
  });

  it('writes the first of a month « 1er »', () => {
    expect(formatDateFr('2028-01-01')).toBe('1er janvier 2028');
    expect(formatDateFr('2028-01-02')).toBe('2 janvier 2028');
    expect(spanFr('2027-01-01', '2027-03-01')).toBe('du 1er janvier au 1er mars 2027');
  });
});
