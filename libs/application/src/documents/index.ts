export * from './document-history.js';
export * from './document-not-available.js';
export * from './document-sources.js';
export * from './generate-document.usecase.js';
