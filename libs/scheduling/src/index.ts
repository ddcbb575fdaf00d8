// libs/scheduling: the BullMQ queue of time jobs, its contracts, the outbox relay that feeds it, the worker
// that processes it, and the tick (relay, then sweep) shared by that worker and the admin's manual clock.
export * from './contracts.js';
export * from './redis.js';
export * from './scheduling.module.js';
export * from './time-keeper.js';
export * from './time-queue.js';
export * from './time.worker.js';
export * from './shutdown.js';
