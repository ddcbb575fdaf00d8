// The fast tier's ports: every repository in memory, behind one unit of work, and the fixtures to fill it.
export * from './fixtures.js';
export * from './in-memory-adhesion.repository.js';
export * from './in-memory-attachment.storage.js';
export * from './in-memory-catalogue.repository.js';
export * from './in-memory-commune.directory.js';
export * from './in-memory-document.store.js';
export * from './in-memory-idempotency.records.js';
export * from './in-memory-notification-inbox.js';
export * from './in-memory-notification-ledger.js';
export * from './in-memory-outbox.js';
export * from './in-memory-reference-data.js';
export { type Tables } from './in-memory-tables.js';
export * from './in-memory-unit-of-work.js';
export * from './in-memory-usage.repository.js';
export * from './in-memory-user.directory.js';
export * from './recording-mailer.js';
