export * from './civil-date.js';
export * from './deadlines.js';
export * from './money.js';
