export * from './records.js';
export * from './repositories.js';
export * from './outbox.js';
export * from './attachments.js';
