// libs/application: the use cases (one business action each) and queries, shared by the api and the worker.
export * from './adhesions/adhesion-queries.js';
export * from './adhesions/adhesion.response.js';
export * from './adhesions/apply-event.usecase.js';
export * from './adhesions/create-adhesion.usecase.js';
export * from './adhesions/idempotent-write.js';
export * from './adhesions/update-draft.usecase.js';
export * from './catalogue/catalogue-queries.js';
export * from './common/actor.js';
export * from './common/clock.js';
export * from './common/errors.js';
export * from './common/idempotency.js';
export * from './common/validation.js';
export * from './admin/reference-data.js';
export * from './common/password.js';
export * from './adhesions/replay.js';
export * from './config/app-config.js';
