export * from './etalab-reader.js';
export * from './etalab-reference-source.js';
export * from './catalogue.js';
export * from './reference-data.js';
export * from './demo-data.js';
