// The exports of an EPCI's year for the comptable public and the finance department: the statements of
// GET /api/reports/statements as CSV (one table per file) or as one XLSX workbook (one sheet per table).
import { z } from 'zod';
import { statementsQuery } from './money.contract.js';

/** `statements`: one row per convention; `instalments`: one per convention × period; `shares`: the keys services. */
export const EXPORT_TABLES = ['statements', 'instalments', 'shares'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const statementsCsvQuery = statementsQuery.extend({
  table: z
    .enum(EXPORT_TABLES)
    .default('statements')
    .describe('Which table: one row per convention (`statements`), per convention and period (`instalments`), or the shares of the services financed by keys (`shares`).'),
});
