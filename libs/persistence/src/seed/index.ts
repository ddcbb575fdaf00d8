export * from './etalab-reader.js';
export * from './catalogue.js';
