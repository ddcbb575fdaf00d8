// Names sorted as French sorts them: « Béhuard » before « Briollay », « Écouflant » among the E, case ignored.
// Byte order (SQLite's BINARY, PostgreSQL's "C", a plain JS sort) puts every accented capital after « Z ».

/** One collator: base sensitivity, so that accents and case decide nothing but ties. */
export const FRENCH_COLLATOR = new Intl.Collator('fr', { sensitivity: 'base' });

/** For Array.prototype.sort: French order, then the plain order of the strings so that the result is stable. */
export const compareFr = (a: string, b: string): number => FRENCH_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/**
 * A key whose byte order is French order for names, for the lists a database sorts and pages (commune.name_sort):
 * accents folded, ligatures spelt out, lower case, typographic apostrophes as the plain one.
 */
export function frenchSortKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/[’‘]/g, "'")
    .toLowerCase();
}
