export * from './convention-year.js';
export * from './money.queries.js';
export * from './usage-response.js';
export * from './record-units/record-units.usecase.js';
export * from './contest-units/contest-units.usecase.js';
export * from './notify-unit-cost/notify-unit-cost.usecase.js';
