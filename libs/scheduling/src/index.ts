// libs/scheduling: the BullMQ queue of time jobs, its contracts, and the outbox relay that feeds it.
export * from './contracts.js';
export * from './redis.js';
export * from './scheduling.module.js';
export * from './time-queue.js';
