// libs/contracts: the HTTP contract of À la carte, as zod schemas. The api parses requests with them and
// types its answers by them, the OpenAPI document is generated from them, and apps/web imports their types.
// Pure: zod only, so that the browser can import it.
export * from './registry.js';
export * from './common.contract.js';
export * from './auth.contract.js';
export * from './catalogue.contract.js';
export * from './workflow.contract.js';
export * from './adhesions.contract.js';
export * from './tools.contract.js';
export * from './system.contract.js';
export * from './text.contract.js';
export * from './money.contract.js';
export * from './exports.contract.js';
export * from './attachments.contract.js';
export * from './notification-templates.contract.js';
