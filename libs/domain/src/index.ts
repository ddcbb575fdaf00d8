export * from './civil-date.js';
export * from './deadlines.js';
export * from './errors.js';
export * from './money.js';
export * from './cost-shares.js';
export * from './working-days.js';
export * from './year-money.js';
export * from './french-collation.js';
