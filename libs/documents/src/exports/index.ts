// The exports of an EPCI's year for the comptable public and the finance department: CSV and XLSX, pure.
export * from './statement-tables.js';
export * from './statements-csv.js';
export * from './statements-xlsx.js';
export * from './zip-dates.js';
