// libs/documents: the French documents of an adhesion as PDF (pdfkit). Pure layout: plain data in, bytes out;
// no Nest, no TypeORM, no clock (the instant of generation is part of the data).
export * from './document-data.js';
export * from './french.js';
export * from './exit-clauses.fr.js';
export * from './legal-basis.fr.js';
export * from './render.js';
export * from './exports/index.js';
export { deliberationParagraphs } from './deliberation.docx.js';
