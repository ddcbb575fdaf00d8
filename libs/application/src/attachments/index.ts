export * from './attachment-errors.js';
export * from './attachment-history.js';
export * from './attachment.queries.js';
export * from './file-name.js';
export * from './upload-attachment/upload-attachment.usecase.js';
