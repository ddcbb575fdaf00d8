// libs/workflow: the adhesion lifecycle and its vocabulary. Pure: no Nest, no TypeORM, no clock, no I/O.
export * from './adhesion.machine.js';
export * from './date-rules.js';
export * from './allowed-events.js';
export * from './describe.js';
export * from './errors.js';
export * from './event-definitions.js';
export * from './events.js';
export * from './labels.fr.js';
export * from './next-deadline.js';
export * from './permissions.js';
export * from './snapshot.js';
export * from './reminders.js';
export * from './path-to-active.js';
export * from './coverage.js';
